"""Screening a project, deciding on the recommendation, keeping its facts: permissions
checked here, so the pages and the API refuse the same things."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.models import Zone
from xuctien.investments.models import PriorityGroup, Project
from xuctien.investments.stages import Stage
from xuctien.models import StaleObjectError
from xuctien.screening import engine, explain, permissions
from xuctien.screening.criteria import current_set, province_of
from xuctien.screening.models import (
    CriteriaSet,
    ProjectFacts,
    Screening,
    facts_of,
    result_to_json,
)

#: The stage at which a project is screened.
SCREENING_STAGE = Stage.DOSSIER


def facts_for(project: Project) -> ProjectFacts | None:
    try:
        return project.screening_facts
    except ProjectFacts.DoesNotExist:
        return None


def preview(project: Project, criteria_set: CriteriaSet | None = None) -> engine.Score | None:
    """The score the project gets now, with the current criteria (nothing stored)."""
    criteria_set = criteria_set or current_set(province_of(project))
    if criteria_set is None:
        return None
    facts = facts_of(project, facts_for(project))
    return engine.score(criteria_set.rules(), facts, criteria_set.marks)


def may_screen_now(user: Any, project: Project) -> bool:
    return project.stage == SCREENING_STAGE and permissions.may_screen(user, project)


@transaction.atomic
def screen(user: Any, project: Project) -> Screening:
    """Record the project's score with the current criteria version, at the dossier stage."""
    if not permissions.may_screen(user, project):
        raise PermissionDenied
    if project.stage != SCREENING_STAGE:
        raise ValidationError(_("A project is screened when its dossier is submitted."))
    criteria_set = current_set(province_of(project))
    if criteria_set is None:
        raise ValidationError(_("The programme has no screening criteria yet."))
    facts = facts_of(project, facts_for(project))
    result = engine.score(criteria_set.rules(), facts, criteria_set.marks)
    return Screening.objects.create(
        project=project,
        criteria_set=criteria_set,
        stage=project.stage,
        points=result.points,
        possible=result.possible,
        percent=result.percent,
        brown=result.brown,
        results=[result_to_json(r) for r in result.results],
        inputs=_inputs(facts),
        computed=result.recommendation,
        screened_by=user,
    )


def _inputs(facts: engine.Facts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in facts.__dict__.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


@transaction.atomic
def decide(
    user: Any,
    screening: Screening,
    *,
    decision: str,
    recommendation: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Screening:
    """Confirm the computed recommendation, or override it with another and a reason."""
    if not permissions.may_screen(user, screening.project):
        raise PermissionDenied
    if expected_version is not None and expected_version != screening.version:
        raise StaleObjectError(screening)
    reason = reason.strip()
    if decision == Screening.Decision.CONFIRMED:
        if screening.computed == engine.NO_RULE:
            raise ValidationError(
                {"decision": _("No rule gives a recommendation: choose one and say why.")}
            )
        recommendation = screening.computed
    elif decision == Screening.Decision.OVERRIDDEN:
        if not recommendation:
            raise ValidationError({"recommendation": _("Choose the recommendation.")})
        if recommendation == screening.computed:
            raise ValidationError(
                {"recommendation": _("That is the computed recommendation: confirm it instead.")}
            )
        if not reason:
            raise ValidationError({"reason": _("Say why the recommendation is overridden.")})
    else:
        raise ValidationError({"decision": _("Confirm or override the recommendation.")})
    unchanged = (screening.decision, screening.recommendation, screening.reason) == (
        decision,
        recommendation,
        reason,
    )
    if unchanged:
        return screening
    screening.decision, screening.recommendation, screening.reason = (
        decision,
        recommendation,
        reason,
    )
    screening.decided_by, screening.decided_at = user, timezone.now()
    screening.save()
    return screening


@transaction.atomic
def save_facts(user: Any, project: Project, expected_version: int | None, **values: Any) -> Any:
    """Create or update the project's screening facts."""
    if not permissions.may_screen(user, project):
        raise PermissionDenied
    facts = facts_for(project)
    if facts is None:
        if not any(v not in ("", None) for v in values.values()):
            return None
        return ProjectFacts.objects.create(project=project, **values)
    if expected_version is not None and expected_version != facts.version:
        raise StaleObjectError(facts)
    if all(getattr(facts, k) == v for k, v in values.items()):
        return facts
    for name, value in values.items():
        setattr(facts, name, value)
    facts.save()
    return facts


@dataclass(frozen=True)
class Line:
    """One criterion as a page shows it."""

    key: str
    label: str
    weight: Decimal
    points: Decimal
    status: str
    reason: str


def labels_for(results: list[engine.Result]) -> dict[str, str]:
    """Names of the zones and priority groups the results mention, by code."""
    codes: set[str] = set()
    for r in results:
        if r.norm_zone:
            codes.add(r.norm_zone)
        if r.key == engine.PRIORITY_SECTOR and r.value:
            codes.update(str(v) for v in r.value)
    labels = {z.code: z.name for z in Zone.objects.filter(code__in=codes)}
    labels.update({g.code: g.name for g in PriorityGroup.objects.filter(code__in=codes)})
    return labels


def lines(results: list[engine.Result]) -> list[Line]:
    from xuctien.screening.criteria import KEY_LABELS

    labels = labels_for(results)
    return [
        Line(
            r.key,
            str(KEY_LABELS.get(r.key, r.key)),
            r.weight,
            r.points,
            r.status,
            explain.reason(r, labels),
        )
        for r in results
    ]
