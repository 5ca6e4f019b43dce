"""Who may read, write and publish a zone's site reports (decision record 0020).

* Everyone, signed in or not, reads published reports.
* The developer of a park (role "developer", ``User.zone``) writes reports for that park
  only (and the parks and clusters inside it), and submits them for approval.
* The economic zone authority, an agency officer whose agency is one of
  ``settings.XT_ZONE_AUTHORITIES`` (the provincial EZ management board, QEZA, and the Vân
  Đồn EZ board), writes reports for any zone and publishes or returns submitted ones.
  Administrators may do the same.
* The secretariat and leadership read every report, drafts included, and write none:
  publishing a park's figures is the authority's act, not the programme's.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuctien.core.permissions import READ, is_active
from xuctien.core.roles import READ_ALL, Role

APPROVE = "approve"


def is_authority(user: Any) -> bool:
    """An administrator or an officer of the economic zone authority."""
    if not is_active(user):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    agency = getattr(user, "agency", None) if user.role == Role.AGENCY else None
    return agency is not None and agency.code in settings.XT_ZONE_AUTHORITIES


def developer_zone_id(user: Any) -> int | None:
    """The park an active developer account looks after, else None."""
    if is_active(user) and user.role == Role.DEVELOPER and not user.is_superuser:
        return user.zone_id
    return None


def reads_drafts(user: Any) -> bool:
    return is_active(user) and (user.is_superuser or user.role in READ_ALL or is_authority(user))


def writes_zone(user: Any, zone: Any) -> bool:
    """Whether ``user`` may write reports about ``zone``."""
    if is_authority(user):
        return True
    own = developer_zone_id(user)
    return own is not None and zone is not None and own in (zone.pk, zone.parent_id)


def writes_any(user: Any) -> bool:
    return is_authority(user) or developer_zone_id(user) is not None


def restrict_reports(queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
    from xuctien.sites.models import State

    published = Q(state=State.PUBLISHED)
    own = developer_zone_id(user)
    own_zone = Q(zone_id=own) | Q(zone__parent_id=own) if own is not None else Q(pk__in=[])
    if action == READ:
        if reads_drafts(user):
            return queryset
        return queryset.filter(published | own_zone)
    if action == APPROVE:
        return queryset if is_authority(user) else queryset.none()
    if is_authority(user):
        return queryset
    return queryset.filter(own_zone) if own is not None else queryset.none()


def permits(user: Any, action: str, obj: Any = None) -> bool:
    from xuctien.sites.models import State

    if action == READ:
        if obj is None or obj.state == State.PUBLISHED or reads_drafts(user):
            return True
        return developer_zone_id(user) is not None and writes_zone(user, obj.zone)
    if action == APPROVE:
        return is_authority(user)
    if obj is None:
        return writes_any(user)
    return writes_zone(user, obj.zone)
