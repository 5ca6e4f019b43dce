from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "xuctien.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from xuctien.core import home
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group
        from xuctien.programmes import caching
        from xuctien.programmes.home import review_panel
        from xuctien.programmes.views.entry import enters_figures, reads_all

        home.register(review_panel)
        caching.connect()
        register_group(NavGroup("programmes", _("Programme"), order=10))
        register(NavItem(_("Dashboard"), "programmes:dashboard", order=10, group="programmes"))
        register(
            NavItem(
                _("Enter figures"),
                "programmes:observation-create",
                order=20,
                group="programmes",
                allowed=enters_figures,
                also=("programmes:observation-import", "programmes:observation-edit"),
            )
        )
        register(
            NavItem(
                _("Figures to approve"),
                "programmes:review",
                order=21,
                group="programmes",
                allowed=reads_all,
            )
        )
        register(
            NavItem(
                _("Locked periods"),
                "programmes:periods",
                order=22,
                group="programmes",
                allowed=reads_all,
            )
        )
