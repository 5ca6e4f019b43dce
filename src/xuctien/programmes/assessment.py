"""The assessment engine: where an indicator stands against its targets, year by year.

This module implements the target arithmetic of product.md §3 as pure functions over
``Decimal`` (no Django, no database), so the same rules serve the pages, the API, the reports
and the tests.

An indicator has a behaviour (a LEVEL such as a share of GRDP, a RATE such as average growth
over a window, or a CUMULATIVE sum of flows such as capital attracted), a direction (HIGHER or
LOWER is better) and targets, each covering a window of years ``start_year..year``. For every
year, :func:`assess` returns the actual figure, the expected figure on the path to the
applicable target, the gap, a projection, what is still needed per remaining year, a status and
the :class:`Rule` that produced the status.

Precision: all arithmetic runs in a 50-digit decimal context and nothing is rounded on the way.
Statuses are decided on the unrounded values (for RATE, exactly, by comparing growth factors
rather than roots, so 12.5% then 28% averages exactly 20%). Only the presented fields are
quantized, half up: figures to 4 decimal places, ``percent_of_target`` to 2. The gap is
``actual - expected`` computed unrounded, then quantized.

Choices where product.md is silent:

* The applicable target for a year is the one, among targets whose window contains the year,
  that ends earliest; on a tie, the narrowest window.
* LEVEL without a baseline: years up to the first target year have no expected value, so the
  status is NO_DATA with rule ``no_baseline`` - except in the target year itself, where the
  expected value is the target and the year is assessed normally.
* A LOWER cumulative (a cap on a total) is achieved only in its target year: an early partial
  sum is always below the cap and proves nothing. A HIGHER one is achieved as soon as it is met.
* ``still_needed`` of a cumulative indicator never goes below zero (nothing more is needed).
* A year with no figure of its own (and no span ending there) is NO_DATA with rule
  ``no_actual``; a cumulative year whose earlier flows are missing is NO_DATA with rule
  ``missing_years``; a rate is averaged over the observed years and the rule lists the gaps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from itertools import pairwise
from typing import TypeVar

_CONTEXT = Context(prec=50)
_FIGURE_PLACES = Decimal("0.0001")
_PERCENT_PLACES = Decimal("0.01")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_K = TypeVar("_K")


def _decimal(value: Decimal | int) -> Decimal:
    # Integers convert exactly; a float has already lost digits, so it is refused.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"Figures must be Decimal (or int), not {type(value).__name__}")
    return Decimal(value)


class Behaviour(StrEnum):
    """How an indicator's figures add up over time."""

    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"


class Direction(StrEnum):
    """Whether a higher or a lower figure is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Status(StrEnum):
    """The verdict for one year."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Target:
    """A target value for the window ``start_year..year`` inclusive (e.g. 2021..2025)."""

    start_year: int
    year: int
    value: Decimal

    def __post_init__(self) -> None:
        if self.start_year > self.year:
            raise ValueError(f"Target window {self.start_year}-{self.year} ends before it starts")
        object.__setattr__(self, "value", _decimal(self.value))

    @property
    def length(self) -> int:
        """Number of years in the window."""
        return self.year - self.start_year + 1

    def covers(self, year: int) -> bool:
        """Whether ``year`` lies inside the window."""
        return self.start_year <= year <= self.year


@dataclass(frozen=True)
class Baseline:
    """The figure of the last year before the first window."""

    year: int
    value: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _decimal(self.value))


@dataclass(frozen=True)
class IndicatorSpec:
    """Everything the engine needs to know about an indicator, apart from its figures."""

    behaviour: Behaviour
    direction: Direction
    targets: tuple[Target, ...]
    baseline: Baseline | None = None
    tolerance: Decimal = Decimal("0.10")

    def __post_init__(self) -> None:
        # Accept any iterable of targets but keep the dataclass hashable and immutable.
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "tolerance", _decimal(self.tolerance))
        if self.tolerance < 0:
            raise ValueError("The tolerance cannot be negative")
        if self.baseline and any(t.year <= self.baseline.year for t in self.targets):
            raise ValueError("The baseline year must come before every target year")


@dataclass(frozen=True)
class Rule:
    """A machine-readable reason for a status: a code and the figures it speaks of."""

    code: str
    params: dict[str, object] = field(default_factory=dict)


