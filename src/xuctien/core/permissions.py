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


def manages_programme(user: Any) -> bool:
    return is_active(user) and (user.is_superuser or user.role in MANAGE_PROGRAMME)


def restrict(queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
    """Default rule: everyone may read; the secretariat and administrators write."""
    if action == READ:
        return queryset
    if manages_programme(user):
        return queryset
    return queryset.none()


def permits(user: Any, action: str, obj: Any) -> bool:
    """Whether ``user`` may ``action`` this record (or, with a class, records of it)."""
    model = obj if isinstance(obj, type) else type(obj)
    rule = getattr(model, "permits", None)
    if rule is not None:
        return bool(rule(user, action, None if isinstance(obj, type) else obj))
    if action == READ:
        return True
    return manages_programme(user)
