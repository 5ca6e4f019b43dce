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
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from xuctien.core.models import Locality, Province
from xuctien.programmes import assessment, computed, instances
from xuctien.programmes import formula as formulas
from xuctien.programmes.models import Baseline, Indicator, Observation, Qualifier, Target
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
    #: the registry's verdict for the year, beside an official one (capital, jobs)
    registry: assessment.YearAssessment | None = None
    registry_coverage: dict[str, Any] | None = None
    #: "official" (an observation), "registry" (the project registry), "formula" (derived)
    basis: str = "official"

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

    @property
    def is_to_date(self) -> bool:
        return self.result.status is assessment.Status.TO_DATE

    @property
    def other_verdicts(self) -> list[dict[str, Any]]:
        """The verdicts against the other documents' targets for the year, labelled."""
        return [
            {"result": other, "target": other.target.ref, "rule_text": rule_text(other.rule)}
            for other in self.result.others
            if other.target is not None
        ]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "result":  # copying, unpickling (the cache)
            raise AttributeError(name)
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
    def targets_in_order(self) -> list[Target]:
        """The targets, the programme's own document's first (they give the verdict), then
        the other documents' (annual plans, later resolutions), each in year order."""
        own = [t for t in self.targets if is_own_target(self.indicator, t)]
        if not own:
            return self.targets
        return own + [t for t in self.targets if t not in own]

    @property
    def headline(self) -> Row | None:
        """The latest complete year with a figure, else the first assessed year.

        The current, unfinished year is never the headline: it is shown as the year to date.
        """
        this_year = timezone.localdate().year
        with_data = [r for r in self.rows if r.result.actual is not None and r.year < this_year]
        if with_data:
            return with_data[-1]
        current = [r for r in self.rows if r.year < this_year]
        return current[-1] if current else (self.rows[0] if self.rows else None)

    @property
    def year_to_date(self) -> Row | None:
        """The current year's row, when it has a figure so far."""
        return next((r for r in self.rows if r.is_to_date), None)

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


def indicators_for_reports(
    queryset: QuerySet | None = None, whole_province: bool = False
) -> QuerySet:
    """Indicators with everything a report needs, in a fixed number of queries.

    ``whole_province`` loads only the figures of the province as a whole (no district's,
    no zone's): all that ``report(indicator)`` without a place reads, and a small part of
    the figures when districts report too.
    """
    queryset = queryset if queryset is not None else Indicator.objects.all()
    approved = Observation.objects.filter(status=Observation.Status.APPROVED).select_related(
        "locality"
    )
    if whole_province:
        approved = approved.filter(zone__isnull=True, locality__parent__isnull=True)
    return queryset.select_related(
        "breakthrough", "responsible_agency", "programme"
    ).prefetch_related(
        *target_prefetches(),
        Prefetch("observations", queryset=approved.order_by("year", "period"), to_attr="approved"),
    )


STRICT = {Qualifier.OVER, Qualifier.UNDER}
PERCENT_UNITS = ("%", "% GRDP")


def is_own_target(indicator: Indicator, target: Target) -> bool:
    """Whether the target comes from the indicator's own programme document."""
    number = getattr(indicator.programme, "number", "") or ""
    return bool(number) and number in (target.document or "")


def spec_for(indicator: Indicator) -> assessment.IndicatorSpec | None:
    """The engine's view of the indicator's current targets and baseline.

    Where some targets come from the programme's own document, those give the verdict and
    the others (annual plans, later documents) are assessed beside them.
    """
    current = indicator.current_targets()
    own = {t.pk for t in current if is_own_target(indicator, t)}
    targets = tuple(
        assessment.Target(
            start_year=t.start_year,
            year=t.year,
            value=t.value,
            high=t.value_high,
            strict=t.qualifier in STRICT,
            primary=not own or t.pk in own,
            ref=t,
        )
        for t in current
    )
    if not targets:
        return None
    baseline = indicator.current_baseline()
    physical = (Decimal(0), Decimal(100)) if indicator.unit in PERCENT_UNITS else (None, None)
    return assessment.IndicatorSpec(
        behaviour=assessment.Behaviour(indicator.behaviour),
        direction=assessment.Direction(indicator.direction),
        targets=targets,
        baseline=assessment.Baseline(baseline.year, baseline.value) if baseline else None,
        tolerance=indicator.tolerance,
        physical=physical,
    )


