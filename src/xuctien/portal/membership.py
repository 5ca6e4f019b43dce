"""Which companies an investor account acts for.

Other apps scope an investor's records with these helpers (aftercare scopes requests with
``companies_for``). An investor account sees only what belongs to its own companies; every
other role gets nothing here and is governed by its own app's rules.
"""

from typing import Any

from django.db.models import QuerySet

from xuctien.core.permissions import is_active
from xuctien.core.roles import Role


def is_investor(user: Any) -> bool:
    """An active account with the investor role."""
    return is_active(user) and user.role == Role.INVESTOR


def companies_for(user: Any) -> QuerySet:
    """The investors (companies) ``user`` is an accepted member of; none for other roles."""
    from xuctien.investments.models import Investor

    if not is_investor(user):
        return Investor.objects.none()
    return Investor.objects.filter(
        portal_memberships__user=user, portal_memberships__accepted_at__isnull=False
    ).distinct()


def company_ids_for(user: Any) -> list[int]:
    """The primary keys of ``companies_for(user)``, for filters across relations."""
    return list(companies_for(user).values_list("pk", flat=True))


def is_owner(user: Any, investor: Any) -> bool:
    """Whether ``user`` is an owner of ``investor`` (may invite staff)."""
    from xuctien.portal.models import Membership

    if not is_investor(user):
        return False
    return Membership.objects.filter(
        user=user, investor=investor, role=Membership.Role.OWNER, accepted_at__isnull=False
    ).exists()


def projects_for(user: Any) -> QuerySet:
    """The projects of ``user``'s companies (all stages: they are the investor's own)."""
    from xuctien.investments.models import Project

    return Project.objects.filter(investors__in=company_ids_for(user)).distinct()
