"""Who may see and act on enterprises' requests.

* Administrators and the secretariat read and do everything (receive, route, reassign,
  close after the waiting time, edit the routing rules, turn patterns into tasks).
* Leadership reads everything and writes nothing.
* An agency officer reads the requests assigned to their agency and answers them.
* An investor reads only their own companies' requests (``portal.membership``), submits
  requests for them, confirms, reopens and rates the answers.
* Developers and anonymous visitors get nothing.

Actions: ``view``, ``add``, ``change`` (the secretariat's steps), ``answer`` and
``respond`` (the enterprise's steps: confirm, reopen, rate).
"""

from typing import Any

from django.db import models

from xuctien.core.permissions import (
    READ,
    is_active,
    manages_programme,
    officer_agency_id,
    reads_all,
)
from xuctien.core.roles import Role

ANSWER, RESPOND = "answer", "respond"


def company_ids(user: Any) -> list[int]:
    """The companies an investor account acts for (none for any other role)."""
    from xuctien.portal.membership import company_ids_for

    return company_ids_for(user)


def reads_aftercare(user: Any) -> bool:
    """Whether the user may open the aftercare pages at all."""
    if not is_active(user):
        return False
    return reads_all(user) or officer_agency_id(user) is not None or user.role == Role.INVESTOR


def restrict_requests(queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
    """Narrow a queryset of requests to those ``user`` may ``action``."""
    if not is_active(user):
        return queryset.none()
    if manages_programme(user) or (action == READ and reads_all(user)):
        return queryset
    agency_id = officer_agency_id(user)
    if agency_id is not None and action in (READ, ANSWER):
        assigned = queryset.model.objects.filter(
            assignments__agency=agency_id, assignments__withdrawn=False
        )
        return queryset.filter(pk__in=assigned.values("pk"))
    if user.role == Role.INVESTOR and action in (READ, "add", RESPOND):
        return queryset.filter(enterprise__in=company_ids(user))
    return queryset.none()


def permits_request(user: Any, action: str, request: Any) -> bool:
    """Whether ``user`` may ``action`` this request (None: some request at all)."""
    if request is None:
        return permits_on_kind(user, action)
    model = type(request)
    narrowed = restrict_requests(model.objects.filter(pk=request.pk), user, action)
    return narrowed.exists()


def permits_on_kind(user: Any, action: str) -> bool:
    """Whether the user may ``action`` some request."""
    if manages_programme(user):
        return True
    if action == READ:
        return reads_aftercare(user)
    if action == ANSWER:
        return officer_agency_id(user) is not None
    if action in ("add", RESPOND):
        return is_active(user) and user.role == Role.INVESTOR and bool(company_ids(user))
    return False


def may_answer(user: Any, assignment: Any) -> bool:
    """Managers, or an officer of the assignment's own agency."""
    if manages_programme(user):
        return True
    return officer_agency_id(user) == assignment.agency_id and assignment.agency_id is not None


def acts_for(user: Any, investor_id: int) -> bool:
    """An investor account acting for this company."""
    return is_active(user) and user.role == Role.INVESTOR and investor_id in company_ids(user)


def is_enterprise_member(user: Any, request: Any) -> bool:
    """An investor account acting for the request's company."""
    return acts_for(user, request.enterprise_id)