def bound_of(obs: Observation) -> assessment.Bound:
    """What a published figure says: exact, about, at least, at most, or a range."""
    if obs.value_high is not None:
        return assessment.Bound.between(obs.value, obs.value_high)
    if obs.qualifier in (Qualifier.OVER, Qualifier.AT_LEAST):
        return assessment.Bound.at_least(obs.value)
    if obs.qualifier in (Qualifier.UNDER, Qualifier.AT_MOST):
        return assessment.Bound.at_most(obs.value)
    if obs.qualifier in (Qualifier.APPROX, Qualifier.NEARLY):
        return assessment.Bound.about(obs.value)
    return assessment.Bound.exact(obs.value)


def lower_bounds_from_partials(
    partial: list[Observation], yearly: dict, spans: dict
) -> tuple[dict, dict]:
    """Partial-period sums of a flow that is never negative, as lower bounds for their year.

    "to mid-2023" from 2021 is at least the 2021-2023 total; "9 months of 2024" is at least
    the 2024 flow. A full-period figure always wins; among partials, the largest bound.
    """
    extra_yearly: dict[int, Observation] = {}
    extra_spans: dict[tuple[int, int], Observation] = {}
    for obs in partial:
        low = obs.value
        if low is None or low < 0:
            continue
        if obs.period_kind == "span":
            key = (obs.start_year, obs.year)
            if key not in spans and (key not in extra_spans or extra_spans[key].value < low):
                extra_spans[key] = obs
        elif obs.year not in yearly and (
            obs.year not in extra_yearly or extra_yearly[obs.year].value < low
        ):
            extra_yearly[obs.year] = obs
    return extra_yearly, extra_spans


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


#: a figure's order on the pages: by year, then period
_year_and_period = attrgetter("year", "period")


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


def report(
    indicator: Indicator, locality: Any = None, zone: Any = None, batch: Batch | None = None
) -> IndicatorReport:
    """Assess one indicator for the province (or a locality or zone).

    ``batch`` (from ``assess_indicators``) holds what was read for many indicators at once:
    the province's figures, the computed figures and the operands of derived indicators."""
    observations = _observations(indicator, locality, zone)
    chosen = choose(observations)
    yearly, spans, partial = split_figures(chosen)
    rivals = [o for o in observations if not o.accepted]
    provider = computed.provider_for(indicator)
    figures = _computed(indicator, provider, locality, zone, batch)
    gaps: dict[int, str] = {}
    if indicator.is_derived:
        figures, gaps = derived_figures(indicator, locality, zone, batch)
    spec = spec_for(indicator)
    whole = batch is not None and locality is None and zone is None
    detail = batch.detail if whole else True
    until = getattr(batch, "complete_until", None) if whole else None
    published = (yearly, spans, partial)
    rows = _rows(spec, published, figures, provider, indicator.is_derived, detail, until)
    return IndicatorReport(
        indicator=indicator,
        spec=spec,
        rows=rows,
        used=sorted(chosen.values(), key=_year_and_period),
        partial=partial,
        rivals=rivals,
        is_computed=bool(provider),
        computed_figures=figures,
        is_derived=indicator.is_derived,
        derivation_gaps=gaps,
    )


def _computed(indicator, provider, locality, zone, batch) -> list[computed.ComputedFigure]:
    if provider is None:
        return []
    if batch is not None and locality is None and zone is None:
        if indicator.pk not in batch.computed:
            batch.computed.update(computed.province_figures([indicator]))
        return batch.computed[indicator.pk]
    return provider(indicator, locality, zone)


