"""Who may see and write labour data.

* Enterprises' needs are private: administrators, the secretariat and leadership read all
  of them; agency officers read them and enter or correct them for any enterprise (the
  survey is collected by the agencies); an investor account reads, adds and changes only
  its own companies' needs; developers and anonymous visitors get nothing.
* The gap is built from those needs, so it is shown to the same internal people (not to
  investors, who see only their own rows, nor to the public).
* The supply side (institutions, programmes, yearly figures) is published fact: anyone
  reads it; the secretariat and administrators write it.
* Turning a gap into a task of the action programme is the secretariat's step.
"""

from typing import Any

from django.db import models

from xuctien.core.permissions import READ, is_active, manages_programme
from xuctien.core.roles import READ_ALL, Role


def reads_all(user: Any) -> bool:
    return is_active(user) and (user.is_superuser or user.role in READ_ALL)


def is_officer(user: Any) -> bool:
    return is_active(user) and user.role == Role.AGENCY and not user.is_superuser


def reads_gaps(user: Any) -> bool:
    """The internal people: the gap pages, every need, the jobs follow-up."""
    return reads_all(user) or is_officer(user)


def enters_needs(user: Any) -> bool:
    """Who may type needs at all (for some enterprise)."""
    return manages_programme(user) or is_officer(user) or bool(company_ids(user))


def company_ids(user: Any) -> list[int]:
    from xuctien.portal.membership import company_ids_for

    if not is_active(user) or user.role != Role.INVESTOR:
        return []
    return company_ids_for(user)


def restrict_needs(queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
    """Narrow a queryset of needs to those ``user`` may ``action``."""
    if not is_active(user):
        return queryset.none()
    if manages_programme(user) or is_officer(user):
        return queryset if action in (READ, "add", "change", "delete") else queryset.none()
    if action == READ and reads_all(user):
        return queryset
    ids = company_ids(user)
    if ids and action in (READ, "add", "change", "delete"):
        return queryset.filter(enterprise__in=ids)
    return queryset.none()


def permits_need(user: Any, action: str, need: Any) -> bool:
    """Whether ``user`` may ``action`` this need (None: some need at all)."""
    if need is None:
        return reads_gaps(user) or enters_needs(user) if action == READ else enters_needs(user)
    if need.pk is None:
        if manages_programme(user) or is_officer(user):
            return True
        return need.enterprise_id in company_ids(user)
    narrowed = restrict_needs(type(need).objects.filter(pk=need.pk), user, action)
    return narrowed.exists()
