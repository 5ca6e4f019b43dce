"""Who may see and change the confidential side of the investment pipeline.

The rule (see docs/decisions: investment confidentiality):

* Public: projects from "IRC issued" onwards (or with an IRC date), with their public
  facts only: name, investors, country, sector, zone, registered capital, jobs, stage,
  IRC number and date. Investors are public when they hold a public project.
* Confidential (login and role): leads and projects before their IRC, contacts,
  interactions, promotion events, stage history, commitments, disbursements and notes.
* Administrators, the secretariat and leadership read everything; leadership writes nothing.
* Officers of a promotion agency (an agency whose kind is management board or centre: the
  Economic Zone Management Board, the Investment Promotion Board/Centre) read and write
  the whole pipeline.
* Industrial-park developers read and write the projects of their own zone (and the
  zones within it), with those projects' investors, contacts and interactions.
* Everyone else (other agency officers, investors, anonymous visitors) sees the public side.
"""

from typing import Any

from django.db.models import Q

from xuctien.core.models import Agency
from xuctien.core.permissions import READ, is_active
from xuctien.core.roles import MANAGE_PROGRAMME, READ_ALL, Role

PROMOTION_AGENCY_KINDS = frozenset({Agency.Kind.BOARD, Agency.Kind.CENTRE})


def is_promotion_officer(user: Any) -> bool:
    """An agency officer of the EZ board or the investment promotion body."""
    if not is_active(user) or user.role != Role.AGENCY or not user.agency_id:
        return False
    return user.agency.kind in PROMOTION_AGENCY_KINDS


def sees_all(user: Any) -> bool:
    """Reads every confidential pipeline record."""
    if not is_active(user):
        return False
    return user.is_superuser or user.role in READ_ALL or is_promotion_officer(user)


def writes_all(user: Any) -> bool:
    """Writes every pipeline record."""
    if not is_active(user):
        return False
    return user.is_superuser or user.role in MANAGE_PROGRAMME or is_promotion_officer(user)


def developer_zone_ids(user: Any) -> list[int]:
    """The developer's own zone and the zones within it; empty for anyone else."""
    if not is_active(user) or user.role != Role.DEVELOPER or not user.zone_id:
        return []
    from xuctien.core.models import Zone

    children = Zone.objects.filter(parent=user.zone_id).values_list("pk", flat=True)
    return [user.zone_id, *children]


def public_q(prefix: str = "") -> Q:
    """Projects whose public facts anybody may read: those holding an IRC."""
    from xuctien.investments.stages import POST_IRC

    return Q(**{f"{prefix}irc_date__isnull": False}) | Q(**{f"{prefix}stage__in": POST_IRC})


def project_scope(user: Any, action: str, prefix: str = "") -> Q | None:
    """Projects whose confidential side ``user`` may ``action``: Q() for all, None for none.

    ``prefix`` is the lookup path from the queried model to the project ("project__").
    """
    if action == "delete":
        return Q() if _is_manager(user) else None
    if (action == READ and sees_all(user)) or (action != READ and writes_all(user)):
        return Q()
    zones = developer_zone_ids(user)
    if zones:
        return Q(**{f"{prefix}zone__in": zones})
    return None


def confidential_zones(user: Any) -> frozenset[int] | None:
    """The zones whose projects' confidential side ``user`` reads: None for every project
    (``project_scope`` Q()), empty for none; what ``Project.sees_confidential`` answers
    for a project of a zone, read once for a list of projects."""
    if sees_all(user):
        return None
    return frozenset(developer_zone_ids(user))


def may_add(user: Any) -> bool:
    """May create pipeline records (a developer only within its own zone)."""
    return writes_all(user) or bool(developer_zone_ids(user))


def _is_manager(user: Any) -> bool:
    return is_active(user) and (user.is_superuser or user.role in MANAGE_PROGRAMME)


def restrict(
    queryset: Any,
    user: Any,
    action: str,
    *,
    prefix: str = "",
    public: Q | None = None,
    own: Q | None = None,
    distinct: bool = False,
) -> Any:
    """Narrow ``queryset`` to the records ``user`` may ``action``.

    ``prefix`` leads from the model to its project(s); ``public`` is what anybody may read;
    ``own`` is what the user may touch as its owner (e.g. the owner of a next step).
    """
    scope = project_scope(user, action, prefix)
    if scope is not None and not scope:
        return queryset
    conditions = [c for c in (scope, own if is_active(user) else None) if c is not None]
    if action == READ and public is not None:
        conditions.append(public)
    if not conditions:
        return queryset.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    if distinct:  # the condition crosses a to-many relation: ids, not DISTINCT over every column
        return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def permits(model: Any, user: Any, action: str, obj: Any) -> bool:
    """The per-record check the pages, services and API ask before acting."""
    if obj is None:
        if action == READ:
            return True
        if action == "delete":
            return _is_manager(user)
        return may_add(user)
    narrowed = model.restrict_queryset(model._default_manager.filter(pk=obj.pk), user, action)
    return narrowed.exists()
