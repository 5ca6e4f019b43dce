from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "xuctien.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from xuctien.core.navigation import NavItem, register
        from xuctien.core.roles import Role

        register(NavItem(_("Programme"), "programmes:dashboard", order=10))
        register(
            NavItem(
                _("Enter figures"),
                "programmes:observation-create",
                order=20,
                login_required=True,
                roles=frozenset({Role.ADMIN, Role.SECRETARIAT, Role.AGENCY}),
            )
        )
