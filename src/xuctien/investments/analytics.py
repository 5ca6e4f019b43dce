"""Figures about the pipeline itself: histories, the funnel, totals by group, the forecast.

The arithmetic lives in pure functions (``funnel_rows``, ``forecast.simulate``); this
module reads the database and hands them the data.
"""

import datetime as dt
import hashlib
import json
import operator
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from statistics import median
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from xuctien.core import aggregates
from xuctien.investments import aggregates as pipeline_aggregates
from xuctien.investments import counting, forecast, indicators
from xuctien.investments.countries import country_name
from xuctien.investments.models import Project, Stage, StageChange
from xuctien.investments.models.reference import MANUFACTURING
from xuctien.investments.stages import PIPELINE, PRE_IRC, next_stage

History = list[tuple[str, dt.date | None]]


def histories(projects: QuerySet) -> dict[int, History]:
    """Each project's stages, in order, from its stage changes.

    A stage whose date the sources do not give is still a stage the project passed: it keeps
    ``None`` for its date, and a history with an unknown date is ordered along the pipeline.
    """
    return histories_by_province(projects, by_province=False).get(None, {})


def histories_by_province(
    projects: QuerySet, by_province: bool = True
) -> dict[int | None, dict[int, History]]:
    """``histories`` of the projects of each province (the key None for all of them when not
    ``by_province``), in one query whatever the number of provinces."""
    found: dict[int | None, dict[int, History]] = defaultdict(lambda: defaultdict(list))
    changes = StageChange.objects.filter(project__in=projects).order_by("date", "id")
    columns = ("project__province_id" if by_province else None, "project_id", "to_stage", "date")
    rows = changes.values_list(*[c for c in columns if c])
    for row in rows if by_province else ((None, *row) for row in rows):
        province, project_id, stage, day = row
        found[province][project_id].append((stage, day))
    for by_project in found.values():
        for history in by_project.values():
            if any(day is None for _stage, day in history):
                history.sort(key=_pipeline_order)
    return {province: dict(by_project) for province, by_project in found.items()}


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
    for history in all_histories:  # one pass each way: a nation has hundreds of thousands
        furthest, ahead = -1, []  # the furthest pipeline stage after each entry
        for stage, _day in reversed(history):
            ahead.append(furthest)
            furthest = max(furthest, _PLACE.get(stage, -1))
        ahead.reverse()
        seen: set[str] = set()
        for index, (stage, day) in enumerate(history):
            place = _PLACE.get(stage)
            if place is None or stage in seen:
                continue
            seen.add(stage)
            entered[stage] += 1
            if ahead[index] > place:
                went_on[stage] += 1
            following = history[index + 1][1] if index + 1 < len(history) else None
            if day is not None and following is not None:
                stays[stage].append((following - day).days)
    return dict(entered), dict(went_on), dict(stays)


#: Each pipeline stage's place along the way forward.
_PLACE = {stage: place for place, stage in enumerate(PIPELINE)}


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


FORECAST_INPUTS = pipeline_aggregates.KEY  # one generation: every pipeline write bumps it
#: Pipelines with more projects than this are simulated by a background task; the panel says
#: "computing" and polls until the answer is in the cache.
INLINE_LIMIT = 2000
#: How long a computed forecast is kept, and how long a queued one is waited for before it
#: is queued again (a worker that died).
RESULT_SECONDS = 6 * 3600
PENDING_SECONDS = 5 * 60


PipelineRow = tuple[str, dt.date | None, float, float]
IrcRow = tuple[int, float, float]


@dataclass(frozen=True)
class ForecastInputs:
    """A province's registry as the forecast reads it, in plain numbers (cached).

    ``pipeline``: (stage, in it since, expected capital in VND trillion, jobs planned) of its
    real manufacturing projects before their IRC; ``ircs``: (IRC year, capital in VND
    trillion, jobs planned) of the projects that count; ``assumptions``: each pre-IRC stage's
    chance and durations, from the stage histories of the province's real projects;
    ``digest``: a fingerprint of the three, computed once with them.
    """

    assumptions: dict[str, forecast.StageAssumption]
    pipeline: tuple[PipelineRow, ...]
    ircs: tuple[IrcRow, ...]
    digest: str = ""

    @classmethod
    def of(
        cls,
        assumptions: dict[str, forecast.StageAssumption],
        pipeline: tuple[PipelineRow, ...],
        ircs: tuple[IrcRow, ...],
    ) -> "ForecastInputs":
        return cls(
            assumptions,
            pipeline,
            ircs,
            _digest([asdict(a) for a in assumptions.values()], pipeline, ircs),
        )


def forecast_inputs(province: Any) -> ForecastInputs:
    """The province's forecast inputs, from the cache until a write bumps them."""
    return aggregates.cached(
        FORECAST_INPUTS, province, lambda: read_forecast_inputs(province), variant="forecast"
    )


