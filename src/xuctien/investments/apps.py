from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentsConfig(AppConfig):
    name = "xuctien.investments"
    label = "investments"
    verbose_name = _("Investment pipeline")

    def ready(self) -> None:
        from xuctien.core.navigation import NavItem, register
        from xuctien.investments.indicators import register_providers

        register_providers()
        _register_loading_step()
        register(NavItem(_("Investment projects"), "investments:project-list", order=30))
        register(NavItem(_("Pipeline"), "investments:board", order=31, login_required=True))
        register(NavItem(_("Investment analytics"), "investments:analytics", order=32))
        register(
            NavItem(_("My next steps"), "investments:next-steps", order=33, login_required=True)
        )


def _register_loading_step() -> None:
    """``xuctien load_quangninh`` loads the real projects after the programme."""
    from xuctien.core import loading
    from xuctien.investments.quangninh import load_projects

    loading.register_step("investments", load_projects, order=50)
