"""Who may do what with reports.

Reports are internal. Administrators, the secretariat and leadership read every report;
the secretariat and administrators draft, edit and issue the programme's reports and any
agency's; an agency officer drafts, edits, issues and reads their own agency's reports
only; leadership writes nothing. Nobody changes an issued report (``models.Report.save``).

Actions: ``view``, ``add``, ``change`` (edit a draft), ``issue`` and ``delete`` (a draft).
"""

from typing import Any

from django.db import models

from xuctien.core.permissions import READ, is_active, manages_programme
from xuctien.core.roles import READ_ALL, Role

ISSUE = "issue"


def reads_reports(user: Any) -> bool:
    """Whether the user may open the reports pages at all."""
    return is_active(user) and (
        user.is_superuser or user.role in READ_ALL or _officer_agency(user) is not None
    )


def _officer_agency(user: Any) -> int | None:
    if is_active(user) and user.role == Role.AGENCY and not user.is_superuser:
        return user.agency_id
    return None


def restrict_reports(queryset: models.QuerySet, user: Any, action: str, prefix: str = ""):
    if not is_active(user):
        return queryset.none()
    if manages_programme(user):
        return queryset
    if action == READ and (user.is_superuser or user.role in READ_ALL):
        return queryset
    agency_id = _officer_agency(user)
    if agency_id is None:
        return queryset.none()
    return queryset.filter(**{f"{prefix}kind": "agency", f"{prefix}agency": agency_id})


def may_draft(user: Any, kind: str, agency_id: int | None = None) -> bool:
    """Whether the user may draft a report of ``kind`` (for ``agency_id``)."""
    if manages_programme(user):
        return True
    officer = _officer_agency(user)
    return kind == "agency" and officer is not None and officer == agency_id


def permits_report(user: Any, action: str, report: Any) -> bool:
    if report is None:
        if action == READ:
            return reads_reports(user)
        return manages_programme(user) or _officer_agency(user) is not None
    if action == READ:
        if is_active(user) and (user.is_superuser or user.role in READ_ALL):
            return True
        return _officer_agency(user) is not None and may_draft(user, report.kind, report.agency_id)
    if report.is_issued:
        return False
    return may_draft(user, report.kind, report.agency_id)
