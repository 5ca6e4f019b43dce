"""The overdue occurrences: open, past their due date, of a live task.

The list reads its page from the partial index of open occurrences by due date. Its count
would join every open occurrence of the nation to its task on each request (~0.1 s over
16,000 of them), so it is counted per province, once a day and after each write of tasks or
occurrences: under the scorecard's ``core.aggregates`` key, which those writes bump.
"""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from xuctien.actions.filtersets import OPEN
from xuctien.actions.models import Occurrence
from xuctien.actions.scorecard import CACHE_KEY
from xuctien.core import aggregates
from xuctien.core.models import in_language


def overdue(occurrences: QuerySet, today: date) -> QuerySet:
    """``occurrences`` narrowed to the overdue ones."""
    return occurrences.filter(
        due_date__lt=today, status__in=OPEN, task__is_reference=False
    ).exclude(task__status="cancelled")


def count(provinces: list[int], today: date) -> int:
    """How many occurrences of ``provinces`` are overdue on ``today``: each province's count
    cached, those not cached counted together in one grouped query, and their sum cached
    (``cached_combined``)."""

    def compute(stale: list[int]) -> dict[int, int]:
        rows = (
            overdue(Occurrence.objects.filter(task__province__in=stale), today)
            .order_by()
            .values_list("task__province")
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    def total() -> int:
        found = aggregates.cached_together(
            CACHE_KEY, provinces, compute, variant=f"overdue:{today.isoformat()}", default=int
        )
        return sum(found.values())

    # Their sum cached too, while no generation changes: one cached number to read, not
    # one per province (34 for a national reader).
    return aggregates.cached_combined(
        CACHE_KEY, provinces, total, variant=f"overdue-total:{today.isoformat()}"
    )


#: The columns a row of the overdue list reads, in ``row``'s order.
ROW_COLUMNS = (
    *("task_id", "period_label", "due_date", "status", "completed_at", "percent"),
    *("task__title_vi", "task__title_en"),
    *("task__lead_agency_id", "task__lead_agency__name_vi", "task__lead_agency__name_en"),
)


class RowAgency:
    """A row's lead agency as ``{{ o.task.lead_agency }}`` writes it (``Agency.__str__``)."""

    __slots__ = ("name_en", "name_vi", "pk")

    def __init__(self, pk: int, name_vi: str, name_en: str) -> None:
        self.pk, self.name_vi, self.name_en = pk, name_vi, name_en

    @property
    def name(self) -> str:
        return in_language(self.name_vi, self.name_en)

    def __str__(self) -> str:
        return self.name


class RowTask:
    """A row's task: its id, titles and lead agency (``Task.title``)."""

    __slots__ = ("lead_agency", "pk", "title_en", "title_vi")

    def __init__(self, pk: int, title_vi: str, title_en: str, lead_agency: Any) -> None:
        self.pk, self.title_vi, self.title_en, self.lead_agency = (
            pk,
            title_vi,
            title_en,
            lead_agency,
        )

    @property
    def title(self) -> str:
        return in_language(self.title_vi, self.title_en)


class Row:
    """One overdue occurrence as its row reads it (``rows.overdue_rows``): the page's 100
    rows read as plain values, not three model instances each (~3 ms a national page)."""

    __slots__ = (
        *("task_id", "task", "period_label", "due_date", "status", "completed_at"),
        *("percent", "late_by"),
    )

    days_late = Occurrence.days_late


def rows(values: Any, today: date) -> list[Row]:
    """``values`` (tuples of ``ROW_COLUMNS``) as rows, ``late_by`` as on ``today``."""
    found = []
    agencies: dict[int, RowAgency] = {}
    for task_id, label, due, status, completed, percent, t_vi, t_en, a_id, a_vi, a_en in values:
        row = Row()
        agency = agencies.get(a_id)
        if agency is None:
            agency = agencies[a_id] = RowAgency(a_id, a_vi, a_en)
        row.task_id, row.task = task_id, RowTask(task_id, t_vi, t_en, agency)
        row.period_label, row.due_date, row.status = label, due, status
        row.completed_at, row.percent = completed, percent
        row.late_by = row.days_late(today)
        found.append(row)
    return found