def gettext_noop(text: str) -> str:
    """Mark text for the translation catalogue without importing Django (the UI translates it)."""
    return text


# English templates, one per rule code; xuctien.programmes.rules renders them translated.
RULE_TEXTS: dict[str, str] = {
    "no_target": gettext_noop("No target covers {year}."),
    "no_actual": gettext_noop("No figure has been reported for {year}."),
    "no_baseline": gettext_noop(
        "There is no baseline, so no expected value can be drawn for {year} "
        "on the way to {target} in {target_year}."
    ),
    "missing_years": gettext_noop(
        "There are no figures for {missing_years}, so the total to {year} cannot be computed."
    ),
    "achieved_level": gettext_noop(
        "The figure of {actual} meets the target of {target} for {target_year}."
    ),
    "achieved_cumulative": gettext_noop(
        "The total of {actual} since {start_year} meets the target of {target} "
        "for {start_year}-{target_year}."
    ),
    "achieved_rate": gettext_noop(
        "The average rate of {actual}% over {start_year}-{target_year} "
        "meets the target of {target}%."
    ),
    "on_track": gettext_noop(
        "The figure of {actual} is at or better than the expected {expected}."
    ),
    "at_risk": gettext_noop(
        "The figure of {actual} is behind the expected {expected} by {shortfall}, "
        "within the tolerance of {allowance}."
    ),
    "off_track": gettext_noop(
        "The figure of {actual} is behind the expected {expected} by {shortfall}, "
        "more than the tolerance of {allowance}."
    ),
    "partial": gettext_noop("The average leaves out the years without figures: {missing_years}."),
}


def describe(rule: Rule) -> str:
    """Render a rule as English text (plus a note when a rate leaves out missing years)."""
    params = {key: _format_param(value) for key, value in rule.params.items()}
    text = RULE_TEXTS[rule.code].format(**params)
    if rule.code != "missing_years" and rule.params.get("missing_years"):
        text += " " + RULE_TEXTS["partial"].format(**params)
    return text


def _format_param(value: object) -> str:
    if isinstance(value, Decimal):
        if value == 0:
            return "0"
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class YearAssessment:
    """The assessment of one year; figures quantized for presentation (see module docstring)."""

    year: int
    target: Target | None
    actual: Decimal | None
    expected: Decimal | None
    gap: Decimal | None
    percent_of_target: Decimal | None
    projection: Decimal | None
    still_needed: Decimal | None
    status: Status
    rule: Rule
    years_used: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Outcome:
    """Unrounded figures of one year, before presentation."""

    rule: Rule
    status: Status = Status.NO_DATA
    actual: Decimal | None = None
    expected: Decimal | None = None
    projection: Decimal | None = None
    still_needed: Decimal | None = None
    years_used: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Cover:
    """Which figures cover a window from its start up to a year."""

    span: tuple[int, int] | None
    observed: tuple[int, ...]  # years after the span with a yearly figure
    missing: tuple[int, ...]
    has_year: bool  # the assessed year itself has a figure (or a span ends on it)

    @property
    def years_used(self) -> tuple[int, ...]:
        span_years = range(self.span[0], self.span[1] + 1) if self.span else ()
        return (*span_years, *self.observed)


def assess(
    spec: IndicatorSpec,
    yearly: Mapping[int, Decimal],
    spans: Mapping[tuple[int, int], Decimal] | None = None,
    years: Iterable[int] | None = None,
) -> list[YearAssessment]:
    """Assess each year (by default from the baseline year + 1 to the last target year).

    ``yearly`` holds the year's level, growth in percent, or flow, by behaviour; ``spans`` holds
    figures over several full years (a total for CUMULATIVE, an average rate for RATE).
    """
    wanted = sorted(set(years)) if years is not None else default_years(spec)
    yearly, spans = _decimals(yearly), _decimals(spans or {})
    with localcontext(_CONTEXT):
        return [_assess_year(spec, yearly, spans, year) for year in wanted]


def _decimals(figures: Mapping[_K, Decimal]) -> dict[_K, Decimal]:
    return {key: _decimal(value) for key, value in figures.items()}


def default_years(spec: IndicatorSpec) -> list[int]:
    """Years from the baseline year + 1 (else the first window's start) to the last target."""
    if not spec.targets:
        return []
    last = max(t.year for t in spec.targets)
    first = spec.baseline.year + 1 if spec.baseline else min(t.start_year for t in spec.targets)
    return list(range(first, last + 1))


