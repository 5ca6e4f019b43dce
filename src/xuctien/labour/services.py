"""Labour writes and reads: save a need, import the survey, load the gap, propose a task.

Writes take the acting user, check the permission and run in one transaction with the
history's actor set. The gap itself is computed by the pure engine in ``gaps``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.permissions import manages_programme
from xuctien.history import acting_as
from xuctien.labour import gaps
from xuctien.labour.models import GapTask, Need, Occupation, Policy, ProgrammeYear, Survey


def save_need(user: Any, need: Need) -> Need:
    """Add or change a need the user may write; synthetic when its enterprise is."""
    action = "add" if need.pk is None else "change"
    if not Need.permits(user, action, need):
        raise PermissionDenied(_("You may not enter needs for this enterprise."))
    need.is_synthetic = need.is_synthetic or bool(need.enterprise.is_synthetic)
    if need.pk is None:
        need.entered_by = user
    need.full_clean()
    with transaction.atomic(), acting_as(user):
        need.save()
    return need


def policy_for(province: Any) -> Policy | None:
    return Policy.objects.filter(province=province).select_related("responsible_agency").first()


@dataclass
class GapView:
    """The gap's cells with the assumptions and records behind them."""

    cells: list[gaps.Cell]
    assumptions: gaps.Assumptions
    policy: Policy | None
    occupations: dict[str, Occupation]
    tasks: dict[tuple[str, str, int], list[Any]]


def load_gap(
    province: Any, needs: QuerySet, filters: dict[str, Any], synthetic: bool = False
) -> GapView:
    """The gap of the needs given (already filtered and permission-checked) against supply."""
    policy = policy_for(province)
    depth = 2 if filters.get("occupation") and len(filters["occupation"].code) == 2 else 1
    assumptions = gaps.Assumptions(
        stay_rate=policy.stay_rate if policy else gaps.Decimal(1),
        complete_years=frozenset(
            Survey.objects.filter(province=province, complete=True).values_list("year", flat=True)
        ),
        threshold=policy.gap_threshold if policy else 0,
        depth=depth,
    )
    demand = [
        gaps.DemandRow(pk, enterprise, code, level, year, number)
        for pk, enterprise, code, level, year, number in needs.filter(
            is_synthetic=synthetic
        ).values_list("pk", "enterprise_id", "occupation__code", "level", "year", "number")
    ]
    cells = gaps.compute(demand, _supply(province, filters), assumptions)
    code = filters.get("occupation").code if filters.get("occupation") else ""
    cells = [c for c in cells if c.occupation.startswith(code[:depth])]
    occupations = {o.code: o for o in Occupation.objects.all()}
    return GapView(cells, assumptions, policy, occupations, _tasks(province))


def _supply(province: Any, filters: dict[str, Any]) -> list[gaps.SupplyRow]:
    years = ProgrammeYear.objects.filter(programme__institution__province=province)
    if filters.get("level"):
        years = years.filter(programme__level=filters["level"])
    if filters.get("year"):
        years = years.filter(year=filters["year"])
    return [
        gaps.SupplyRow(*row)
        for row in years.values_list(
            "programme_id",
            "programme__institution_id",
            "programme__occupation__code",
            "programme__level",
            "year",
            "graduates",
            "graduates_at_least",
        )
    ]


def _tasks(province: Any) -> dict[tuple[str, str, int], list[Any]]:
    found: dict[tuple[str, str, int], list[Any]] = {}
    for link in GapTask.objects.filter(province=province).select_related("task", "occupation"):
        key = (link.occupation.code, link.level, link.year)
        found.setdefault(key, []).append(link.task)
    return found


def propose_task(
    user: Any,
    province: Any,
    cell: gaps.Cell,
    zone: Any = None,
    title_vi: str = "",
    working_days: int | None = None,
    today: date | None = None,
    synthetic: bool = False,
) -> Any:
    """A task of the action programme for the agency in charge of training, linked to the gap.

    The same path as aftercare's recurring requests: the actions app's own service creates
    the task; the link keeps the gap as it stood.
    """
    from xuctien.actions import services as actions_services
    from xuctien.actions.models import Task
    from xuctien.aftercare import policy as aftercare_policy
    from xuctien.programmes.models import SolutionGroup

    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat turns gaps into tasks."))
    policy = policy_for(province)
    if policy is None:
        raise ValidationError(_("The labour assumptions of this province are not loaded."))
    if not cell.proposes(policy.gap_threshold):
        raise ValidationError(_("This gap is below the threshold; no task is proposed."))
    occupation = Occupation.objects.get(code=cell.occupation)
    if GapTask.objects.filter(
        province=province, occupation=occupation, level=cell.level, year=cell.year
    ).exists():
        raise ValidationError(_("A task already answers this gap."))
    today = today or timezone.localdate()
    # The province's policy names the programme's group that takes these tasks (data).
    group = (
        SolutionGroup.objects.filter(programme__province=province, code=policy.task_group)
        .select_related("programme")
        .order_by("programme__issued_on", "pk")
        .first()
        if policy.task_group
        else None
    )
    task = Task(
        title_vi=title_vi.strip() or _gap_title(occupation, cell, "vi"),
        title_en=_gap_title(occupation, cell, "en"),
        description=_gap_description(occupation, cell),
        lead_agency=policy.responsible_agency,
        solution_group=group,
        programme=group.programme if group else None,
        start_date=today,
        deadline_working_days=working_days or aftercare_policy.current().reform_task_working_days,
        is_synthetic=synthetic,
    )
    with transaction.atomic(), acting_as(user):
        task = actions_services.create_task(user, task, today=today)
        GapTask.objects.create(
            province=province,
            occupation=occupation,
            level=cell.level,
            year=cell.year,
            zone=zone,
            gap=str(cell.gap),
            task=task,
        )
    return task


def _gap_title(occupation: Occupation, cell: gaps.Cell, language: str) -> str:
    from django.utils import translation

    from xuctien.labour.models import SkillLevel

    with translation.override(language):
        return _("Close the labour gap: %(occupation)s, %(level)s, %(year)d") % {
            "occupation": occupation.name,
            "level": SkillLevel(cell.level).label,
            "year": cell.year,
        }


def _gap_description(occupation: Occupation, cell: gaps.Cell) -> str:
    return _("Demand %(demand)s, staying graduates %(supply)s, gap %(gap)s (%(code)s).") % {
        "demand": cell.demand or 0,
        "supply": cell.supply or 0,
        "gap": cell.gap,
        "code": occupation.code,
    }


def find_cell(view: GapView, occupation: str, level: str, year: int) -> gaps.Cell | None:
    for cell in view.cells:
        if cell.key == (occupation, level, year):
            return cell
    return None


def needs_of(cell: gaps.Cell) -> QuerySet:
    return Need.objects.filter(pk__in=cell.need_ids).select_related("enterprise", "zone")


def programmes_of(cell: gaps.Cell, year: int) -> Iterable[ProgrammeYear]:
    ids = [*cell.programme_ids, *cell.unassigned_ids]
    return ProgrammeYear.objects.filter(programme__in=ids, year=year).select_related(
        "programme__institution"
    )
