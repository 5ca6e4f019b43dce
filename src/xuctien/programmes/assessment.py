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
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from itertools import combinations, pairwise
from typing import Any, TypeVar

_CONTEXT = Context(prec=50)
_FIGURE_PLACES = Decimal("0.0001")
_PERCENT_PLACES = Decimal("0.01")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_K = TypeVar("_K")


def _decimal(value: Decimal | int) -> Decimal:
    if type(value) is Decimal:  # the common case, first: figures are read as Decimal
        return value
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
    NOT_DETERMINABLE = "not_determinable"
    TO_DATE = "to_date"
    NO_DATA = "no_data"


class Kind(StrEnum):
    """What a published figure says about the true value."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"
    RANGE = "range"


@dataclass(frozen=True)
class Bound:
    """A figure as an interval [low, high]; ``None`` is an open end (no bound that side).

    ``exact`` and ``about`` figures are points (low == high; "about" marks an estimate);
    "over X" is at least X; "under X" is at most X; "X-Y" is a range. A partial-period sum of
    flows that are never negative ("to mid-2023") is at least its figure for the year.
    """

    low: Decimal | None
    high: Decimal | None
    kind: Kind = Kind.EXACT

    def __post_init__(self) -> None:
        low = None if self.low is None else _decimal(self.low)
        high = None if self.high is None else _decimal(self.high)
        if low is None and high is None:
            raise ValueError("A bound needs at least one end")
        if low is not None and high is not None and low > high:
            raise ValueError(f"A bound cannot run from {low} down to {high}")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        if type(self.kind) is not Kind:
            object.__setattr__(self, "kind", Kind(self.kind))

    @classmethod
    def exact(cls, value: Decimal | int) -> Bound:
        value = _decimal(value)
        return _trusted(value, value, Kind.EXACT)

    @classmethod
    def about(cls, value: Decimal | int) -> Bound:
        value = _decimal(value)
        return _trusted(value, value, Kind.ABOUT)

    @classmethod
    def at_least(cls, value: Decimal | int) -> Bound:
        return _trusted(_decimal(value), None, Kind.AT_LEAST)

    @classmethod
    def at_most(cls, value: Decimal | int) -> Bound:
        return _trusted(None, _decimal(value), Kind.AT_MOST)

    @classmethod
    def between(cls, low: Decimal | int, high: Decimal | int) -> Bound:
        return cls(_decimal(low), _decimal(high), Kind.RANGE)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def point(self) -> Decimal | None:
        """The value when the figure is one number (exact or about), else None."""
        return self.low if self.is_point else None

    def __add__(self, other: Bound) -> Bound:
        low = None if self.low is None or other.low is None else self.low + other.low
        high = None if self.high is None or other.high is None else self.high + other.high
        if low is None and high is None:
            raise ValueError("A bound needs at least one end")
        # The sums of two valid bounds' ends are in order: no check to repeat.
        return _trusted(low, high, _kind_of(low, high, self.kind, other.kind))

    def __str__(self) -> str:
        return format_bound(self)


_new = object.__new__


def _trusted(low: Decimal | None, high: Decimal | None, kind: Kind) -> Bound:
    """A bound whose ends are already Decimal (or None, not both) and in order, and whose
    kind is a ``Kind``: built without ``__post_init__``'s checks (the engine's own bounds,
    thousands a recompute). Its fields are set in the same order, so it is equal, hashed
    and pickled as one built the checked way."""
    bound = _new(Bound)
    bound.__dict__.update(low=low, high=high, kind=kind)
    return bound


def _kind_of(low: Decimal | None, high: Decimal | None, *kinds: Kind) -> Kind:
    if low is not None and low == high:
        return Kind.EXACT if all(k is Kind.EXACT for k in kinds) else Kind.ABOUT
    if high is None:
        return Kind.AT_LEAST
    if low is None:
        return Kind.AT_MOST
    return Kind.RANGE


def format_bound(bound: Bound, number: Any = None) -> str:
    """The bound in symbols every language reads: 41.3, ~19, ≥ 41.3, ≤ 2, 66–67."""
    show = number or _format_param
    if bound.kind is Kind.ABOUT and bound.is_point:
        return f"~{show(bound.low)}"
    if bound.is_point:
        return show(bound.low)
    if bound.high is None:
        return f"≥ {show(bound.low)}"
    if bound.low is None:
        return f"≤ {show(bound.high)}"
    return f"{show(bound.low)}–{show(bound.high)}"


def as_bound(value: Decimal | int | Bound) -> Bound:
    """A plain number is an exact figure."""
    return value if isinstance(value, Bound) else Bound.exact(value)


@dataclass(frozen=True)
class Target:
    """A target for the window ``start_year..year`` inclusive (e.g. 2021..2025).

    ``high`` makes it a range ("3-5"); ``strict`` marks "over X"/"under X", met only beyond X.
    A range is met at its unfavourable end or better: "49-50" (higher is better) by 49 or more,
    "3-5" (lower is better) by 5 or less. ``primary`` is False for a target of another
    document (an annual plan beside the five-year plan), which never gives the verdict while a
    primary target covers the year. ``ref`` carries the caller's own record; it is not compared.
    """

    start_year: int
    year: int
    value: Decimal
    high: Decimal | None = None
    strict: bool = False
    primary: bool = True
    ref: Any = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        if self.start_year > self.year:
            raise ValueError(f"Target window {self.start_year}-{self.year} ends before it starts")
        object.__setattr__(self, "value", _decimal(self.value))
        if self.high is not None:
            object.__setattr__(self, "high", _decimal(self.high))
            if self.high < self.value:
                raise ValueError("A target range must run from its low end to its high end")

    @property
    def length(self) -> int:
        """Number of years in the window."""
        return self.year - self.start_year + 1

    def covers(self, year: int) -> bool:
        """Whether ``year`` lies inside the window."""
        return self.start_year <= year <= self.year

    def goal(self, direction: Direction) -> Decimal:
        """The figure that meets the target: a range's unfavourable end."""
        if self.high is not None and direction is Direction.LOWER:
            return self.high
        return self.value

    def met_by(self, value: Decimal, direction: Direction) -> bool:
        goal = self.goal(direction)
        if self.strict:
            return value > goal if direction is Direction.HIGHER else value < goal
        return _better_or_equal(value, goal, direction)


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
    #: the physical range a projection stays in, e.g. (0, 100) for a share
    physical: tuple[Decimal | None, Decimal | None] = (None, None)

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
    "achieved_bound": gettext_noop(
        "The figure is {bound}: even its least favourable end meets the target of {target} "
        "for {target_year}."
    ),
    "on_track_bound": gettext_noop(
        "The figure is {bound}: even its least favourable end is at or better than the "
        "expected {expected}, so on track on this bound."
    ),
    "at_risk_bound": gettext_noop(
        "The figure is {bound}: behind the expected {expected} at both ends, "
        "but within the tolerance of {allowance}."
    ),
    "off_track_bound": gettext_noop(
        "The figure is {bound}: even its most favourable end is behind the expected "
        "{expected} by more than the tolerance of {allowance}."
    ),
    "not_determinable": gettext_noop(
        "The figure is {bound} and {expected} is expected: the bound allows both a verdict "
        "on track and one behind, so none is given."
    ),
    "not_determinable_target": gettext_noop(
        "The figure is {bound}: it does not show whether the target of {target} for "
        "{target_year} is met, and there is no baseline to draw an expected value from."
    ),
    "to_date": gettext_noop(
        "{year} is not over: {bound} is the year to date, not judged as a full year."
    ),
}


