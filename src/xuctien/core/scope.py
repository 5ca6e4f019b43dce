"""Province first: which provinces a person acts in, and as what (decision record 0019).

A person's role is held per province (``core.Membership``: person × province × role ×
agency or zone). ``User.role``, ``User.agency`` and ``User.zone`` are the membership of the
person's home province (``User.province``), kept in step by ``User.save``, so the rules of
every app, which read them, still read one role. Before a rule looks at a record of some
province, ``acting_in`` puts the person's membership *of that province* in those fields.

* ``RestrictedQuerySet.restrict`` narrows to the person's provinces before the model's own
  rule runs (a person with several memberships gets, per province, what that membership
  allows). National roles and superusers read every province; nobody writes in a province
  they hold no role in. Anonymous visitors see the public records of every province.
* Every model's ``permits(user, action, obj)`` runs through ``gate``: a record of a
  province the person holds no role in is refused, reads included (a signed-in person works
  in their provinces; the public side of every province is on its portal and the national
  pages).

Investors, their contacts, sectors and other reference data are shared by every province
(their ``province_path`` is None) and are not narrowed here.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.db import models
from django.db.models import Q

from xuctien.core.roles import NATIONAL, Role

READ = "view"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def reads_every_province(user: Any) -> bool:
    """National roles (and superusers) read every province's records."""
    return _active(user) and (user.is_superuser or user.role in NATIONAL)


def narrows(user: Any) -> bool:
    """Whether what ``user`` sees is narrowed to their provinces (a signed-in person with a
    provincial role; not a national role, nor a superuser, nor an anonymous visitor)."""
    return _active(user) and not user.is_superuser and user.role not in NATIONAL


def onboards_provinces(user: Any) -> bool:
    """The national administrator (and superusers) set provinces up."""
    return _active(user) and (user.is_superuser or user.role == Role.NATIONAL_ADMIN)


def memberships(user: Any) -> list[Any]:
    """The person's memberships, one per province they hold a role in."""
    return list({m.pk: m for m in _reach(user).values()}.values())


def _reach(user: Any) -> dict[int, Any]:
    """Province id -> the membership that acts there: a membership's own province, and the
    provinces merged into it (their records continue under their successor). One query,
    cached on the user object."""
    if not _active(user):
        return {}
    cached = getattr(user, "_reach", None)
    if cached is None:
        from xuctien.core.models import Membership

        cached = {}
        rows = Membership.objects.filter(user=user.pk).values_list(
            "pk", "province_id", "role", "agency_id", "zone_id", "province__predecessors"
        )
        for pk, province, role, agency, zone, predecessor in rows:
            membership = cached.get(province) or Membership(
                pk=pk, user_id=user.pk, province_id=province, role=role,
                agency_id=agency, zone_id=zone,
            )  # fmt: skip
            cached[province] = membership
            if predecessor is not None:
                cached.setdefault(predecessor, membership)
        user._reach = cached
    return cached


def forget_memberships(user: Any) -> None:
    if user is not None and hasattr(user, "_reach"):
        del user._reach


def membership_in(user: Any, province_id: int | None) -> Any:
    """The membership acting in that province (its own, or its successor's)."""
    return _reach(user).get(province_id) if province_id is not None else None


def province_ids(user: Any) -> list[int]:
    """The provinces the person acts in, merged predecessors included."""
    return list(_reach(user))


@contextmanager
def acting_in(user: Any, membership: Any) -> Iterator[Any]:
    """``user`` with the role, agency and zone of ``membership`` for the time of a check."""
    saved = (user.role, user.agency_id, user.zone_id)
    wanted = (membership.role, membership.agency_id, membership.zone_id)
    if saved == wanted:
        yield user
        return
    user.role, user.agency_id, user.zone_id = wanted
    try:
        yield user
    finally:
        user.role, user.agency_id, user.zone_id = saved


def province_path(model: Any) -> str | None:
    return getattr(model, "province_path", None)


def province_of(obj: Any) -> int | None:
    """The province id of a record, following its ``province_path`` (None if unknown)."""
    path = province_path(type(obj))
    if not path:
        return None
    *parents, _last = path.split("__")
    current = obj
    for name in parents:
        if not getattr(current, f"{name}_id", None) and not getattr(current, name, None):
            return None
        current = getattr(current, name)
    return getattr(current, "province_id", None)


def restrict(queryset: models.QuerySet, user: Any, action: str, rule: Callable) -> Any:
    """``rule(queryset, user, action)`` run province by province (see the module's text)."""
    path = province_path(queryset.model)
    if not path or not _active(user) or user.is_superuser:
        return rule(queryset, user, action)
    if action == READ and user.role in NATIONAL:
        return rule(queryset, user, action)
    reach = _reach(user)
    if not reach:
        return queryset.none()
    by_membership: dict[Any, list[int]] = {}
    for province, membership in reach.items():
        by_membership.setdefault(membership.pk, [membership]).append(province)
    if len(by_membership) == 1:
        [(membership, *provinces)] = by_membership.values()
        with acting_in(user, membership):
            return rule(queryset.filter(**{f"{path}__in": provinces}), user, action)
    allowed = Q(pk__in=[])
    for membership, *provinces in by_membership.values():
        with acting_in(user, membership):
            part = rule(queryset.filter(**{f"{path}__in": provinces}), user, action)
            allowed |= Q(pk__in=part.values("pk"))  # a subquery: never every id in Python
    return queryset.filter(allowed)


def gate(rule: Callable) -> Callable:
    """Wrap a model's ``permits`` so that a record is judged by the membership of its
    province (``BaseModel.__init_subclass__`` wraps every model's own ``permits``)."""

    @wraps(rule)
    def permits(cls: Any, user: Any, action: str, obj: Any) -> bool:
        return gated(rule, cls, user, action, obj)

    return permits


def gated(rule: Callable, cls: Any, user: Any, action: str, obj: Any) -> bool:
    province = province_of(obj) if obj is not None else None
    if province is None or not _active(user) or user.is_superuser:
        return bool(rule(cls, user, action, obj))
    if action == READ and user.role in NATIONAL:
        return bool(rule(cls, user, action, obj))
    membership = membership_in(user, province)
    if membership is None:
        return False
    with acting_in(user, membership):
        return bool(rule(cls, user, action, obj))
