"""Who may do what with the action programme.

Tasks are internal: only the programme's own people (administrators, the secretariat,
leadership and agency officers) see them; developers, investors and anonymous visitors
do not. The secretariat and administrators write everything; leadership reads and writes
nothing; an agency officer reports on (and edits the description of) the tasks their
agency leads, and comments on the tasks their agency leads or coordinates.

Actions: ``view``, ``add``, ``change``, ``delete``, ``report`` and ``comment``.
"""

from typing import Any

from django.db import models

from xuctien.core.permissions import READ, is_active, manages_programme
from xuctien.core.roles import NATIONAL, Role

REPORT, COMMENT = "report", "comment"
_INTERNAL = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, *NATIONAL})


def reads_tasks(user: Any) -> bool:
    """Whether the user may see the action programme at all."""
    return is_active(user) and (user.is_superuser or user.role in _INTERNAL)


def officer_agency_id(user: Any) -> int | None:
    """The agency an active agency officer acts for, else None."""
    if is_active(user) and user.role == Role.AGENCY and not user.is_superuser:
        return user.agency_id
    return None


def restrict_tasks(queryset: models.QuerySet, user: Any, action: str, prefix: str = ""):
    """Narrow a queryset of tasks (or of records under ``prefix`` + task) to ``action``."""
    if not reads_tasks(user):
        return queryset.none()
    if manages_programme(user) or action == READ:
        return queryset
    agency_id = officer_agency_id(user)
    if agency_id is None:
        return queryset.none()
    if action in ("change", REPORT):
        return queryset.filter(**{f"{prefix}lead_agency": agency_id})
    if action == COMMENT:
        involved = models.Q(**{f"{prefix}lead_agency": agency_id}) | models.Q(
            **{f"{prefix}coordinating_agencies": agency_id}
        )
        return queryset.filter(involved).distinct()
    return queryset.none()


def permits_on_kind(user: Any, action: str) -> bool:
    """Whether the user may ``action`` some task at all (no particular one)."""
    if action == READ:
        return reads_tasks(user)
    if manages_programme(user):
        return True
    if action in ("change", REPORT, COMMENT):
        return officer_agency_id(user) is not None
    return False


def permits_task(user: Any, action: str, task: Any) -> bool:
    """Whether the user may ``action`` this task."""
    if not reads_tasks(user):
        return False
    if manages_programme(user) or action == READ:
        return True
    agency_id = officer_agency_id(user)
    if agency_id is None:
        return False
    if action in ("change", REPORT):
        return task.lead_agency_id == agency_id
    if action == COMMENT:
        leads = task.lead_agency_id == agency_id
        return leads or task.coordinating_agencies.filter(pk=agency_id).exists()
    return False