def describe(rule: Rule) -> str:
    """Render a rule as English text (plus a note when a rate leaves out missing years)."""
    params = {key: _format_param(value) for key, value in rule.params.items()}
    text = RULE_TEXTS[rule.code].format(**params)
    if rule.code != "missing_years" and rule.params.get("missing_years"):
        text += " " + RULE_TEXTS["partial"].format(**params)
    return text


def _format_param(value: object) -> str:
    if isinstance(value, Bound):
        return format_bound(value)
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
    """The assessment of one year; figures quantized for presentation (see module docstring).

    ``actual`` is the figure when it is one number, else the finite end of its bound (the
    low end of a range); ``bound`` always says what the figure is. ``others`` holds the
    verdicts against the other targets covering the year (other documents), each its own
    assessment with only that target.
    """

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
    bound: Bound | None = None
    others: tuple[YearAssessment, ...] = ()
    #: with few figures, the projection's spread: the lines through each pair of them
    projection_range: tuple[Decimal, Decimal] | None = None


@dataclass(slots=True)
class _Outcome:
    """Unrounded figures of one year, before presentation (the engine's own, never kept:
    not frozen, so built at the speed of a plain object, thousands a recompute)."""

    rule: Rule
    status: Status = Status.NO_DATA
    bound: Bound | None = None
    expected: Decimal | None = None
    projection: Decimal | None = None
    still_needed: Decimal | None = None
    years_used: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()
    span: tuple[int, int] | None = None
    projection_range: tuple[Decimal, Decimal] | None = None


