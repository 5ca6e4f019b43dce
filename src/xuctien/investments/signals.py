"""Writes that change what the forecast reads make its cached inputs stale.

A project, one of its stage changes or capital events saved or deleted — by a service, the
admin, the API or an import — bumps the forecast's aggregate in the project's province
(``core.aggregates``), so the next forecast reads the registry again. Bulk writes
(``bulk_create``, ``QuerySet.update``) send no signal: whoever uses them bumps once.
"""

from typing import Any

from xuctien.core import aggregates
from xuctien.investments.models import CapitalEvent, Project, StageChange

#: The aggregate key the forecast caches its inputs under (``analytics.forecast_inputs``).
FORECAST_INPUTS = "forecast"


def project_written(sender: Any, instance: Project, **kwargs: Any) -> None:
    aggregates.bump(FORECAST_INPUTS, instance.province_id)


def project_part_written(sender: Any, instance: StageChange | CapitalEvent, **kwargs: Any) -> None:
    project = instance._state.fields_cache.get("project")
    if project is not None:
        province = project.province_id
    else:
        # Not loaded (or deleted with its project, whose own signal has bumped): one look-up.
        rows = Project.objects.filter(pk=instance.project_id).values_list("province", flat=True)
        province = rows.first()
    if province is not None:
        aggregates.bump(FORECAST_INPUTS, province)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(project_written, sender=Project, dispatch_uid=f"forecast-project-{name}")
        for model in (StageChange, CapitalEvent):
            signal.connect(
                project_part_written,
                sender=model,
                dispatch_uid=f"forecast-{model._meta.model_name}-{name}",
            )
