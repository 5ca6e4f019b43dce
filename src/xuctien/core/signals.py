"""History for many-to-many changes, which ``save()`` does not see; the sign-in time."""

from typing import Any

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

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


def record_login_time(sender: Any, user: Any, **kwargs: Any) -> None:
    """Write the sign-in time with one UPDATE, outside the edit-version check.

    Django's own receiver saves the user, which claims the next edit version: two
    sign-ins to one account at once made the second a stale edit (a 500). The sign-in
    time is excluded from the history anyway, so it needs no version.
    """
    now = timezone.now()
    type(user)._base_manager.filter(pk=user.pk).update(last_login=now)
    user.last_login = now


def replace_last_login_receiver() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_login_time, dispatch_uid="xuctien_record_login_time")
