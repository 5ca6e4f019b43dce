from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "xuctien.aftercare"
    label = "aftercare"
    verbose_name = _("Aftercare")

    def ready(self) -> None:
        from xuctien.core.navigation import NavItem, register
        from xuctien.core.roles import Role

        people = frozenset(
            {Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.INVESTOR}
        )
        register(
            NavItem(
                _("Requests"), "aftercare:request-list", order=45, login_required=True, roles=people
            )
        )
