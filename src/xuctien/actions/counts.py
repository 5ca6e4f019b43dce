"""How many tasks each province has, cached (decision 0036): the count of an unfiltered task
list would otherwise count the nation's 50,000 tasks on every page a national reader asks."""

from django.db.models import Count

from xuctien.actions.models import Task
from xuctien.actions.scorecard import CACHE_KEY
from xuctien.core import aggregates


def tasks(provinces: list[int]) -> int:
    """How many tasks ``provinces`` hold: each province's count cached under the scorecard's
    key (``services.create_task`` bumps it), those not cached counted in one grouped query."""

    def compute(stale: list[int]) -> dict[int, int]:
        rows = Task.objects.filter(province__in=stale).order_by().values_list("province")
        return dict(rows.annotate(n=Count("pk")))

    found = aggregates.cached_together(CACHE_KEY, provinces, compute, variant="tasks", default=int)
    return sum(found.values())
