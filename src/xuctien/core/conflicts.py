"""The one stale-edit message: a save from a form read before someone else's change.

Every page and the API answer such a save the same way (409, this message), so a person
learns who changed the record, when and which fields, and that nothing of theirs was saved.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.models import ChangeRecord


def conflict_message(current: Any) -> str:
    """Who changed the record after the form was opened, when, and which fields."""
    updates = ChangeRecord.objects.for_object(current).filter(action="update")
    change = updates.first()
    who = (change.user if change and change.user else None) or _("someone else")
    when = timezone.localtime(change.at).strftime("%H:%M %d/%m/%Y") if change else ""
    # One save can write several records (the fields, then the many-to-many ones).
    records = [change] if change else []
    if change and change.request_id:
        records = list(updates.filter(request_id=change.request_id))
    names = sorted({name for record in records for name, *_rest in record.fields()})
    fields = ", ".join(field_label(current, name) for name in names)
    return _(
        "%(who)s saved this record at %(when)s (changed: %(fields)s) after you opened the "
        "form. Nothing of yours was saved; your input is kept below. Check it against "
        "their change and save again."
    ) % {"who": who, "when": when, "fields": fields or "—"}


def field_label(instance: Any, attname: str) -> str:
    for field in [*instance._meta.concrete_fields, *instance._meta.many_to_many]:
        if attname in (field.attname, field.name):
            return str(field.verbose_name)
    return attname