def yearly_values(
    indicator: Indicator, locality: Any = None, zone: Any = None, batch: Batch | None = None
) -> dict:
    """The figure that counts for each year: computed, derived or the chosen observation."""
    provider = computed.provider_for(indicator)
    if provider is not None:
        return {f.year: f.value for f in _computed(indicator, provider, locality, zone, batch)}
    if indicator.is_derived:
        return {f.year: f.value for f in derived_figures(indicator, locality, zone, batch)[0]}
    yearly, _spans, _partial = split_figures(choose(_observations(indicator, locality, zone)))
    return {year: obs.value for year, obs in yearly.items()}


def derived_figures(
    indicator: Indicator, locality: Any = None, zone: Any = None, batch: Batch | None = None
) -> tuple[list[computed.ComputedFigure], dict[int, str]]:
    """A derived indicator's yearly values from its formula over the operands' figures.

    Returns the figures and, for the years that could not be computed (an operand missing,
    a zero divisor), the reason in words. Formulas were checked for unknown codes and
    cycles when the programme was imported.
    """
    formula = formulas.parse(indicator.formula)
    if batch is not None and locality is None and zone is None:
        operands = batch.operands(indicator, formula.codes)
    else:
        # The operands are the indicators of the same province (codes are unique per province).
        same_province = Indicator.objects.filter(province=indicator.province_id)
        operands = indicators_for_reports(same_province.filter(code__in=formula.codes))
        batch = None
    series = {op.code: yearly_values(op, locality, zone, batch) for op in operands}
    result = formulas.evaluate_series(formula, series)
    text = str(formula)
    figures = [
        computed.ComputedFigure(year, value, explanation=f"= {text}", source="formula")
        for year, value in sorted(result.values.items())
    ]
    return figures, {year: formula_error_text(e) for year, e in result.skipped.items()}


def _observations(indicator: Indicator, locality: Any, zone: Any) -> list[Observation]:
    if locality is None and zone is None and hasattr(indicator, "province_figures"):
        return indicator.province_figures  # read for the whole province only (a batch)
    observations = getattr(indicator, "approved", None)
    if observations is None:
        observations = list(indicator.observations.filter(status=Observation.Status.APPROVED))
    if zone is not None:
        return [o for o in observations if o.zone_id == zone.pk]
    observations = [o for o in observations if o.zone_id is None]
    if locality is not None:
        return [o for o in observations if o.locality_id == locality.pk]
    return [o for o in observations if o.locality.parent_id is None]


def _complete_until() -> int:
    return timezone.localdate().year - 1


def _official(
    spec, yearly, spans, partial, detail: bool = True, until: int | None = None
) -> tuple[list, dict, dict]:
    """The engine's run over the published figures, and which figure each year used.
    ``until``: ``_complete_until()``, when the caller has read it."""
    sources: dict = dict(yearly)
    span_sources: dict = dict(spans)
    if spec.behaviour is assessment.Behaviour.CUMULATIVE:
        extra_yearly, extra_spans = lower_bounds_from_partials(partial, yearly, spans)
        sources |= extra_yearly
        span_sources |= extra_spans
    values = {year: _bound_for(spec, obs, year in yearly) for year, obs in sources.items()}
    span_values = {key: _bound_for(spec, obs, key in spans) for key, obs in span_sources.items()}
    results = assessment.assess(
        spec,
        values,
        span_values,
        complete_until=_complete_until() if until is None else until,
        detail=detail,
    )
    return results, sources, span_sources


def _bound_for(spec, obs: Observation, full: bool) -> assessment.Bound:
    bound = bound_of(obs)
    if full or bound.low is None:
        return bound
    return assessment.Bound.at_least(bound.low)  # a part of a year's (or span's) flow


def registry_bound(figure: computed.ComputedFigure) -> assessment.Bound:
    """The registry's flow for a year: exact where declared complete, else at least."""
    if figure.complete:
        return assessment.Bound.exact(figure.value)
    return assessment.Bound.at_least(figure.value)


