from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xuctien.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from xuctien.core import database, lockout, search, signals, tokens  # noqa: F401  (receivers)
        from xuctien.core.navigation import REFERENCE, NavGroup, NavItem, register, register_group

        signals.replace_last_login_receiver()
        search.install()
        database.install()
        register_group(NavGroup(REFERENCE, _("Reference"), order=60))
        register(NavItem(_("Zones and parks"), "zone-list", order=50))
        register(NavItem(_("Agencies"), "agency-list", order=60))
