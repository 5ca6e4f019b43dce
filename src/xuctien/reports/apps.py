from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "xuctien.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group
        from xuctien.reports.permissions import reads_reports

        register_group(NavGroup("reports", _("Reports"), order=55))
        register(
            NavItem(
                _("Periodic reports"),
                "reports:list",
                order=70,
                group="reports",
                allowed=reads_reports,
            )
        )
        register(
            NavItem(
                _("History export"),
                "reports:history",
                order=71,
                group="reports",
                allowed=reads_reports,
            )
        )
