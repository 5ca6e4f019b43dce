"""The action programme's panel on a user's home page: the tasks that wait for them.

An agency officer sees the occurrences their agency leads that are overdue or due within
``DUE_SOON_DAYS``; the secretariat and administrators see every overdue occurrence.
"""

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from xuctien.actions.filtersets import OPEN
from xuctien.actions.models import Occurrence, Status
from xuctien.actions.permissions import REPORT, officer_agency_id
from xuctien.core.home import PANEL_ROWS, Panel
from xuctien.core.permissions import manages_programme

DUE_SOON_DAYS = 30


def _open_occurrences(user: Any, action: str) -> QuerySet:
    return (
        Occurrence.objects.restrict(user, action)
        .filter(status__in=OPEN, task__is_reference=False)
        .exclude(task__status=Status.CANCELLED)
        .select_related("task", "task__lead_agency")
        .order_by("due_date", "pk")
    )


def _panel(title: str, occurrences: QuerySet, today: date, **kwargs: Any) -> Panel:
    rows = list(occurrences[:PANEL_ROWS])
    for occurrence in rows:
        occurrence.late_by = occurrence.days_late(today)
        occurrence.due_in = (occurrence.due_date - today).days if occurrence.due_date else None
    return Panel(
        title,
        "actions/partials/home_tasks.html",
        rows=rows,
        total=occurrences.count(),
        order=20,
        **kwargs,
    )


def tasks_panel(user: Any, today: date) -> Panel | None:
    """Due work for an agency officer; overdue work for the secretariat; else nothing."""
    if officer_agency_id(user) is not None:
        due = _open_occurrences(user, REPORT).filter(
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
        )
        return _panel(
            _("Our tasks due in the next %(days)s days or overdue") % {"days": DUE_SOON_DAYS},
            due,
            today,
            more_url=reverse("actions:task-list"),
            empty=_("Nothing due: no task of your agency is overdue or due soon."),
            extra={"may_report": True},
        )
    if manages_programme(user):
        overdue = _open_occurrences(user, "view").filter(due_date__lt=today)
        return _panel(
            _("Overdue tasks"),
            overdue,
            today,
            more_url=reverse("actions:overdue"),
            empty=_("No task is overdue."),
        )
    return None
