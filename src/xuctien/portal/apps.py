from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "xuctien.portal"
    label = "portal"
    verbose_name = _("Investor portal")

    def ready(self) -> None:
        from xuctien.core.navigation import NavItem, register
        from xuctien.core.roles import Role

        register(NavItem(_("Investor portal"), "portal:home", order=60))
        register(
            NavItem(
                _("My company"),
                "portal:account",
                order=61,
                login_required=True,
                roles=frozenset({Role.INVESTOR}),
            )
        )
        register(
            NavItem(
                _("Portal content"),
                "portal:editor",
                order=62,
                login_required=True,
                roles=frozenset({Role.ADMIN, Role.SECRETARIAT, Role.AGENCY}),
            )
        )
