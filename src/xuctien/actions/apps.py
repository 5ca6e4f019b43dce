from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "xuctien.actions"
    label = "actions"
    verbose_name = _("Action programme")

    def ready(self) -> None:
        from xuctien.actions.reference import load_reference_tasks
        from xuctien.core.loading import register_step
        from xuctien.core.navigation import NavItem, register
        from xuctien.core.roles import Role

        internal = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY})
        register(
            NavItem(_("Tasks"), "actions:task-list", order=30, login_required=True, roles=internal)
        )
        register(
            NavItem(
                _("Scorecard"), "actions:scorecard", order=35, login_required=True, roles=internal
            )
        )
        register_step("action tasks", load_reference_tasks, order=50)
