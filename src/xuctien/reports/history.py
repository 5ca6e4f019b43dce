"""History out: the changes a person may read, for one record or for a whole period.

A change is readable when its record is: each kind of record is asked through its own
permission-restricted queryset (``restrict(user, "view")``), one query per kind. A record
deleted since cannot be asked, so its changes go only to administrators and the
secretariat; people's accounts and records without a permission rule of their own only to
administrators. The workbook is ``core.exports.history_sheet``: a line per field changed.
"""

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from xuctien.core.models import ChangeRecord
from xuctien.core.permissions import is_active, manages_programme
from xuctien.core.roles import Role
from xuctien.models import BaseModel
from xuctien.reports.periods import ReportPeriod

#: The most changes one workbook holds; a longer period is cut with a note.
LIMIT = 20_000


def is_admin(user: Any) -> bool:
    return is_active(user) and (user.is_superuser or user.role == Role.ADMIN)


def _readable_ids(user: Any, model: Any, ids: set[str]) -> set[str]:
    if model is None or not issubclass(model, BaseModel) or model._meta.label == "core.User":
        return ids if is_admin(user) else set()
    present = {
        str(pk) for pk in model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)
    }
    readable = (
        model.objects.restrict(user, "view").filter(pk__in=present).values_list("pk", flat=True)
    )
    visible = {str(pk) for pk in readable}
    if manages_programme(user):
        visible |= ids - present  # deleted since: the secretariat keeps their trace
    return visible


def readable(user: Any, changes: QuerySet) -> list[ChangeRecord]:
    """The changes among ``changes`` whose record ``user`` may read, newest first."""
    if not is_active(user):
        return []
    rows = list(changes.select_related("user", "content_type")[:LIMIT])
    wanted: dict[int, set[str]] = defaultdict(set)
    for change in rows:
        wanted[change.content_type_id].add(change.object_id)
    allowed = {
        ct: _readable_ids(user, ContentType.objects.get_for_id(ct).model_class(), ids)
        for ct, ids in wanted.items()
    }
    return [c for c in rows if c.object_id in allowed[c.content_type_id]]


def period_changes(user: Any, period: ReportPeriod) -> list[ChangeRecord]:
    changes = ChangeRecord.objects.filter(at__date__range=(period.first, period.last))
    return readable(user, changes)


def record_changes(user: Any, label: str, pk: str) -> list[ChangeRecord] | None:
    """One record's changes, or None when there is no such kind or the user may not read it."""
    try:
        app_label, model_name = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
    except (ValueError, ContentType.DoesNotExist):
        return None
    changes = ChangeRecord.objects.filter(content_type=content_type, object_id=str(pk))
    found = readable(user, changes)
    return found or None