def applicable_target(targets: Iterable[Target], year: int) -> Target | None:
    """The target whose window contains ``year`` and ends earliest (narrowest on a tie)."""
    covering = [t for t in targets if t.covers(year)]
    return min(covering, key=lambda t: (t.year, -t.start_year), default=None)


def _assess_year(
    spec: IndicatorSpec,
    yearly: Mapping[int, Decimal],
    spans: Mapping[tuple[int, int], Decimal],
    year: int,
) -> YearAssessment:
    target = applicable_target(spec.targets, year)
    if target is None:
        # A level is still a meaningful figure outside any window; a rate or a sum is not.
        actual = yearly.get(year) if spec.behaviour is Behaviour.LEVEL else None
        outcome = _Outcome(Rule("no_target", {"year": year}), actual=actual)
    elif spec.behaviour is Behaviour.LEVEL:
        outcome = _assess_level(spec, target, year, yearly)
    elif spec.behaviour is Behaviour.RATE:
        outcome = _assess_rate(spec, target, year, yearly, spans)
    else:
        outcome = _assess_cumulative(spec, target, year, yearly, spans)
    return _present(spec, year, target, outcome)


def _present(
    spec: IndicatorSpec, year: int, target: Target | None, outcome: _Outcome
) -> YearAssessment:
    actual, expected = outcome.actual, outcome.expected
    gap = actual - expected if actual is not None and expected is not None else None
    percent = _percent_of_target(actual, target, spec.direction)
    return YearAssessment(
        year=year,
        target=target,
        actual=_q(actual),
        expected=_q(expected),
        gap=_q(gap),
        percent_of_target=percent,
        projection=_q(outcome.projection),
        still_needed=_q(outcome.still_needed),
        status=outcome.status,
        rule=outcome.rule,
        years_used=outcome.years_used,
        missing_years=outcome.missing_years,
        span=outcome.span,
    )