@dataclass(slots=True)
class _Cover:
    """Which figures cover a window from its start up to a year (the engine's own)."""

    span: tuple[int, int] | None
    observed: tuple[int, ...]  # years after the span with a yearly figure
    missing: tuple[int, ...]
    has_year: bool  # the assessed year itself has a figure (or a span ends on it)

    @property
    def years_used(self) -> tuple[int, ...]:
        span_years = range(self.span[0], self.span[1] + 1) if self.span else ()
        return (*span_years, *self.observed)


Figure = Decimal | int | Bound


def assess(
    spec: IndicatorSpec,
    yearly: Mapping[int, Figure],
    spans: Mapping[tuple[int, int], Figure] | None = None,
    years: Iterable[int] | None = None,
    complete_until: int | None = None,
    detail: bool = True,
) -> list[YearAssessment]:
    """Assess each year (by default from the baseline year + 1 to the last target year).

    ``yearly`` holds the year's level, growth in percent, or flow, by behaviour; ``spans`` holds
    figures over several years from a window's start (a total for CUMULATIVE, an average rate
    for RATE). Each figure is a number (exact) or a :class:`Bound`. Years after
    ``complete_until`` are not over: their figure is shown as the year to date, not judged.

    ``detail=False`` gives the verdicts alone, for a list or a full recompute: the same
    status, rule, actual, expected, gap and percent of target, without what only a page
    of the indicator shows (the projection and its spread, a rate's still needed, the
    verdicts against the other documents' targets), which cost more than the verdict.
    """
    wanted = sorted(set(years)) if years is not None else default_years(spec)
    yearly, spans = _bounds(yearly), _bounds(spans or {})
    # A level's path is the same for every year: drawn once (``_level_expected``).
    path = _level_path(spec) if spec.behaviour is Behaviour.LEVEL else None
    with localcontext(_CONTEXT):
        return [
            _assess_year(spec, yearly, spans, year, complete_until, detail, path=path)
            for year in wanted
        ]


def _bounds(figures: Mapping[_K, Figure]) -> dict[_K, Bound]:
    return {
        key: value if type(value) is Bound else as_bound(value) for key, value in figures.items()
    }


def default_years(spec: IndicatorSpec) -> list[int]:
    """Years from the baseline year + 1 (else the first window's start) to the last target."""
    if not spec.targets:
        return []
    last = max(t.year for t in spec.targets)
    first = spec.baseline.year + 1 if spec.baseline else min(t.start_year for t in spec.targets)
    return list(range(first, last + 1))


def applicable_target(targets: Iterable[Target], year: int) -> Target | None:
    """The target whose window contains ``year`` and ends earliest (narrowest on a tie).

    Primary targets (the programme's own documents) come first: another document's target
    applies only to a year no primary target covers.
    """
    covering = [t for t in targets if t.start_year <= year <= t.year]  # ``covers``
    if len(covering) == 1:
        return covering[0]
    primary = [t for t in covering if t.primary] or covering
    return min(primary, key=_earliest_end, default=None)


def _earliest_end(target: Target) -> tuple[int, int]:
    return target.year, -target.start_year


def _level_target(spec: IndicatorSpec, year: int) -> Target | None:
    """A level between the baseline (or an earlier target) and the next target is on its line."""
    target = applicable_target(spec.targets, year)
    if target is not None:
        return target
    later = [t for t in spec.targets if t.year > year]
    has_start = spec.baseline is not None and spec.baseline.year < year
    has_start = has_start or any(t.year < year for t in spec.targets)
    if not later or not has_start:
        return None
    first = min(t.year for t in later)
    return applicable_target([t for t in later if t.year == first], first)


