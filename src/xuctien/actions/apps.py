from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "xuctien.actions"
    label = "actions"
    verbose_name = _("Action programme")

    def ready(self) -> None:
        from xuctien.actions.home import tasks_panel
        from xuctien.actions.permissions import reads_tasks
        from xuctien.actions.reference import load_reference_tasks
        from xuctien.core import home
        from xuctien.core.loading import register_step
        from xuctien.core.navigation import NavGroup, NavItem, register, register_group

        home.register(tasks_panel)
        register_group(NavGroup("actions", _("Action programme"), order=20))
        for order, label, url_name in (
            (30, _("Tasks"), "actions:task-list"),
            (31, _("Overdue"), "actions:overdue"),
            (35, _("Scorecard"), "actions:scorecard"),
            (36, _("Working-day calendar"), "actions:holidays"),
        ):
            register(NavItem(label, url_name, order=order, group="actions", allowed=reads_tasks))
        register_step("action tasks", load_reference_tasks, order=50)
