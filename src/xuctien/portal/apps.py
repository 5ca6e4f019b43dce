from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "xuctien.portal"
    label = "portal"
    verbose_name = _("Investor portal")

    def ready(self) -> None:
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group
        from xuctien.portal.membership import is_investor
        from xuctien.portal.permissions import edits_content

        register_group(NavGroup("portal", _("Investor portal"), order=50))
        group = "portal"
        register(NavItem(_("Investor portal"), "portal:index", order=60, group=group))
        register(
            NavItem(_("My company"), "portal:account", order=61, group=group, allowed=is_investor)
        )
        register(
            NavItem(
                _("Portal content"), "portal:editor", order=62, group=group, allowed=edits_content
            )
        )
