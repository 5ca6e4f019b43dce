"""Aftercare's panel on a user's home page: the enterprises' requests that wait for them.

An agency officer sees the open assignments of their agency, soonest deadline first; the
secretariat and administrators see the requests that wait for them: new ones to route and
those escalated to the secretariat.
"""

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from xuctien.aftercare.models import Assignment, Escalation, Request, Status
from xuctien.aftercare.models.requests import WAITING
from xuctien.aftercare.permissions import ANSWER, officer_agency_id
from xuctien.core.home import PANEL_ROWS, Panel
from xuctien.core.permissions import manages_programme


def requests_panel(user: Any, today: date) -> Panel | None:
    if officer_agency_id(user) is not None:
        return _assigned(user, today)
    if manages_programme(user):
        return _waiting_for_secretariat(user)
    return None


def _assigned(user: Any, today: date) -> Panel:
    assignments = (
        Assignment.objects.restrict(user, ANSWER)
        .filter(withdrawn=False, answered_on__isnull=True)
        .select_related("request")
        .order_by("deadline", "pk")
    )
    rows = list(assignments[:PANEL_ROWS])
    for assignment in rows:
        assignment.late = assignment.deadline < today
    return Panel(
        _("Requests assigned to our agency"),
        "aftercare/partials/home_requests.html",
        rows=rows,
        total=assignments.count(),
        more_url=reverse("aftercare:request-list"),
        empty=_("No enterprise's request waits for your agency's answer."),
        order=30,
    )


def _waiting_for_secretariat(user: Any) -> Panel:
    waiting = (
        Request.objects.restrict(user, "view")
        .filter(
            Q(status=Status.RECEIVED) | Q(status__in=WAITING, escalation=Escalation.SECRETARIAT)
        )
        .select_related("enterprise")
        .order_by("received_on", "pk")
    )
    return Panel.of(
        _("Requests to route or escalated to the secretariat"),
        "aftercare/partials/home_requests.html",
        waiting,
        more_url=reverse("aftercare:escalations"),
        empty=_("No request waits for the secretariat."),
        order=30,
    )
