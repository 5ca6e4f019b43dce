"""Figures about the pipeline itself: histories, the funnel, totals by group, the forecast.

The arithmetic lives in pure functions (``funnel_rows``, ``forecast.simulate``); this
module reads the database and hands them the data.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from xuctien.investments import counting, forecast, indicators
from xuctien.investments.countries import country_name
from xuctien.investments.models import Project, Stage, StageChange
from xuctien.investments.stages import PIPELINE, PRE_IRC, next_stage

History = list[tuple[str, dt.date | None]]


def histories(projects: QuerySet) -> dict[int, History]:
    """Each project's stages, in order, from its stage changes.

    A stage whose date the sources do not give is still a stage the project passed: it keeps
    ``None`` for its date, and a history with an unknown date is ordered along the pipeline.
    """
    by_project: dict[int, History] = defaultdict(list)
    changes = StageChange.objects.filter(project__in=projects).order_by("date", "id")
    for project_id, stage, day in changes.values_list("project_id", "to_stage", "date"):
        by_project[project_id].append((stage, day))
    for history in by_project.values():
        if any(day is None for _stage, day in history):
            history.sort(key=_pipeline_order)
    return dict(by_project)


def _pipeline_order(entry: tuple[str, dt.date | None]) -> int:
    stage = entry[0]
    return PIPELINE.index(stage) if stage in PIPELINE else len(PIPELINE)


@dataclass(frozen=True)
class FunnelRow:
    """One stage of the funnel.

    ``at``, ``reached`` and ``onward`` count projects as the board does (``counting``):
    at the stage now, at it or beyond, at the next stage or beyond. ``entered``, ``went_on``
    and ``median_days`` read the recorded stage histories, which older projects lack.
    """

    stage: str
    label: str
    entered: int
    went_on: int
    median_days: float | None
    at: int = 0
    reached: int = 0
    onward: int | None = None

    @property
    def conversion(self) -> float | None:
        return self.went_on / self.entered if self.entered else None

    @property
    def onward_percent(self) -> float | None:
        """Of the projects that reached this stage, the percentage now beyond it."""
        if self.onward is None or not self.reached:
            return None
        return 100 * self.onward / self.reached


def funnel_rows(all_histories: list[History]) -> list[FunnelRow]:
    """Per pipeline stage: projects that entered it, that reached a later one, days spent."""
    entered, went_on = defaultdict(int), defaultdict(int)
    stays: dict[str, list[int]] = defaultdict(list)
    for history in all_histories:
        stages = [s for s, _day in history]
        for index, (stage, day) in enumerate(history):
            if stage not in PIPELINE or stage in stages[:index]:
                continue
            entered[stage] += 1
            later = [s for s in stages[index + 1 :] if s in PIPELINE]
            if any(PIPELINE.index(s) > PIPELINE.index(stage) for s in later):
                went_on[stage] += 1
            following = history[index + 1][1] if index + 1 < len(history) else None
            if day is not None and following is not None:
                stays[stage].append((following - day).days)
    return [
        FunnelRow(
            s, str(Stage(s).label), entered[s], went_on[s], median(stays[s]) if stays[s] else None
        )
        for s in PIPELINE
    ]


def funnel(projects: QuerySet) -> list[FunnelRow]:
    """The funnel of the counted projects: the board's counts, with the histories' days."""
    counted = counting.in_pipeline(projects)
    at = counting.at_stage(counted)
    reached = counting.reached(at)
    following = {stage: reached.get(next_stage(stage) or "") for stage in PIPELINE}
    return [
        replace(row, at=at[row.stage], reached=reached[row.stage], onward=following[row.stage])
        for row in funnel_rows(list(histories(counted).values()))
    ]


def totals_by(projects: QuerySet, key: str) -> list[tuple[str, Decimal, int]]:
    """(group, capital VND, jobs planned) by country, sector, zone or IRC year."""
    groups: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    counted = counting.in_pipeline(projects)
    for project in counted.select_related("sector", "zone").prefetch_related("investors"):
        label = _group(project, key)
        groups[label][0] += project.capital_vnd or Decimal(0)
        groups[label][1] += project.jobs_planned or 0
    return sorted(((k, v[0], v[1]) for k, v in groups.items()), key=lambda r: r[0])


def _group(project: Project, key: str) -> str:
    if key == "country":
        investor = next(iter(project.investors.all()), None)
        return country_name(investor.country) if investor else "—"
    if key == "sector":
        return str(project.sector) if project.sector else "—"  # "26 – Sản xuất sản phẩm điện tử…"
    if key == "zone":
        return str(project.zone) if project.zone else "—"
    return str(project.irc_date.year) if project.irc_date else "—"


def pipeline_projects(value_field: str) -> list[forecast.PipelineProject]:
    """Real manufacturing projects before their IRC, as the simulation sees them."""
    projects = Project.objects.filter(
        stage__in=PRE_IRC, is_aggregate=False, is_synthetic=False, sector__section="C"
    )
    return [
        forecast.PipelineProject(
            name=p.name,
            stage=p.stage,
            entered=p.stage_since or timezone.localdate(),
            capital=float((p.expected_capital_vnd or 0) / indicators.TRILLION),
            jobs=float(p.jobs_planned or 0),
        )
        for p in projects
    ]


def forecasts_for(indicator: Any, *, runs: int = 5000, seed: int = 2020) -> list:
    """The forecast for each current province-wide target of a computed indicator."""
    value_field = "capital" if indicator.registry_feed == indicators.CAPITAL else "jobs"
    provider = indicators.capital_figures if value_field == "capital" else indicators.jobs_figures
    figures = {f.year: float(f.value) for f in provider(indicator)}
    projects = pipeline_projects(value_field)
    real = Project.objects.filter(is_synthetic=False, is_aggregate=False)
    assumptions = forecast.estimate(histories(real).values())
    today = timezone.localdate()
    targets = indicator.current_targets()
    first = min((t.start_year for t in targets), default=today.year)
    arrivals = registry_arrivals(value_field, first, today.year - 1, indicator.province_id)
    results = []
    for target in targets:
        if target.year < today.year:
            continue  # a closed period: its outcome is in the assessment, not a chance
        achieved = sum(v for y, v in figures.items() if target.start_year <= y <= today.year)
        results.append(
            forecast.simulate(
                projects,
                assumptions,
                value=lambda p, f=value_field: getattr(p, f),
                achieved=achieved,
                target=float(target.value),
                target_year=target.year,
                as_of=today,
                runs=runs,
                seed=seed,
                arrivals=arrivals,
            )
        )
    return results


def registry_arrivals(
    value_field: str, first_year: int, last_year: int, province: int | None
) -> forecast.Arrivals:
    """New manufacturing projects per complete year and their sizes, from the province's
    registry."""
    if last_year < first_year:
        return forecast.Arrivals()
    pairs = []
    for project in indicators.counted_projects(province):
        if value_field == "capital":
            size = float((project.capital_vnd or 0) / indicators.TRILLION)
        else:
            size = float(project.jobs_planned or 0)
        pairs.append((project.irc_date.year, size))
    return forecast.Arrivals.from_history(pairs, first_year, last_year)


@dataclass(frozen=True)
class EventOutcome:
    """What a promotion event led to, traced through the interactions recorded at it."""

    event: Any
    investors_met: int
    projects: int
    ircs: int
    capital_vnd: Decimal


def event_outcomes() -> list[EventOutcome]:
    from xuctien.investments.models import PromotionEvent

    outcomes = []
    for event in PromotionEvent.objects.prefetch_related("investors_met"):
        projects = list(Project.objects.filter(interactions__event=event).distinct())
        registered = [p for p in projects if p.irc_date]
        capital = sum((p.capital_vnd or Decimal(0) for p in registered), Decimal(0))
        outcomes.append(
            EventOutcome(
                event, len(event.investors_met.all()), len(projects), len(registered), capital
            )
        )
    return outcomes
