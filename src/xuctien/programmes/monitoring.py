"""Where each indicator stands: the database's figures run through the assessment engine.

This is the read side of the programme. It picks the figures that count (approved,
accepted, final before provisional before estimate before forecast), builds the engine's
``IndicatorSpec`` from the current baseline and targets, runs ``assessment.assess`` and
keeps, for every year, which figure (and which source) produced the actual, so every
number on a page can be traced back to its observation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from xuctien.programmes import assessment, computed
from xuctien.programmes import formula as formulas
from xuctien.programmes.models import Indicator, Observation, Target
from xuctien.programmes.rules import formula_error_text, rule_text

ESTIMATE_RANK = {
    Observation.Estimate.FINAL: 0,
    Observation.Estimate.PROVISIONAL: 1,
    Observation.Estimate.ESTIMATE: 2,
    Observation.Estimate.FORECAST: 3,
}


@dataclass
class Row:
    """One assessed year, with the figure behind its actual."""

    result: assessment.YearAssessment
    figure: Any = None  # the Observation or ComputedFigure used for the year, if any
    reported: list[Observation] = field(default_factory=list)  # shown beside computed ones

    @property
    def status(self) -> str:
        return self.result.status.value

    @property
    def rule_text(self) -> str:
        return rule_text(self.result.rule)

    @property
    def is_provisional(self) -> bool:
        estimate = getattr(self.figure, "estimate", Observation.Estimate.FINAL)
        return estimate != Observation.Estimate.FINAL

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)


@dataclass
class IndicatorReport:
    """Everything the pages and the API show about one indicator."""

    indicator: Indicator
    spec: assessment.IndicatorSpec | None
    rows: list[Row]
    used: list[Observation]
    partial: list[Observation]
    rivals: list[Observation]
    is_computed: bool = False
    computed_figures: list[computed.ComputedFigure] = field(default_factory=list)
    is_derived: bool = False
    derivation_gaps: dict[int, str] = field(default_factory=dict)

    @property
    def targets(self) -> list[Target]:
        return self.indicator.current_targets()

    @property
    def headline(self) -> Row | None:
        """The latest year with an actual figure, else the first assessed year."""
        with_data = [r for r in self.rows if r.result.actual is not None]
        if with_data:
            return with_data[-1]
        current = [r for r in self.rows if r.year <= timezone.localdate().year]
        return current[-1] if current else (self.rows[0] if self.rows else None)

    @property
    def status(self) -> str:
        row = self.headline
        return row.status if row else assessment.Status.NO_DATA.value

    @property
    def final_target(self) -> Target | None:
        targets = self.targets
        return targets[-1] if targets else None

    @property
    def latest_partial(self) -> Observation | None:
        return self.partial[-1] if self.partial else None


def indicators_for_reports(queryset: QuerySet | None = None) -> QuerySet:
    """Indicators with everything a report needs, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Indicator.objects.all()
    approved = Observation.objects.filter(status=Observation.Status.APPROVED).select_related(
        "locality"
    )
    return queryset.select_related(
        "breakthrough", "responsible_agency", "programme"
    ).prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("revised_by", "revises")),
        "baselines__revised_by",
        Prefetch("observations", queryset=approved.order_by("year", "period"), to_attr="approved"),
    )


def spec_for(indicator: Indicator) -> assessment.IndicatorSpec | None:
    """The engine's view of the indicator's current targets and baseline."""
    targets = tuple(
        assessment.Target(start_year=t.start_year, year=t.year, value=t.value)
        for t in indicator.current_targets()
    )
    if not targets:
        return None
    baseline = indicator.current_baseline()
    return assessment.IndicatorSpec(
        behaviour=assessment.Behaviour(indicator.behaviour),
        direction=assessment.Direction(indicator.direction),
        targets=targets,
        baseline=assessment.Baseline(baseline.year, baseline.value) if baseline else None,
        tolerance=indicator.tolerance,
    )


def choose(observations: Iterable[Observation]) -> dict[str, Observation]:
    """The figure that counts for each period: accepted, then the most final, then latest."""
    chosen: dict[str, Observation] = {}
    for obs in observations:
        if not obs.accepted or obs.value is None or not obs.is_approved:
            continue
        best = chosen.get(obs.period)
        if best is None or _preference(obs) < _preference(best):
            chosen[obs.period] = obs
    return chosen


def _preference(obs: Observation) -> tuple:
    approved = obs.approved_at.timestamp() if obs.approved_at else 0
    return (ESTIMATE_RANK.get(obs.estimate, 9), -approved, -(obs.pk or 0))


def _is_full_span(obs: Observation) -> bool:
    return obs.period_kind == "span" and "-" not in obs.period.split("/")[-1]