def _coverage(figures: list, year: int, start: int) -> dict[str, Any]:
    used = [f for f in figures if start <= f.year <= year]
    return {
        "projects": sum(f.count for f in used),
        "waiting_for_rate": sum(f.pending for f in used),
        "complete": bool(used) and all(f.complete for f in used),
    }


def _rows(
    spec, published, figures, provider, is_derived, detail: bool = True, until: int | None = None
) -> list[Row]:
    if spec is None:
        return []
    until = _complete_until() if until is None else until  # read once for both runs
    yearly, spans, partial = published
    if is_derived and not provider:
        values = {f.year: f.value for f in figures}
        sources = {f.year: f for f in figures}
        results = assessment.assess(spec, values, complete_until=until, detail=detail)
        return [Row(result=r, figure=sources.get(r.year), basis="formula") for r in results]
    official, sources, span_sources = _official(spec, yearly, spans, partial, detail, until)
    if not provider:
        return [Row(result=r, figure=_figure(r, sources, span_sources)) for r in official]
    # Official figures first; the registry's figures are a lower bound beside them and the
    # basis of the verdict only for a year no official figure covers.
    registry = assessment.assess(
        spec,
        {f.year: registry_bound(f) for f in figures},
        years=[r.year for r in official],
        complete_until=until,
        detail=detail,
    )
    by_year = {f.year: f for f in figures}
    rows = []
    for own, reg in zip(official, registry, strict=True):
        start = reg.target.start_year if reg.target else reg.year
        coverage = _coverage(figures, reg.year, start)
        reported = [yearly[own.year]] if own.year in yearly else []
        if own.bound is not None:
            figure = _figure(own, sources, span_sources)
            rows.append(Row(own, figure, reported, reg, coverage, "official"))
        else:
            rows.append(Row(reg, by_year.get(reg.year), reported, reg, coverage, "registry"))
    return rows


def _figure(result: assessment.YearAssessment, sources: dict, span_sources: dict) -> Any:
    figure = sources.get(result.year)
    if result.span and (figure is None or result.span[1] == result.year):
        figure = span_sources.get(result.span, figure)
    return figure


def province_level(observations: QuerySet) -> QuerySet:
    """The approved figures for a whole province: not a locality's, not a zone's."""
    # The places as a subquery, not a join: PostgreSQL then reads the indicators' figures by
    # their index instead of every province's figures (twice as fast at national scale).
    provinces = Locality.objects.filter(parent__isnull=True).values("pk")
    return observations.filter(
        status=Observation.Status.APPROVED, zone__isnull=True, locality__in=provinces
    )


#: What ``with_targets`` reads along with each indicator, in the same query.
ALONG = ("breakthrough", "responsible_agency", "programme", "province__locality")


def target_prefetches() -> tuple[Prefetch, Prefetch]:
    """The targets and baselines ``with_targets`` reads, one query each."""
    return (
        Prefetch("targets", queryset=Target.objects.select_related("revised_by", "revises")),
        Prefetch("baselines", queryset=Baseline.objects.select_related("revised_by")),
    )


def with_targets(queryset: QuerySet) -> QuerySet:
    """Indicators with their targets and baselines (not their figures): three queries. The
    province's place comes along: the place of the province-level figures."""
    return queryset.select_related(*ALONG).prefetch_related(*target_prefetches())


def attach_province_figures(indicators: list[Indicator]) -> None:
    """Give each indicator its approved province-level figures, in one query for all: the
    figures built from their rows (``instances.read``), each given its province's place
    as read with the indicators (``with_targets``), one object for all its figures."""
    if not indicators:
        return
    by_indicator: dict[int, list[Observation]] = {i.pk: [] for i in indicators}
    figures = province_level(Observation.objects.filter(indicator__in=list(by_indicator)))
    read = instances.read(figures.order_by("year", "period"))
    places = {
        place.pk: place
        for i in indicators
        if Indicator.province.is_cached(i)
        and Province.locality.is_cached(i.province)
        and (place := i.province.locality) is not None
    }
    missing = {obs.locality_id for obs in read} - places.keys()
    if missing:  # indicators read without their place, or a figure at another's place
        places |= Locality.objects.in_bulk(missing)
    cache_place = Observation.locality.field.set_cached_value
    for obs in read:
        cache_place(obs, places[obs.locality_id])
        by_indicator[obs.indicator_id].append(obs)
    for indicator in indicators:
        indicator.province_figures = by_indicator[indicator.pk]


