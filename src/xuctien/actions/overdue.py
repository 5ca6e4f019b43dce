"""The overdue occurrences: open, past their due date, of a live task.

The list reads its page from the partial index of open occurrences by due date. Its count
would join every open occurrence of the nation to its task on each request (~0.1 s over
16,000 of them), so it is counted per province, once a day and after each write of tasks or
occurrences: under the scorecard's ``core.aggregates`` key, which those writes bump.
"""

from datetime import date

from django.db.models import Count, QuerySet

from xuctien.actions.filtersets import OPEN
from xuctien.actions.models import Occurrence
from xuctien.actions.scorecard import CACHE_KEY
from xuctien.core import aggregates


def overdue(occurrences: QuerySet, today: date) -> QuerySet:
    """``occurrences`` narrowed to the overdue ones."""
    return occurrences.filter(
        due_date__lt=today, status__in=OPEN, task__is_reference=False
    ).exclude(task__status="cancelled")


def count(provinces: list[int], today: date) -> int:
    """How many occurrences of ``provinces`` are overdue on ``today``: each province's count
    cached, those not cached counted together in one grouped query."""

    def compute(stale: list[int]) -> dict[int, int]:
        rows = (
            overdue(Occurrence.objects.filter(task__province__in=stale), today)
            .order_by()
            .values_list("task__province")
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    found = aggregates.cached_together(
        CACHE_KEY, provinces, compute, variant=f"overdue:{today.isoformat()}", default=int
    )
    return sum(found.values())
