"""Figures about the pipeline itself: histories, the funnel, totals by group, the forecast.

The arithmetic lives in pure functions (``funnel_rows``, ``forecast.simulate``); this
module reads the database and hands them the data.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from xuctien.investments import aggregates as pipeline_aggregates
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


def funnel_counts(
    all_histories: Any,
) -> tuple[dict[str, int], dict[str, int], dict[str, list[int]]]:
    """Per pipeline stage: projects that entered it, that reached a later one, and the days
    each spent in it (where both dates are known)."""
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
    return dict(entered), dict(went_on), dict(stays)


def funnel_rows(all_histories: list[History]) -> list[FunnelRow]:
    """Per pipeline stage: projects that entered it, that reached a later one, days spent."""
    entered, went_on, stays = funnel_counts(all_histories)
    return [
        FunnelRow(
            s,
            str(Stage(s).label),
            entered.get(s, 0),
            went_on.get(s, 0),
            median(stays[s]) if stays.get(s) else None,
        )
        for s in PIPELINE
    ]


def funnel_from(totals: "pipeline_aggregates.PipelineAggregates") -> list[FunnelRow]:
    """The funnel of merged aggregates: the board's counts, with the histories' days."""
    at = {stage: totals.at.get(stage, 0) for stage in PIPELINE}
    reached = counting.reached(at)
    return [
        FunnelRow(
            s,
            str(Stage(s).label),
            totals.entered.get(s, 0),
            totals.went_on.get(s, 0),
            pipeline_aggregates.weighted_median(totals.stays.get(s, Counter())),
            at=at[s],
            reached=reached[s],
            onward=reached.get(next_stage(s) or ""),
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


def group_rows(totals: "pipeline_aggregates.PipelineAggregates", key: str) -> list[tuple]:
    """(label, capital VND, jobs planned) by country, sector, zone or IRC year, by label."""
    rows = totals.groups.get(key, {})
    labels = _labels(key, [g for g in rows if g is not None])
    by_label: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    for group, (capital, jobs) in rows.items():
        label = labels.get(group, "—")  # no investor and a country unknown read alike
        by_label[label][0] += capital
        by_label[label][1] += jobs
    return sorted(((k, v[0], v[1]) for k, v in by_label.items()), key=lambda r: r[0])


def _labels(key: str, groups: list) -> dict[Any, str]:
    from xuctien.core.models import Zone
    from xuctien.investments.models import Sector

    if key == "country":
        return {code: country_name(code) for code in groups}
    if key == "sector":  # "26 – Sản xuất sản phẩm điện tử…"
        return {pk: str(s) for pk, s in Sector.objects.in_bulk(groups).items()}
    if key == "zone":
        return {pk: str(z) for pk, z in Zone.objects.in_bulk(groups).items()}
    return {year: str(year) for year in groups}


def totals_by(projects: QuerySet, key: str) -> list[tuple[str, Decimal, int]]:
    """(group, capital VND, jobs planned) by country, sector, zone or IRC year."""
    totals = pipeline_aggregates.PipelineAggregates(
        groups={key: pipeline_aggregates.totals(counting.in_pipeline(projects), key)}
    )
    return group_rows(totals, key)


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


def event_outcomes(user: Any) -> list[EventOutcome]:
    """What each event the user may see led to: investors met, projects traced through the
    interactions recorded at it, their IRCs and capital. Three queries for all events."""
    from xuctien.investments.models import Interaction, PromotionEvent

    events = list(
        PromotionEvent.objects.restrict(user, "view").annotate(met=Count("investors_met"))
    )
    links = (
        Interaction.objects.filter(event__in=[e.pk for e in events], project__isnull=False)
        .order_by()
        .values_list("event_id", "project_id")
        .distinct()
    )
    by_event: dict[int, set[int]] = defaultdict(set)
    for event_id, project_id in links:
        by_event[event_id].add(project_id)
    traced = {pid for pids in by_event.values() for pid in pids}
    registered_ = Project.objects.filter(pk__in=traced, irc_date__isnull=False)
    facts = dict(registered_.values_list("pk", "capital_vnd"))
    outcomes = []
    for event in events:
        projects = by_event.get(event.pk, set())
        registered = [facts[p] for p in projects if p in facts]
        capital = sum((c or Decimal(0) for c in registered), Decimal(0))
        outcomes.append(EventOutcome(event, event.met, len(projects), len(registered), capital))
    return outcomes
