"""Every write to the pipeline's rows bumps the generation of its cached aggregates
(``investments.aggregates``, decision record 0026), whoever writes: a service, the admin,
a loader. Bulk writes send no signal: whoever writes in bulk calls ``aggregates.bump``.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from xuctien.investments import aggregates
from xuctien.investments.models import CapitalEvent, Investor, Project, StageChange


def _project_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    aggregates.bump(instance.province_id)


def _child_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    province = Project.objects.filter(pk=instance.project_id).values("province_id")[:1]
    aggregates.bump(next(iter(province.values_list("province_id", flat=True)), None))


def _investor_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    aggregates.bump(None)  # shared by every province: its country counts in each


def _investors_set(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        aggregates.bump(instance.province_id if isinstance(instance, Project) else None)


def _bulk_written(sender: Any, records: list[Any], **kwargs: Any) -> None:
    """An import's bulk write (``importing.bulk_written``): one bump per province."""
    if sender is Investor:
        aggregates.bump(None)
    elif sender is Project:
        for province in {r.province_id for r in records}:
            aggregates.bump(province)
    elif sender in (StageChange, CapitalEvent):
        ids = {r.project_id for r in records}
        for province in set(
            Project.objects.filter(pk__in=ids).values_list("province_id", flat=True)
        ):
            aggregates.bump(province)


def connect() -> None:
    from xuctien.importing import bulk_written

    bulk_written.connect(_bulk_written, dispatch_uid="agg-bulk")
    for signal in (post_save, post_delete):
        signal.connect(_project_changed, sender=Project, dispatch_uid=f"agg-project-{signal}")
        for model in (StageChange, CapitalEvent):
            signal.connect(_child_changed, sender=model, dispatch_uid=f"agg-{model}-{signal}")
        signal.connect(_investor_changed, sender=Investor, dispatch_uid=f"agg-investor-{signal}")
    m2m_changed.connect(
        _investors_set, sender=Project.investors.through, dispatch_uid="agg-project-investors"
    )
