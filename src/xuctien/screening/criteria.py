"""The criteria versions: the starting set from the shipped data, and revisions.

A version a screening used is never changed: revising it makes the next version (with
the same park norms), and the screening keeps pointing at the one it used. A version no
screening used yet is changed in place (its history keeps the change). Saving without a
change does nothing.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuctien.core.models import Province
from xuctien.screening import engine, permissions
from xuctien.screening.models import CriteriaSet, Criterion, CriterionKey, ZoneNorm

DATA = Path(__file__).resolve().parent.parent / "data" / "reference" / "screening_criteria.csv"


def province_of(project: Any = None) -> Province | None:
    """The project's province (once projects carry one), else the province in use."""
    province = getattr(project, "province", None) if project is not None else None
    if province is not None:
        return province
    return Province.objects.filter(successor=None).order_by("pk").first()


def current_set(province: Province | None) -> CriteriaSet | None:
    if province is None:
        return None
    return CriteriaSet.objects.filter(province=province, is_current=True).first()


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


@transaction.atomic
def load_starting_criteria(province: Province | None = None, path: Path = DATA) -> str:
    """The first version for the province (every province, when none is given) that has
    none yet (idempotent)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    created = 0
    provinces = [province] if province is not None else Province.objects.filter(successor=None)
    for province in provinces:
        if CriteriaSet.objects.filter(province=province).exists():
            continue
        criteria_set = CriteriaSet.objects.create(
            province=province,
            number=1,
        )
        for row in rows:
            Criterion.objects.create(
                criteria_set=criteria_set,
                key=row["key"],
                order=int(row["order"]),
                weight=Decimal(row["weight"]),
                threshold=_decimal(row["threshold"]),
                threshold_source=row["threshold_source"],
            )
        created += 1
    return f"Screening criteria: {created} starting versions created"


@dataclass(frozen=True)
class CriterionChange:
    key: str
    weight: Decimal
    threshold: Decimal | None
    threshold_source: str


def _differs(criteria_set: CriteriaSet, marks: tuple, changes: list[CriterionChange]) -> bool:
    if (criteria_set.recommend_at, criteria_set.discuss_at) != marks:
        return True
    stored = {c.key: c for c in criteria_set.criteria.all()}
    return any(
        (stored[ch.key].weight, stored[ch.key].threshold, stored[ch.key].threshold_source)
        != (ch.weight, ch.threshold, ch.threshold_source)
        for ch in changes
    )


@transaction.atomic
def revise(
    user: Any,
    criteria_set: CriteriaSet,
    *,
    recommend_at: Decimal | None,
    discuss_at: Decimal | None,
    changes: list[CriterionChange],
    reason: str,
    expected_version: int | None = None,
) -> CriteriaSet:
    """Apply the secretariat's changes; return the version that now holds them."""
    if not permissions.edits_criteria(user):
        raise PermissionDenied
    if not criteria_set.is_current:
        raise ValidationError(_("Only the current version of the criteria can be changed."))
    marks = (recommend_at, discuss_at)
    if not _differs(criteria_set, marks, changes):
        return criteria_set
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the criteria change.")})
    if recommend_at is not None and discuss_at is not None and discuss_at > recommend_at:
        raise ValidationError(
            {"discuss_at": _("The mark to discuss cannot be above the mark to recommend.")}
        )
    if expected_version is not None and expected_version != criteria_set.version:
        from xuctien.models import StaleObjectError

        raise StaleObjectError(criteria_set)
    target = _next_version(user, criteria_set) if criteria_set.is_used else criteria_set
    target.recommend_at, target.discuss_at, target.reason = recommend_at, discuss_at, reason
    target.created_by = user
    target.save()
    stored = {c.key: c for c in target.criteria.all()}
    for change in changes:
        criterion = stored[change.key]
        new = (change.weight, change.threshold, change.threshold_source)
        if (criterion.weight, criterion.threshold, criterion.threshold_source) != new:
            criterion.weight, criterion.threshold, criterion.threshold_source = new
            criterion.save()
    return target


def _next_version(user: Any, old: CriteriaSet) -> CriteriaSet:
    old.is_current = False
    old.save()
    new = CriteriaSet.objects.create(
        province=old.province,
        number=old.number + 1,
        recommend_at=old.recommend_at,
        discuss_at=old.discuss_at,
        created_by=user,
    )
    for criterion in old.criteria.prefetch_related("zone_norms"):
        copy = Criterion.objects.create(
            criteria_set=new,
            key=criterion.key,
            order=criterion.order,
            weight=criterion.weight,
            threshold=criterion.threshold,
            threshold_source=criterion.threshold_source,
        )
        for norm in criterion.zone_norms.all():
            ZoneNorm.objects.create(
                criterion=copy,
                zone_id=norm.zone_id,
                threshold=norm.threshold,
                source_url=norm.source_url,
                note=norm.note,
            )
    return new


KEY_LABELS = dict(CriterionKey.choices)


@transaction.atomic
def set_zone_norm(
    user: Any,
    criteria_set: CriteriaSet,
    *,
    key: str,
    zone: Any,
    threshold: Decimal | None,
    source_url: str,
    reason: str,
) -> CriteriaSet:
    """Set (or, with no threshold, remove) a park's own norm; a used version is not changed:
    the change makes the next version. Returns the version that holds it."""
    if not permissions.edits_criteria(user):
        raise PermissionDenied
    if not criteria_set.is_current:
        raise ValidationError(_("Only the current version of the criteria can be changed."))
    if key not in engine.ZONE_NORMS:
        raise ValidationError({"criterion": _("A park norm is for capital or budget per hectare.")})
    criterion = criteria_set.criteria.get(key=key)
    existing = criterion.zone_norms.filter(zone=zone).first()
    source_url = source_url.strip()
    if threshold is None and existing is None:
        return criteria_set
    if existing is not None and (existing.threshold, existing.source_url) == (
        threshold,
        source_url,
    ):
        return criteria_set
    if threshold is not None and not source_url:
        raise ValidationError(
            {"source_url": _("Say where the norm is published: a threshold keeps its source.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the criteria change.")})
    target = criteria_set
    if criteria_set.is_used:
        target = _next_version(user, criteria_set)
    target.reason, target.created_by = reason, user
    target.save()
    criterion = target.criteria.get(key=key)
    norm = criterion.zone_norms.filter(zone=zone).first()
    if threshold is None:
        norm.delete()
    elif norm is None:
        ZoneNorm.objects.create(
            criterion=criterion, zone=zone, threshold=threshold, source_url=source_url
        )
    else:
        norm.threshold, norm.source_url = threshold, source_url
        norm.save()
    return target