class Batch:
    """What the reports of many indicators read, read once for all of them: each
    indicator's province-level figures, the computed figures of the computed ones (one
    set of queries per feed) and the operands of the derived ones (of the same province)."""

    #: the engine's projections and side verdicts too (``assessment.assess``): the pages'
    #: reports; ``verdicts.Sweep`` asks for the verdicts alone
    detail = True
    #: the last complete year, when read once for every report (``verdicts.Sweep``);
    #: None: each report reads it (``_complete_until``)
    complete_until: int | None = None

    def __init__(self, indicators: list[Indicator]) -> None:
        attach_province_figures(indicators)
        self.pool = {(i.province_id, i.code): i for i in indicators}
        self._load_operands(indicators)
        self.computed = computed.province_figures(list(self.pool.values()))

    def _load_operands(self, indicators: list[Indicator]) -> None:
        """Operands not among the indicators (another programme's), a round per level."""
        todo = indicators
        while todo:
            wanted = {
                (i.province_id, code)
                for i in todo
                if i.is_derived
                for code in formulas.parse(i.formula).codes
            } - set(self.pool)
            if not wanted:
                return
            query = Q()
            for province, code in wanted:
                query |= Q(province=province, code=code)
            todo = list(with_targets(Indicator.objects.filter(query)))
            attach_province_figures(todo)
            self.pool |= {(i.province_id, i.code): i for i in todo}

    def operands(self, indicator: Indicator, codes: Iterable[str]) -> list[Indicator]:
        found = (self.pool.get((indicator.province_id, code)) for code in sorted(set(codes)))
        return [op for op in found if op is not None]


def assess_indicators(
    queryset: QuerySet | list, cached: bool = True, current: dict[str, int] | None = None
) -> list[IndicatorReport]:
    """Reports for the indicators of ``queryset``, for their whole province each, in a
    number of queries that grows with neither the indicators, their figures, the places
    nor the provinces: indicators with targets and baselines, province-level figures, and
    one set of aggregates per registry feed (the operands of derived indicators of other
    programmes, when there are any, add a round).

    ``cached``: each report comes from the cache while the data behind it is unchanged
    (``caching``); then only the generations are read, and the indicators assessed again
    are those whose data changed. A list is taken as indicators already read
    ``with_targets``; ``current``: the generations of their scopes, when already read
    (``caching.generations``)."""
    indicators = queryset if isinstance(queryset, list) else list(with_targets(queryset))
    if cached:
        from xuctien.programmes import caching

        return caching.reports(indicators, _assess, current)
    return _assess(indicators)


def _assess(indicators: list[Indicator]) -> list[IndicatorReport]:
    batch = Batch(indicators)
    return [report(indicator, batch=batch) for indicator in indicators]


def assess_all(
    programmes: Iterable[Any] | None = None, cached: bool = True
) -> list[IndicatorReport]:
    """Reports for every indicator of ``programmes`` (every programme when None), in the
    indicators' order (programme, breakthrough, order, code)."""
    indicators = Indicator.objects.all()
    if programmes is not None:
        indicators = indicators.filter(programme__in=[p.pk for p in programmes])
    return assess_indicators(indicators, cached=cached)


def programme_reports(programme: Any) -> list[IndicatorReport]:
    """Reports for every indicator of a programme, for the dashboard."""
    return assess_all([programme])


def province_report(indicator: Indicator) -> IndicatorReport:
    """One indicator's report for its whole province, through the cache (the indicator
    page and the API); the indicator is read ``with_targets`` or is fetched so."""
    (item,) = assess_indicators([indicator])
    return item