def _assess_year(
    spec: IndicatorSpec,
    yearly: Mapping[int, Bound],
    spans: Mapping[tuple[int, int], Bound],
    year: int,
    complete_until: int | None,
    detail: bool = True,
    others: bool = True,
    path: list[tuple[int, Decimal]] | None = None,
) -> YearAssessment:
    """``path``: a level's ``_level_path(spec)``, when already drawn for the other years."""
    level = spec.behaviour is Behaviour.LEVEL
    target = _level_target(spec, year) if level else applicable_target(spec.targets, year)
    if target is None:
        # A level is still a meaningful figure outside any window; a rate or a sum is not.
        bound = yearly.get(year) if level else None
        outcome = _Outcome(Rule("no_target", {"year": year}), bound=bound)
    elif level:
        outcome = _assess_level(spec, target, year, yearly, detail, path)
    elif spec.behaviour is Behaviour.RATE:
        outcome = _assess_rate(spec, target, year, yearly, spans, detail)
    else:
        outcome = _assess_cumulative(spec, target, year, yearly, spans)
    if complete_until is not None and year > complete_until and outcome.bound is not None:
        # The outcome is this year's own (never shared): changed in place.
        outcome.status = Status.TO_DATE
        outcome.rule = Rule("to_date", {"year": year, "bound": _q_bound(outcome.bound)})
    side: tuple[YearAssessment, ...] = ()
    if detail and others and target is not None:
        side = tuple(
            _assess_year(
                replace(spec, targets=(other,)), yearly, spans, year, complete_until, True, False
            )
            for other in spec.targets
            if other is not target and other.covers(year)
        )
    return _present(spec, year, target, outcome, side)


def _present(
    spec: IndicatorSpec,
    year: int,
    target: Target | None,
    outcome: _Outcome,
    others: tuple[YearAssessment, ...] = (),
) -> YearAssessment:
    bound, expected = outcome.bound, outcome.expected
    actual = point = gap = shown = None
    if bound is not None:
        # The bound is quantized once: its low end (else its high end) is the actual.
        shown = _q_bound(bound)
        actual = shown.low if shown.low is not None else shown.high
        low = bound.low
        if low is not None and low == bound.high:  # ``bound.point``
            point = low
            if expected is not None:
                gap = _q(point - expected)
    projection_range = outcome.projection_range
    # Every field, in the dataclass's order, set as its frozen ``__init__`` sets them (one
    # ``object.__setattr__`` each, ten times slower): equal, hashed and pickled the same.
    assessed = _new(YearAssessment)
    assessed.__dict__.update(
        year=year,
        target=target,
        actual=actual,
        expected=None if expected is None else _q(expected),
        gap=gap,
        percent_of_target=_percent_of_target(point, target, spec.direction),
        projection=_q(outcome.projection),
        still_needed=_q(outcome.still_needed),
        status=outcome.status,
        rule=outcome.rule,
        years_used=outcome.years_used,
        missing_years=outcome.missing_years,
        span=outcome.span,
        bound=shown,
        others=others,
        projection_range=(
            (_q(projection_range[0]), _q(projection_range[1])) if projection_range else None
        ),
    )
    return assessed


#: the presentation's rounding (4 places, half up) in the engine's 50 digits
_QUANTIZE = Context(prec=50, rounding=ROUND_HALF_UP).quantize