def _q(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(_FIGURE_PLACES, rounding=ROUND_HALF_UP, context=_CONTEXT)


def _percent_of_target(
    actual: Decimal | None, target: Target | None, direction: Direction
) -> Decimal | None:
    if actual is None or target is None:
        return None
    # For a LOWER indicator, beating the target (a smaller figure) reads as above 100%.
    num, den = (actual, target.value) if direction is Direction.HIGHER else (target.value, actual)
    if den == 0:
        return None
    return (num / den * _HUNDRED).quantize(_PERCENT_PLACES, ROUND_HALF_UP, context=_CONTEXT)


# --- status ---------------------------------------------------------------------------------


def _better_or_equal(value: Decimal, bound: Decimal, direction: Direction) -> bool:
    return value >= bound if direction is Direction.HIGHER else value <= bound


def _grade(
    spec: IndicatorSpec,
    actual: Decimal,
    expected: Decimal,
    factor: tuple[Decimal, int] | None = None,
) -> tuple[Status, Rule]:
    """ON_TRACK, AT_RISK or OFF_TRACK against ``expected``; the tolerance boundary is AT_RISK.

    ``factor`` = (growth factor, years) makes a rate compare exactly: the average rate r over k
    years is behind x exactly when the factor is behind (1 + x/100)^k, with no root taken.
    """
    allowance = spec.tolerance * abs(expected)
    limit = expected - allowance if spec.direction is Direction.HIGHER else expected + allowance
    if factor is None:
        value, bounds = actual, (expected, limit)
    else:
        value, bounds = factor[0], tuple(_growth_factor(b, factor[1]) for b in (expected, limit))
    params: dict[str, object] = {"actual": _q(actual), "expected": _q(expected)}
    if _better_or_equal(value, bounds[0], spec.direction):
        return Status.ON_TRACK, Rule("on_track", params)
    code = "at_risk" if _better_or_equal(value, bounds[1], spec.direction) else "off_track"
    params |= {"shortfall": _q(abs(actual - expected)), "allowance": _q(allowance)}
    return Status(code), Rule(code, params)


def _achieved(code: str, target: Target, actual: Decimal) -> tuple[Status, Rule]:
    params = {
        "actual": _q(actual),
        "target": _q(target.value),
        "start_year": target.start_year,
        "target_year": target.year,
    }
    return Status.ACHIEVED, Rule(code, params)


# --- level ----------------------------------------------------------------------------------


def _assess_level(
    spec: IndicatorSpec, target: Target, year: int, yearly: Mapping[int, Decimal]
) -> _Outcome:
    actual = yearly.get(year)
    expected = _level_expected(spec, year)
    # The trend uses the observations up to the year, so it exists even for a year not reported.
    projection = _level_projection(spec, yearly, year, target.year)
    if actual is None:
        rule = Rule("no_actual", {"year": year})
        return _Outcome(rule, expected=expected, projection=projection)
    needed = (target.value - actual) / (target.year - year) if year < target.year else None
    if year == target.year and _better_or_equal(actual, target.value, spec.direction):
        status, rule = _achieved("achieved_level", target, actual)
    elif expected is None:
        status = Status.NO_DATA
        rule = Rule(
            "no_baseline", {"year": year, "target": _q(target.value), "target_year": target.year}
        )
    else:
        status, rule = _grade(spec, actual, expected)
    return _Outcome(rule, status, actual, expected, projection, needed, (year,))


def _level_path(spec: IndicatorSpec) -> list[tuple[int, Decimal]]:
    """The corners of the expected path: the baseline, then each target year's value."""
    by_year: dict[int, Target] = {}
    for target in sorted(spec.targets, key=lambda t: -t.start_year):
        # Two targets for one year: keep the narrowest window, as applicable_target does.
        by_year.setdefault(target.year, target)
    points = [(year, by_year[year].value) for year in sorted(by_year)]
    if spec.baseline:
        points.insert(0, (spec.baseline.year, spec.baseline.value))
    return points


def _level_expected(spec: IndicatorSpec, year: int) -> Decimal | None:
    points = _level_path(spec)
    if points and year == points[0][0]:
        return points[0][1]
    for (x0, v0), (x1, v1) in pairwise(points):
        if x0 < year <= x1:
            return v0 + (v1 - v0) * (year - x0) / (x1 - x0)
    return None


def _level_projection(
    spec: IndicatorSpec, yearly: Mapping[int, Decimal], year: int, target_year: int
) -> Decimal | None:
    """Least-squares trend of the last (up to) three observations, read at the target year."""
    recent = sorted(y for y in yearly if y <= year)[-3:]
    points = [(y, yearly[y]) for y in recent]
    if len(points) == 1 and spec.baseline and spec.baseline.year < points[0][0]:
        # One observation says nothing about direction alone; the baseline supplies the slope.
        points.insert(0, (spec.baseline.year, spec.baseline.value))
    if len(points) < 2:
        return None
    return _trend_at(points, target_year)


def _trend_at(points: list[tuple[int, Decimal]], at: int) -> Decimal:
    n = len(points)
    mean_x = sum(Decimal(x) for x, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxv = sum((x - mean_x) * (v - mean_v) for x, v in points)
    return mean_v + sxv / sxx * (at - mean_x)


# --- figures over a window ------------------------------------------------------------------


def _cover(
    start: int, year: int, yearly: Mapping[int, Decimal], spans: Mapping[tuple[int, int], Decimal]
) -> _Cover:
    """The latest span from the window start ending by ``year``, then the yearly figures."""
    usable = [key for key in spans if key[0] == start and start <= key[1] <= year]
    span = max(usable, key=lambda key: key[1], default=None)
    after = range(span[1] + 1 if span else start, year + 1)
    observed = tuple(y for y in after if y in yearly)
    missing = tuple(y for y in after if y not in yearly)
    has_year = year in yearly or (span is not None and span[1] == year)
    return _Cover(span, observed, missing, has_year)


def _no_figures(cover: _Cover, year: int, expected: Decimal) -> _Outcome:
    if not cover.has_year:
        rule = Rule("no_actual", {"year": year})
        return _Outcome(rule, expected=expected, missing_years=cover.missing)
    rule = Rule("missing_years", {"year": year, "missing_years": cover.missing})
    return _Outcome(rule, expected=expected, missing_years=cover.missing, span=cover.span)


# --- cumulative -----------------------------------------------------------------------------


def _assess_cumulative(
    spec: IndicatorSpec,
    target: Target,
    year: int,
    yearly: Mapping[int, Decimal],
    spans: Mapping[tuple[int, int], Decimal],
) -> _Outcome:
    cover = _cover(target.start_year, year, yearly, spans)
    elapsed = year - target.start_year + 1
    expected = target.value * elapsed / target.length
    if not cover.has_year or cover.missing:
        return _no_figures(cover, year, expected)
    actual = sum((yearly[y] for y in cover.observed), spans[cover.span] if cover.span else _ZERO)
    met = _better_or_equal(actual, target.value, spec.direction)
    # Under a cap (LOWER) every early partial sum is within it; only the full window counts.
    if met and (spec.direction is Direction.HIGHER or year == target.year):
        status, rule = _achieved("achieved_cumulative", target, actual)
    else:
        status, rule = _grade(spec, actual, expected)
    needed = (
        max(_ZERO, (target.value - actual) / (target.year - year)) if year < target.year else None
    )
    projection = actual / elapsed * target.length  # the run rate
    return _Outcome(
        rule, status, actual, expected, projection, needed, cover.years_used, (), cover.span
    )


# --- rate -----------------------------------------------------------------------------------


def _growth_factor(rate: Decimal, years: int) -> Decimal:
    """(1 + rate/100)^years, exact for a whole number of years."""
    return (_ONE + rate / _HUNDRED) ** years


def _observed_factor(rate: Decimal, years: int) -> Decimal:
    # Two rates below -100% would multiply into a positive factor and hide the nonsense.
    if rate < -_HUNDRED:
        raise ValueError(f"A growth rate of {rate}% is below -100%")
    return _growth_factor(rate, years)


def _average_rate(factor: Decimal, years: int) -> Decimal:
    """The rate in percent that, compounded over ``years``, gives ``factor``."""
    if factor == 0:
        return -_HUNDRED
    root = factor if years == 1 else (factor.ln() / years).exp()
    return (root - _ONE) * _HUNDRED


def _assess_rate(
    spec: IndicatorSpec,
    target: Target,
    year: int,
    yearly: Mapping[int, Decimal],
    spans: Mapping[tuple[int, int], Decimal],
) -> _Outcome:
    cover = _cover(target.start_year, year, yearly, spans)
    if not cover.has_year:
        return _no_figures(cover, year, target.value)
    factor, observed = _rate_factor(cover, yearly, spans)
    actual = _average_rate(factor, observed)
    needed = _rate_still_needed(target, factor, observed)
    status, rule = _rate_status(spec, target, year, actual, (factor, observed), cover)
    projection = actual if needed is None else needed  # the required rate, until none is left
    used, missing = cover.years_used, cover.missing
    return _Outcome(
        rule, status, actual, target.value, projection, needed, used, missing, cover.span
    )


def _rate_factor(
    cover: _Cover, yearly: Mapping[int, Decimal], spans: Mapping[tuple[int, int], Decimal]
) -> tuple[Decimal, int]:
    """The compound growth factor of the covered years, and how many years it covers."""
    factor, years = _ONE, 0
    if cover.span:
        years = cover.span[1] - cover.span[0] + 1
        factor = _observed_factor(spans[cover.span], years)
    for y in cover.observed:
        factor *= _observed_factor(yearly[y], 1)
    return factor, years + len(cover.observed)


def _rate_still_needed(target: Target, factor: Decimal, observed: int) -> Decimal | None:
    """The rate needed in each unobserved year of the window for the average to hit the target."""
    remaining = target.length - observed
    if remaining <= 0 or factor <= 0:
        return None
    ratio = _growth_factor(target.value, target.length) / factor
    # A target of -100% or less has no meaningful required rate.
    return _average_rate(ratio, remaining) if ratio >= 0 else None


def _rate_status(
    spec: IndicatorSpec,
    target: Target,
    year: int,
    actual: Decimal,
    factor: tuple[Decimal, int],
    cover: _Cover,
) -> tuple[Status, Rule]:
    complete = year == target.year and factor[1] == target.length and not cover.missing
    goal = _growth_factor(target.value, target.length)
    if complete and _better_or_equal(factor[0], goal, spec.direction):
        return _achieved("achieved_rate", target, actual)
    status, rule = _grade(spec, actual, target.value, factor)
    if cover.missing:
        rule = Rule(rule.code, {**rule.params, "missing_years": cover.missing})
    return status, rule
