"""Who may do what. The server asks these functions before every write and private read.

Actions are ``view``, ``add``, ``change``, ``delete`` and ``approve``. A model states
its own rules by overriding ``restrict_queryset`` (which records) and ``permits``
(one record); this module holds the defaults and the helpers they share.
"""

from typing import Any

from django.db import models

from xuctien.core.roles import MANAGE_PROGRAMME

READ = "view"
WRITE_ACTIONS = frozenset({"add", "change", "delete", "approve"})


def is_active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def manages_programme(user: Any, of: Any = None) -> bool:
    """The secretariat or an administrator; with ``of`` (a record), of that record's
    province: by the person's membership there."""
    if not is_active(user):
        return False
    if user.is_superuser:
        return True
    if of is None:
        return user.role in MANAGE_PROGRAMME
    from xuctien.core.scope import membership_in, province_of

    province = province_of(of)
    if province is None:
        return user.role in MANAGE_PROGRAMME
    membership = membership_in(user, province)
    return membership is not None and membership.role in MANAGE_PROGRAMME


def restrict(queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
    """Default rule: everyone may read; the secretariat and administrators write."""
    if action == READ:
        return queryset
    if manages_programme(user):
        return queryset
    return queryset.none()


def permits(user: Any, action: str, obj: Any) -> bool:
    """Whether ``user`` may ``action`` this record (or, with a class, records of it)."""
    from xuctien.core.scope import gated

    model = obj if isinstance(obj, type) else type(obj)
    instance = None if isinstance(obj, type) else obj
    rule = getattr(model, "permits", None)
    if rule is not None:
        return bool(rule(user, action, instance))  # gated by its province already
    return gated(_default_permits, model, user, action, instance)


def _default_permits(model: Any, user: Any, action: str, obj: Any) -> bool:
    return action == READ or manages_programme(user)