def _q(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return _QUANTIZE(value, _FIGURE_PLACES)


def _q_bound(bound: Bound | None) -> Bound | None:
    if bound is None:
        return None
    low, high = bound.low, bound.high
    low = None if low is None else _QUANTIZE(low, _FIGURE_PLACES)
    if high is None:
        return _trusted(low, None, bound.kind)
    # A point's two ends are one number: quantized once. Rounding keeps the ends in order.
    high = low if high is bound.low else _QUANTIZE(high, _FIGURE_PLACES)
    return _trusted(low, high, bound.kind)


def _percent_of_target(
    actual: Decimal | None, target: Target | None, direction: Direction
) -> Decimal | None:
    if actual is None or target is None:
        return None
    goal = target.goal(direction)
    # For a LOWER indicator, beating the target (a smaller figure) reads as above 100%.
    num, den = (actual, goal) if direction is Direction.HIGHER else (goal, actual)
    if den == 0:
        return None
    return _QUANTIZE(num / den * _HUNDRED, _PERCENT_PLACES)


# --- status ---------------------------------------------------------------------------------


def _better_or_equal(value: Decimal, bound: Decimal, direction: Direction) -> bool:
    return value >= bound if direction is Direction.HIGHER else value <= bound


def _ends(bound: Bound, direction: Direction) -> tuple[Decimal | None, Decimal | None]:
    """(unfavourable end, favourable end) of a figure."""
    if direction is Direction.HIGHER:
        return bound.low, bound.high
    return bound.high, bound.low


def _grade(
    spec: IndicatorSpec,
    bound: Bound,
    expected: Decimal,
    compare: Any = None,
    compared: Bound | None = None,
) -> tuple[Status, Rule]:
    """The status a figure's bound allows against ``expected``; the tolerance edge is AT_RISK.

    On track if even the unfavourable end meets the expected value; off track if even the
    favourable end misses it by more than the tolerance; at risk if both ends lie in the
    tolerance band; otherwise not determinable. An exact figure is a bound with equal ends.
    ``compare`` maps figures to what is compared (for a rate: growth factors, exactly) and
    ``compared`` is the figure already in those terms (so no root is taken and undone).
    """
    allowance = spec.tolerance * abs(expected)
    limit = expected - allowance if spec.direction is Direction.HIGHER else expected + allowance
    key = compare or (lambda value: value)
    if compared is None:
        worst, best = (None if v is None else key(v) for v in _ends(bound, spec.direction))
    else:
        worst, best = _ends(compared, spec.direction)
    goal, edge = key(expected), key(limit)
    direction = spec.direction
    point = bound.point
    params: dict[str, object] = (
        {"actual": _q(point)} if point is not None else {"bound": _q_bound(bound)}
    )
    params["expected"] = _q(expected)
    suffix = "" if point is not None else "_bound"
    if worst is not None and _better_or_equal(worst, goal, direction):
        return Status.ON_TRACK, Rule("on_track" + suffix, params)
    params["allowance"] = _q(allowance)
    if point is not None:
        params["shortfall"] = _q(abs(point - expected))
    if best is not None and not _better_or_equal(best, edge, direction):
        return Status.OFF_TRACK, Rule("off_track" + suffix, params)
    behind = best is not None and not _better_or_equal(best, goal, direction)
    if worst is not None and behind and _better_or_equal(worst, edge, direction):
        return Status.AT_RISK, Rule("at_risk" + suffix, params)
    return Status.NOT_DETERMINABLE, Rule("not_determinable", params)


def _achieved(code: str, target: Target, bound: Bound, direction: Direction) -> tuple:
    point = bound.point
    params: dict[str, object] = (
        {"actual": _q(point)} if point is not None else {"bound": _q_bound(bound)}
    )
    params |= {
        "target": _q(target.goal(direction)),
        "start_year": target.start_year,
        "target_year": target.year,
    }
    return Status.ACHIEVED, Rule(code if point is not None else "achieved_bound", params)


def _meets(target: Target, bound: Bound, direction: Direction) -> bool:
    worst = _ends(bound, direction)[0]
    return worst is not None and target.met_by(worst, direction)


# --- level ----------------------------------------------------------------------------------


def _assess_level(
    spec: IndicatorSpec,
    target: Target,
    year: int,
    yearly: Mapping[int, Bound],
    detail: bool = True,
    path: list[tuple[int, Decimal]] | None = None,
) -> _Outcome:
    bound = yearly.get(year)
    expected = _level_expected(spec, year, path)
    # The trend uses the observations up to the year, so it exists even for a year not reported.
    projection, spread = (
        _level_projection(spec, yearly, year, target.year) if detail else (None, None)
    )
    if bound is None:
        rule = Rule("no_actual", {"year": year})
        return _Outcome(rule, expected=expected, projection=projection, projection_range=spread)
    point = bound.point
    goal = target.goal(spec.direction)
    needed = None
    if point is not None and year < target.year:
        needed = (goal - point) / (target.year - year)
    if _meets(target, bound, spec.direction):
        # A level target met, in its year or before it, is achieved.
        status, rule = _achieved("achieved_level", target, bound, spec.direction)
    elif expected is None:
        params = {"year": year, "target": _q(goal), "target_year": target.year}
        if point is None:
            params["bound"] = _q_bound(bound)
        code = "no_baseline" if point is not None else "not_determinable_target"
        status = Status.NO_DATA if point is not None else Status.NOT_DETERMINABLE
        rule = Rule(code, params)
    else:
        status, rule = _grade(spec, bound, expected)
    return _Outcome(
        rule, status, bound, expected, projection, needed, (year,), projection_range=spread
    )


def _level_path(spec: IndicatorSpec) -> list[tuple[int, Decimal]]:
    """The corners of the expected path: the baseline, then each target year's goal."""
    by_year: dict[int, Target] = {}
    # Two targets for one year: a primary one first, then the narrowest window.
    for target in sorted(spec.targets, key=lambda t: (not t.primary, -t.start_year)):
        by_year.setdefault(target.year, target)
    points = [(year, by_year[year].goal(spec.direction)) for year in sorted(by_year)]
    if spec.baseline:
        points.insert(0, (spec.baseline.year, spec.baseline.value))
    return points


def _level_expected(
    spec: IndicatorSpec, year: int, path: list[tuple[int, Decimal]] | None = None
) -> Decimal | None:
    points = _level_path(spec) if path is None else path
    if points and year == points[0][0]:
        return points[0][1]
    for (x0, v0), (x1, v1) in pairwise(points):
        if x0 < year <= x1:
            return v0 + (v1 - v0) * (year - x0) / (x1 - x0)
    return None


MIN_TREND_POINTS = 3
#: below this many figures a projection is shown with its spread
FEW_FIGURES = 5


def _level_projection(
    spec: IndicatorSpec, yearly: Mapping[int, Bound], year: int, target_year: int
) -> tuple[Decimal | None, tuple[Decimal, Decimal] | None]:
    """Least-squares trend of the last three single-number observations, at the target year.

    Fewer than three figures project nothing (two points are noise, not a trend), and the
    projection stays inside the indicator's physical range. With fewer than ``FEW_FIGURES``
    figures it comes with a range: the lines through each pair of the last three, read at
    the target year (and the trend itself).
    """
    observed = sorted(y for y, b in yearly.items() if y <= year and b.is_point)
    points = [(y, yearly[y].low) for y in observed[-MIN_TREND_POINTS:]]
    if len(points) < MIN_TREND_POINTS:
        return None, None
    central = _clamp(_trend_at(points, target_year), spec.physical)
    if len(observed) >= FEW_FIGURES:
        return central, None
    ends = [
        _clamp(_trend_at([p, q], target_year), spec.physical) for p, q in combinations(points, 2)
    ]
    return central, (min([*ends, central]), max([*ends, central]))


def _clamp(value: Decimal, physical: tuple[Decimal | None, Decimal | None]) -> Decimal:
    low, high = physical
    if low is not None and value < low:
        return Decimal(low)
    if high is not None and value > high:
        return Decimal(high)
    return value


def _trend_at(points: list[tuple[int, Decimal]], at: int) -> Decimal:
    n = len(points)
    mean_x = sum(Decimal(x) for x, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxv = sum((x - mean_x) * (v - mean_v) for x, v in points)
    return mean_v + sxv / sxx * (at - mean_x)


# --- figures over a window ------------------------------------------------------------------


def _cover(
    start: int, year: int, yearly: Mapping[int, Bound], spans: Mapping[tuple[int, int], Bound]
) -> _Cover:
    """The latest span from the window start ending by ``year``, then the yearly figures."""
    span = None
    if spans:  # most indicators have none
        usable = [key for key in spans if key[0] == start and start <= key[1] <= year]
        span = max(usable, key=_end_year, default=None)
    observed: list[int] = []
    missing: list[int] = []
    for y in range(span[1] + 1 if span else start, year + 1):
        (observed if y in yearly else missing).append(y)
    has_year = year in yearly or (span is not None and span[1] == year)
    return _Cover(span, tuple(observed), tuple(missing), has_year)


def _end_year(key: tuple[int, int]) -> int:
    return key[1]


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
    yearly: Mapping[int, Bound],
    spans: Mapping[tuple[int, int], Bound],
) -> _Outcome:
    cover = _cover(target.start_year, year, yearly, spans)
    elapsed = year - target.start_year + 1
    goal = target.goal(spec.direction)
    expected = goal * elapsed / target.length
    if not cover.has_year or cover.missing:
        return _no_figures(cover, year, expected)
    total = spans[cover.span] if cover.span else Bound.exact(0)
    for y in cover.observed:
        total = total + yearly[y]
    met = _meets(target, total, spec.direction)
    # Under a cap (LOWER) every early partial sum is within it; only the full window counts.
    if met and (spec.direction is Direction.HIGHER or year == target.year):
        status, rule = _achieved("achieved_cumulative", target, total, spec.direction)
    else:
        status, rule = _grade(spec, total, expected)
    point = total.point
    needed = projection = None
    if point is not None:
        if year < target.year:
            needed = max(_ZERO, (goal - point) / (target.year - year))
        projection = point / elapsed * target.length  # the run rate
    return _Outcome(
        rule, status, total, expected, projection, needed, cover.years_used, (), cover.span
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
    yearly: Mapping[int, Bound],
    spans: Mapping[tuple[int, int], Bound],
    detail: bool = True,
) -> _Outcome:
    cover = _cover(target.start_year, year, yearly, spans)
    if not cover.has_year:
        return _no_figures(cover, year, target.goal(spec.direction))
    (low, high), observed = _rate_factor(cover, yearly, spans)
    kind = _kind_of(low, high, *(yearly[y].kind for y in cover.observed))
    if low is high:  # one factor (exact figures): its root, 50 digits of ln and exp, once
        rate = _average_rate(low, observed)  # type: ignore[arg-type]
        average = _trusted(rate, rate, kind)
    else:
        average = Bound(
            None if low is None else _average_rate(low, observed),
            None if high is None else _average_rate(high, observed),
            kind,
        )
    factor = low if low is not None and low == high else None
    needed = None
    if detail and factor is not None:
        needed = _rate_still_needed(target, factor, observed)
    factors = Bound(low, high, average.kind)
    status, rule = _rate_status(spec, target, year, (average, factors), observed, cover)
    point = average.point
    projection = point if needed is None else needed  # the required rate, until none is left
    projection = projection if detail else None
    used, missing = cover.years_used, cover.missing
    return _Outcome(
        rule,
        status,
        average,
        target.goal(spec.direction),
        projection,
        needed,
        used,
        missing,
        cover.span,
    )


def _rate_factor(
    cover: _Cover, yearly: Mapping[int, Bound], spans: Mapping[tuple[int, int], Bound]
) -> tuple[tuple[Decimal | None, Decimal | None], int]:
    """The compound growth factor's bounds over the covered years, and how many years."""
    figures: list[tuple[Bound, int]] = []
    if cover.span:
        figures.append((spans[cover.span], cover.span[1] - cover.span[0] + 1))
    figures += [(yearly[y], 1) for y in cover.observed]
    low: Decimal | None = _ONE
    high: Decimal | None = _ONE
    for bound, years in figures:
        if low is high and bound.low is bound.high and low is not None and bound.low is not None:
            # A point (``Bound.exact``: one number both ends) on a point: one product
            low = high = low * _observed_factor(bound.low, years)
            continue
        low = None if low is None or bound.low is None else low * _observed_factor(bound.low, years)
        high = (
            None
            if high is None or bound.high is None
            else high * _observed_factor(bound.high, years)
        )
    return (low, high), sum(years for _, years in figures)


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
    figures: tuple[Bound, Bound],
    observed: int,
    cover: _Cover,
) -> tuple[Status, Rule]:
    """``figures``: the average rate's bound and the growth factor's bound, compared exactly."""
    average, factors = figures
    complete = year == target.year and observed == target.length and not cover.missing
    if complete and _meets_rate(target, factors, spec.direction, observed):
        return _achieved("achieved_rate", target, average, spec.direction)

    def factor(rate: Decimal) -> Decimal:
        return _growth_factor(rate, observed)

    status, rule = _grade(spec, average, target.goal(spec.direction), factor, factors)
    if cover.missing:
        rule = Rule(rule.code, {**rule.params, "missing_years": cover.missing})
    return status, rule


def _meets_rate(target: Target, factors: Bound, direction: Direction, years: int) -> bool:
    # Compared on growth factors, so 12.5% then 28% meets 20% exactly.
    worst = _ends(factors, direction)[0]
    if worst is None:
        return False
    goal = _growth_factor(target.goal(direction), years)
    if target.strict:
        return worst > goal if direction is Direction.HIGHER else worst < goal
    return _better_or_equal(worst, goal, direction)
