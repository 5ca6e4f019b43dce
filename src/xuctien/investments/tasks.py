"""Background work of the pipeline: the forecast of a large pipeline.

``compute_forecast`` is a django-tasks task (in-process by default, on the queue in
production). The forecast panel queues it when a province's pipeline is larger than
``analytics.INLINE_LIMIT``, and polls until the answer is in the cache.
"""

from django_tasks import task

from xuctien.investments import analytics
from xuctien.programmes.models import Indicator


@task()
def compute_forecast(indicator_id: int, runs: int = 5000, seed: int = 2020) -> dict[str, int]:
    """Run the forecast of the indicator's current targets and keep it for the panel."""
    indicator = Indicator.objects.prefetch_related("targets__revised_by").get(pk=indicator_id)
    plan = analytics.forecast_plan(indicator, runs=runs, seed=seed)
    results = analytics.run_and_keep(plan)
    return {"targets": len(results), "projects": plan.size}
