from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InvestmentsConfig(AppConfig):
    name = "xuctien.investments"
    label = "investments"
    verbose_name = _("Investment pipeline")

    def ready(self) -> None:
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group
        from xuctien.core.permissions import is_active
        from xuctien.investments import access, signals
        from xuctien.investments.indicators import register_providers

        register_providers()
        signals.connect()
        from xuctien.core import home
        from xuctien.investments.home import zone_projects_panel

        home.register(zone_projects_panel)
        _register_loading_step()
        register_group(NavGroup("investments", pgettext_lazy("menu", "Investment"), order=30))
        group = "investments"
        register(NavItem(_("Projects"), "investments:project-list", order=30, group=group))
        register(
            NavItem(_("Pipeline"), "investments:board", order=31, group=group, allowed=is_active)
        )
        register(NavItem(_("Analytics"), "investments:analytics", order=32, group=group))
        register(NavItem(_("Investors"), "investments:investor-list", order=33, group=group))
        register(
            NavItem(
                _("My next steps"),
                "investments:next-steps",
                order=34,
                group=group,
                allowed=is_active,
            )
        )
        register(
            NavItem(
                _("Import a register"),
                "investments:import",
                order=35,
                group=group,
                allowed=access.writes_all,
            )
        )


def _register_loading_step() -> None:
    """``xuctien load_quangninh`` loads the real projects after the programme."""
    from xuctien.core import loading
    from xuctien.investments.quangninh import load_projects

    loading.register_step("investments", load_projects, order=50)