def split_figures(chosen: dict[str, Observation]) -> tuple[dict, dict, list]:
    """Yearly figures, full-year spans, and partial-period figures (shown, not assessed)."""
    yearly, spans, partial = {}, {}, []
    for obs in chosen.values():
        if obs.period_kind == "year":
            yearly[obs.year] = obs
        elif _is_full_span(obs):
            spans[(obs.start_year, obs.year)] = obs
        else:
            partial.append(obs)
    partial.sort(key=lambda o: (o.year, o.period))
    return yearly, spans, partial


def report(indicator: Indicator, locality: Any = None, zone: Any = None) -> IndicatorReport:
    """Assess one indicator for the province (or a locality or zone)."""
    observations = _observations(indicator, locality, zone)
    chosen = choose(observations)
    yearly, spans, partial = split_figures(chosen)
    rivals = [o for o in observations if not o.accepted]
    provider = computed.provider_for(indicator.code)
    figures = provider(indicator, locality, zone) if provider else []
    gaps: dict[int, str] = {}
    if indicator.is_derived:
        figures, gaps = derived_figures(indicator, locality, zone)
    spec = spec_for(indicator)
    rows = _rows(spec, yearly, spans, figures, bool(provider) or indicator.is_derived)
    return IndicatorReport(
        indicator=indicator,
        spec=spec,
        rows=rows,
        used=sorted(chosen.values(), key=lambda o: (o.year, o.period)),
        partial=partial,
        rivals=rivals,
        is_computed=bool(provider),
        computed_figures=figures,
        is_derived=indicator.is_derived,
        derivation_gaps=gaps,
    )


def yearly_values(indicator: Indicator, locality: Any = None, zone: Any = None) -> dict:
    """The figure that counts for each year: computed, derived or the chosen observation."""
    provider = computed.provider_for(indicator.code)
    if provider is not None:
        return {f.year: f.value for f in provider(indicator, locality, zone)}
    if indicator.is_derived:
        return {f.year: f.value for f in derived_figures(indicator, locality, zone)[0]}
    yearly, _spans, _partial = split_figures(choose(_observations(indicator, locality, zone)))
    return {year: obs.value for year, obs in yearly.items()}


def derived_figures(
    indicator: Indicator, locality: Any = None, zone: Any = None
) -> tuple[list[computed.ComputedFigure], dict[int, str]]:
    """A derived indicator's yearly values from its formula over the operands' figures.

    Returns the figures and, for the years that could not be computed (an operand missing,
    a zero divisor), the reason in words. Formulas were checked for unknown codes and
    cycles when the programme was imported.
    """
    formula = formulas.parse(indicator.formula)
    operands = indicators_for_reports(Indicator.objects.filter(code__in=formula.codes))
    series = {op.code: yearly_values(op, locality, zone) for op in operands}
    result = formulas.evaluate_series(formula, series)
    text = str(formula)
    figures = [
        computed.ComputedFigure(year, value, explanation=f"= {text}", source="formula")
        for year, value in sorted(result.values.items())
    ]
    return figures, {year: formula_error_text(e) for year, e in result.skipped.items()}


def _observations(indicator: Indicator, locality: Any, zone: Any) -> list[Observation]:
    observations = getattr(indicator, "approved", None)
    if observations is None:
        observations = list(indicator.observations.filter(status=Observation.Status.APPROVED))
    if zone is not None:
        return [o for o in observations if o.zone_id == zone.pk]
    observations = [o for o in observations if o.zone_id is None]
    if locality is not None:
        return [o for o in observations if o.locality_id == locality.pk]
    return [o for o in observations if o.locality.parent_id is None]


def _rows(spec, yearly, spans, figures, is_computed) -> list[Row]:
    if spec is None:
        return []
    if is_computed:
        values = {f.year: f.value for f in figures}
        sources = {f.year: f for f in figures}
        span_values: dict = {}
    else:
        values = {year: obs.value for year, obs in yearly.items()}
        sources = dict(yearly)
        span_values = {key: obs.value for key, obs in spans.items()}
    results = assessment.assess(spec, values, span_values)
    rows = []
    for result in results:
        figure = sources.get(result.year)
        if figure is None and result.span:
            figure = spans.get(result.span)
        reported = [yearly[result.year]] if is_computed and result.year in yearly else []
        rows.append(Row(result=result, figure=figure, reported=reported))
    return rows


def programme_reports(programme: Any) -> list[IndicatorReport]:
    """Reports for every indicator of a programme, for the dashboard."""
    indicators = indicators_for_reports(programme.indicators.all())
    return [report(indicator) for indicator in indicators]
