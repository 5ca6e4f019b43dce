from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "xuctien.labour"
    label = "labour"
    verbose_name = _("High-quality labour")

    def ready(self) -> None:
        from xuctien.core import loading
        from xuctien.labour.reference import load_reference

        _register_navigation()
        loading.register_step("labour: occupations, institutions, assumptions", load_reference)


def _register_navigation() -> None:
    """The labour pages, each shown to the people its view lets in."""
    from xuctien.core.navigation import NavGroup, NavItem, register, register_group
    from xuctien.investments import access
    from xuctien.labour import permissions

    register_group(NavGroup("labour", _("Labour"), order=45))
    for order, label, url_name, allowed in (
        (51, _("Labour gap"), "labour:gaps", permissions.reads_gaps),
        (52, _("Labour needs"), "labour:need-list", permissions.enters_needs),
        (53, _("Training supply"), "labour:supply", lambda user: True),
        (54, _("Jobs delivered"), "labour:jobs", access.sees_all),
    ):
        register(NavItem(label, url_name, order=order, group="labour", allowed=allowed))
