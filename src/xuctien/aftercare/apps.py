from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "xuctien.aftercare"
    label = "aftercare"
    verbose_name = _("Aftercare")
