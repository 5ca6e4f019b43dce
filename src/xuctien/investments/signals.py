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
    # A project moved to another province leaves the one it was in: its counts change too.
    # The stored values are still the record's before-snapshot while ``post_save`` runs.
    before = getattr(instance, "_history_before", None) or {}
    old = before.get("province_id", instance.province_id)
    if old is not None and old != instance.province_id:
        aggregates.bump(old)


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
        # The project each record holds (an import writes them with their new projects)
        # says its province; only the others are asked for.
        provinces, ids = set(), set()
        for record in records:
            if sender.project.is_cached(record):
                provinces.add(record.project.province_id)
            else:
                ids.add(record.project_id)
        from xuctien.importing import chunks

        for part in chunks(sorted(ids)):
            provinces.update(
                Project.objects.filter(pk__in=part).values_list("province_id", flat=True)
            )
        for province in provinces:
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
