"""Django's own messages that Xúc Tiến translates again, for the Vietnamese catalog.

Django's Vietnamese catalog leaves some form errors in English (a wrong choice, a duration)
and words others oddly ("Nhập một số tổng thể." for "Enter a whole number."): a row of an
import or a form field read half in English on a Vietnamese page. The messages are listed
here, as Django writes them, so that ``makemessages`` puts them in this project's catalog,
which ``LOCALE_PATHS`` reads before Django's own. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
)
