from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    """The nation above the provinces: onboarding a province, the indicator catalogue,
    the provinces compared."""

    name = "xuctien.national"
    label = "national"
    verbose_name = _("National view")

    def ready(self) -> None:
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group
        from xuctien.national.permissions import onboards, sees_nation

        register_group(NavGroup("national", _("Nation"), order=5))
        register(
            NavItem(
                _("Provinces compared"),
                "national:index",
                order=5,
                group="national",
                allowed=sees_nation,
                also=("national:province",),
            )
        )
        register(
            NavItem(
                _("Onboard a province"),
                "national:import",
                order=6,
                group="national",
                allowed=onboards,
            )
        )
