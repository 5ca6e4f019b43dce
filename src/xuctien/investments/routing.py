"""Routing a new lead to its owner, with a first next step.

The rule (``LeadRoute``): the most specific rule for the lead's sector section and country
wins. Without any rule, the lead goes to the active promotion officer (or, if there is
none, the secretariat member) with the fewest open leads, the oldest account first on a
tie, so that no lead is left without an owner. The first next step is to answer the
enquirer, due ``next_step_days`` working days later (two without a rule), on the
province's working calendar.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.core.roles import MANAGE_PROGRAMME, Role
from xuctien.investments.access import PROMOTION_AGENCY_KINDS
from xuctien.investments.models.routing import LeadRoute
from xuctien.investments.stages import PRE_IRC

DEFAULT_DAYS = 2


@dataclass(frozen=True)
class Routing:
    """Who owns a new lead and when the first reply is due."""

    owner: Any
    due: dt.date


def _rule(section: str, country: str, province: Any = None) -> LeadRoute | None:
    candidates = LeadRoute.objects.filter(
        Q(section=section) | Q(section=""), Q(country=country) | Q(country="")
    ).select_related("owner")
    if province is not None:
        candidates = candidates.filter(province=province)
    ranked = sorted(
        (r for r in candidates if r.owner.is_active),
        key=lambda r: (r.section == "", r.country == "", r.pk),
    )
    return ranked[0] if ranked else None


def routing_candidates() -> Any:
    """Who may own a lead: active promotion officers and the programme's managers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role=Role.AGENCY, agency__kind__in=PROMOTION_AGENCY_KINDS)
            | Q(role__in=MANAGE_PROGRAMME, is_superuser=False)
        )
        .order_by("username")
    )


def least_loaded_officer() -> Any:
    """The active promotion officer (else manager) with the fewest open leads."""
    users = get_user_model().objects.filter(is_active=True)
    open_leads = Count("owned_projects", filter=Q(owned_projects__stage__in=PRE_IRC))
    for people in (
        users.filter(role=Role.AGENCY, agency__kind__in=PROMOTION_AGENCY_KINDS),
        users.filter(role__in=MANAGE_PROGRAMME, is_superuser=False),
    ):
        found = people.annotate(load=open_leads).order_by("load", "date_joined", "pk").first()
        if found is not None:
            return found
    return None


def route_lead(section: str, country: str, today: dt.date, province: Any = None) -> Routing:
    """The owner of a new lead and the due date of its first next step (by the rules of
    ``province`` when given: each province routes its own leads)."""
    from xuctien.actions.calendar import add_working_days
    from xuctien.actions.holidays import load_calendar

    rule = _rule(section or "", country or "", province)
    owner = rule.owner if rule else least_loaded_officer()
    days = rule.next_step_days if rule else DEFAULT_DAYS
    return Routing(owner, add_working_days(today, days, load_calendar()))


def save_route(user: Any, route: LeadRoute) -> LeadRoute:
    """Add or change a routing rule (the pipeline's managers and promotion officers)."""
    if not LeadRoute.permits(user, "change", route):
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic(), history.acting_as(user):
        route.full_clean()
        route.save()
    return route


def delete_route(user: Any, route: LeadRoute) -> None:
    """Remove a routing rule; new leads then follow the next most specific one."""
    if not LeadRoute.permits(user, "delete", route):
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic(), history.acting_as(user):
        route.delete()
