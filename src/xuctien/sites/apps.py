from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "xuctien.sites"
    label = "sites"
    verbose_name = _("Sites and land")

    def ready(self) -> None:
        from xuctien.core import loading
        from xuctien.core.navigation import NavItem, register
        from xuctien.sites import permissions
        from xuctien.sites.indicators import register_providers
        from xuctien.sites.quangninh import load_site_reports

        register_providers()
        loading.register_step("sites", load_site_reports, order=40)
        register(NavItem(_("Site finder"), "sites:finder", order=51))
        register(
            NavItem(
                _("Site reports"),
                "sites:review",
                order=52,
                allowed=permissions.writes_any,
                login_required=True,
            )
        )