def read_forecast_inputs(province: Any) -> ForecastInputs:
    """Three queries, whatever the number of projects: stage changes, pipeline, IRCs."""
    real = Project.objects.filter(province=province, is_synthetic=False, is_aggregate=False)
    pipeline = real.filter(stage__in=PRE_IRC, sector__section=MANUFACTURING).order_by("pk")
    ircs = indicators.counted_projects(province).order_by("pk")
    return ForecastInputs.of(
        assumptions=forecast.estimate(histories(real).values()),
        pipeline=tuple(
            (stage, since, _trillions(capital), float(jobs or 0))
            for stage, since, capital, jobs in pipeline.values_list(
                "stage", "stage_since", "expected_capital_vnd", "jobs_planned"
            )
        ),
        ircs=tuple(
            (irc.year, _trillions(capital), float(jobs or 0))
            for irc, capital, jobs in ircs.values_list("irc_date", "capital_vnd", "jobs_planned")
        ),
    )


def _trillions(vnd: Decimal | None) -> float:
    return float((vnd or 0) / indicators.TRILLION)


def _digest(*parts: Any) -> str:
    """A fingerprint of plain values, in JSON (a pickle of equal values is not always the
    same bytes)."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class ForecastPlan:
    """An indicator's forecast before it runs: the province's inputs, each current target
    still open (target year, target, achieved so far), and the simulation's settings."""

    inputs: ForecastInputs
    value_field: str
    goals: tuple[tuple[int, float, float], ...]
    first_year: int
    as_of: dt.date
    runs: int
    seed: int

    @property
    def projects(self) -> list[forecast.PipelineProject]:
        return [
            forecast.PipelineProject(str(i), stage, since or self.as_of, capital, jobs)
            for i, (stage, since, capital, jobs) in enumerate(self.inputs.pipeline)
        ]

    @property
    def size(self) -> int:
        """Pipeline projects taking part (those with a value to add)."""
        column = 2 if self.value_field == "capital" else 3
        return sum(1 for row in self.inputs.pipeline if row[column])

    @property
    def key(self) -> str:
        """Where the answer is kept: a digest of everything it depends on."""
        settings = (self.value_field, self.goals, self.first_year, self.as_of, self.runs, self.seed)
        return f"xt:forecast:{_digest(self.inputs.digest, *settings)}"

    def arrivals(self) -> forecast.Arrivals:
        """New manufacturing IRCs per complete year of the registry, and their sizes."""
        last_year = self.as_of.year - 1
        if last_year < self.first_year:
            return forecast.Arrivals()
        column = 1 if self.value_field == "capital" else 2
        pairs = [(row[0], row[column]) for row in self.inputs.ircs]
        return forecast.Arrivals.from_history(pairs, self.first_year, last_year)

    def run(self) -> list[forecast.Forecast]:
        projects, arrivals = self.projects, self.arrivals()
        return [
            forecast.simulate(
                projects,
                self.inputs.assumptions,
                value=operator.attrgetter(self.value_field),
                achieved=achieved,
                target=target,
                target_year=year,
                as_of=self.as_of,
                runs=self.runs,
                seed=self.seed,
                arrivals=arrivals,
            )
            for year, target, achieved in self.goals
        ]


def forecast_plan(indicator: Any, *, runs: int = 5000, seed: int = 2020) -> ForecastPlan:
    """The forecast of each current province-wide target of a computed indicator, to run."""
    value_field = "capital" if indicator.registry_feed == indicators.CAPITAL else "jobs"
    provider = indicators.capital_figures if value_field == "capital" else indicators.jobs_figures
    figures = {f.year: float(f.value) for f in provider(indicator)}
    today = timezone.localdate()
    targets = indicator.current_targets()
    goals = tuple(
        (
            target.year,
            float(target.value),
            sum(v for y, v in figures.items() if target.start_year <= y <= today.year),
        )
        # A closed period: its outcome is in the assessment, not a chance.
        for target in targets
        if target.year >= today.year
    )
    return ForecastPlan(
        inputs=forecast_inputs(indicator.province_id),
        value_field=value_field,
        goals=goals,
        first_year=min((t.start_year for t in targets), default=today.year),
        as_of=today,
        runs=runs,
        seed=seed,
    )


def forecasts_for(
    indicator: Any, *, runs: int = 5000, seed: int = 2020, background: bool = False
) -> list[forecast.Forecast] | None:
    """The forecast for each current province-wide target of a computed indicator.

    Computed once per state of the registry and kept. With ``background``, a pipeline larger
    than ``INLINE_LIMIT`` is queued for the task worker instead: None until it is done.
    """
    plan = forecast_plan(indicator, runs=runs, seed=seed)
    found = cache.get(plan.key)
    if found is not None:
        return found
    if background and plan.size > INLINE_LIMIT:
        if cache.add(f"{plan.key}:pending", True, PENDING_SECONDS):
            from xuctien.investments.tasks import compute_forecast

            compute_forecast.enqueue(indicator.pk, runs=runs, seed=seed)
        return cache.get(plan.key)  # an in-process task backend has already run it
    return run_and_keep(plan)


def run_and_keep(plan: ForecastPlan) -> list[forecast.Forecast]:
    results = plan.run()
    cache.set(plan.key, results, RESULT_SECONDS)
    cache.delete(f"{plan.key}:pending")
    return results


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
