"""History for many-to-many changes, which ``save()`` does not see."""

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from xuctien import history
from xuctien.models import BaseModel


def _field_name(sender: Any, instance: Any) -> str | None:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is sender:
            return field.name
    return None


@receiver(m2m_changed)
def record_m2m_change(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any):
    if reverse or not isinstance(instance, BaseModel):
        return
    name = _field_name(sender, instance)
    if name is None:
        return
    if action.startswith("pre_"):
        instance._m2m_before = sorted(getattr(instance, name).values_list("pk", flat=True))
    elif action.startswith("post_"):
        after = sorted(getattr(instance, name).values_list("pk", flat=True))
        before = getattr(instance, "_m2m_before", [])
        if before != after:
            history.record(instance, history.UPDATE, {name: before}, {name: after})
