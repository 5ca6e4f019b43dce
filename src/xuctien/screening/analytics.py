"""The quality of the pipeline and of the IRCs: scores by year, sector, country and zone.

Every project is scored now with the current criteria (the stored screenings keep the
version they used; these figures follow the programme's present view). Only single, real
projects count: aggregate rows and synthetic demo projects never do. "Pipeline" is the
projects before their IRC still on the way forward; "IRCs" the projects holding one.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xuctien.investments.countries import country_name
from xuctien.investments.models import Project
from xuctien.investments.stages import POST_IRC, PRE_IRC
from xuctien.screening import engine
from xuctien.screening.criteria import current_set, province_of
from xuctien.screening.models import ProjectFacts, facts_of

CENT = Decimal("0.01")
DIMENSIONS = ("year", "sector", "country", "zone")


@dataclass
class Cell:
    percents: list[Decimal] = field(default_factory=list)
    brown: int = 0
    green_or_high_tech: int = 0

    @property
    def count(self) -> int:
        return len(self.percents)

    @property
    def average(self) -> Decimal | None:
        if not self.percents:
            return None
        return (sum(self.percents, Decimal(0)) / len(self.percents)).quantize(CENT)


@dataclass
class Row:
    label: str
    pipeline: Cell = field(default_factory=Cell)
    ircs: Cell = field(default_factory=Cell)


@dataclass
class Quality:
    criteria_number: int | None
    groups: dict[str, list[Row]]
    synthetic_left_out: int
    not_scorable: int  # projects the current criteria cannot score (nothing could be scored)


def scored_projects(visible: Any) -> Any:
    return (
        visible.filter(is_aggregate=False, is_synthetic=False)
        # The zone and the zones it lies within (``facts_of`` walks up them): a park in
        # an economic zone, a cluster in a park.
        .select_related("sector", "zone__parent__parent__parent")
        .prefetch_related("investors", "priority_groups")
    )


def quality(visible: Any) -> Quality:
    """Average scores (percent of what could be scored) by dimension, pipeline and IRCs."""
    criteria_set = current_set(province_of())
    groups: dict[str, dict[str, Row]] = {d: {} for d in DIMENSIONS}
    synthetic = visible.filter(is_synthetic=True, is_aggregate=False).count()
    if criteria_set is None:
        return Quality(None, {d: [] for d in DIMENSIONS}, synthetic, 0)
    rules, marks = criteria_set.rules(), criteria_set.marks
    projects = list(scored_projects(visible))
    facts = {f.project_id: f for f in ProjectFacts.objects.filter(project__in=projects)}
    not_scorable = 0
    for project in projects:
        side = _side(project)
        if side is None:
            continue
        result = engine.score(rules, facts_of(project, facts.get(project.pk)), marks)
        if result.percent is None:
            not_scorable += 1
            continue
        for dimension in DIMENSIONS:
            label = _label(project, dimension, side)
            row = groups[dimension].setdefault(label, Row(label))
            cell = row.ircs if side == "ircs" else row.pipeline
            cell.percents.append(result.percent)
            cell.brown += result.brown
            cell.green_or_high_tech += _green_or_high_tech(result)
    ordered = {d: sorted(rows.values(), key=lambda r: r.label) for d, rows in groups.items()}
    return Quality(criteria_set.number, ordered, synthetic, not_scorable)


def _green_or_high_tech(result: engine.Score) -> bool:
    return any(
        r.status == engine.MET for r in result.results if r.key in (engine.GREEN, engine.HIGH_TECH)
    )


def _side(project: Project) -> str | None:
    """IRCs: holding one; pipeline: before it, on the way forward; exits before it: none."""
    if project.irc_date is not None or project.stage in POST_IRC:
        return "ircs"
    return "pipeline" if project.stage in PRE_IRC else None


def _label(project: Project, dimension: str, side: str) -> str:
    if dimension == "year":
        if side == "ircs":
            return str(project.irc_date.year) if project.irc_date else "—"
        return str(project.stage_since.year) if project.stage_since else "—"
    if dimension == "sector":
        return str(project.sector) if project.sector else "—"
    if dimension == "country":
        investor = next(iter(project.investors.all()), None)
        return country_name(investor.country) if investor else "—"
    return str(project.zone) if project.zone else "—"


def dimension_title(dimension: str) -> str:
    return {
        "year": _("By year (IRC year; for the pipeline, the year it reached its stage)"),
        "sector": _("By sector (VSIC)"),
        "country": _("By country"),
        "zone": _("By zone"),
    }[dimension]


def chart(rows: list[Row]) -> dict[str, Any]:
    """Average score of the pipeline and of the IRCs per group (horizontal bars)."""

    def values(side: str) -> list[float | None]:
        cells = [getattr(r, side) for r in rows]
        return [None if c.average is None else float(c.average) for c in cells]

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"containLabel": True, "left": 8, "right": 24, "top": 32},
        "xAxis": {"type": "value", "name": "%", "max": 100},
        "yAxis": {
            "type": "category",
            "data": [r.label for r in rows],
            "inverse": True,
            # long sector names would squeeze the bars out of a phone's width
            "axisLabel": {"width": 110, "overflow": "truncate"},
        },
        "series": [
            {
                "name": pgettext("projects before their IRC", "Pipeline"),
                "type": "bar",
                "data": values("pipeline"),
            },
            {
                "name": pgettext("projects holding an IRC", "IRCs"),
                "type": "bar",
                "data": values("ircs"),
            },
        ],
    }


def share_chart(figures: list[Any]) -> dict[str, Any]:
    """The share by year; a year whose share is not known is a gap in the line."""
    years = [str(f.year) for f in figures]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"containLabel": True, "left": 8, "right": 16, "top": 40},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            {
                "name": _("Share of capital in green or high-tech projects"),
                "type": "line",
                "data": [None if f.value is None else float(f.value) for f in figures],
            }
        ],
    }
