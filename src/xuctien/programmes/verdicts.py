"""Every indicator's verdicts at once: the full recompute (issue 12, decision 34).

``monitoring.assess_all`` builds each indicator's report for its pages: every figure of
every period as a model instance, rivals, projections, side verdicts, then cached. A full
recompute (every programme of every province, or the briefs of a national page whose keys
all changed with the day) needs the verdicts alone. ``assess_everything`` reads one query
per kind of data, whatever the indicators, provinces or figures:

* the indicators, with their programme's number (one query), their current targets and
  their current baseline (one query each), as plain records (``Subject``, ``TargetRow``,
  ``BaselineRow``): no model instance, no date parsed;
* their approved, accepted province-level figures that can give a verdict (one query):
  every year and span, and the months, quarters and partial spans of the cumulative
  indicators with targets (the lower bounds of a year without its own figure), as
  ``Figure`` rows; when two figures compete for a period, their approval times (one more);
* the computed indicators' figures (``computed.province_figures``: one set of queries per
  feed; a feed without a batch, such as the screening's, one indicator at a time) and the
  operands of derived indicators outside the set (``monitoring.Batch``: a round per level).

Each indicator then goes through ``monitoring.report`` (the same choice of figures, the
same lower bounds, the same engine) with ``detail=False``: the engine leaves out the
projections, a rate's still needed and the side verdicts, which no list shows. The
reports are not the pages' (no rivals, no unused partial periods, figures as rows) and are
never put in the reports' cache.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)

from xuctien.core.models import Locality
from xuctien.programmes import computed, monitoring
from xuctien.programmes.models import Baseline, Indicator, Observation, Target


class TargetRow(NamedTuple):
    """A current target's fields the engine reads (``monitoring.spec_for``)."""

    pk: int
    start_year: int
    year: int
    value: Decimal
    value_high: Decimal | None
    qualifier: str
    document: str


class BaselineRow(NamedTuple):
    year: int
    value: Decimal


@dataclass(eq=False)
class Subject:
    """An indicator as its verdicts read it: its row's fields, its programme's number, its
    current targets (approved, not revised, for the whole province, by end year) and its
    current baseline."""

    pk: int
    province_id: int
    programme_id: int
    code: str
    behaviour: str
    direction: str
    tolerance: Decimal
    unit: str
    registry_feed: str
    formula: str
    programme: Any
    targets: list[TargetRow] = field(default_factory=list)
    baseline: BaselineRow | None = None
    province_figures: list[Figure] = field(default_factory=list)
    #: as ``Indicator.is_derived`` (a formula), read once: a report asks it several times
    is_derived: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_derived = bool(self.formula.strip())

    @property
    def id(self) -> int:
        return self.pk

    def current_targets(self) -> list[TargetRow]:
        return self.targets

    def current_baseline(self) -> BaselineRow | None:
        return self.baseline


class Figure:
    """An approved, accepted province-level figure's fields that choose it and bound it
    (``monitoring.choose``, ``split_figures``, ``bound_of``); its approval time is read
    only where two figures compete for one period."""

    __slots__ = (
        "approved_at",
        "estimate",
        "indicator_id",
        "period",
        "period_kind",
        "pk",
        "qualifier",
        "start_year",
        "value",
        "value_high",
        "year",
    )
    accepted = True
    is_approved = True

    def __init__(self, row: tuple) -> None:
        (
            self.pk,
            self.indicator_id,
            self.period,
            self.period_kind,
            self.year,
            self.start_year,
            self.value,
            self.value_high,
            self.qualifier,
            self.estimate,
        ) = row
        self.approved_at: datetime | None = None


FIGURE_COLUMNS = (
    "id",
    "indicator_id",
    "period",
    "period_kind",
    "year",
    "start_year",
    "value",
    "value_high",
    "qualifier",
    "estimate",
)
#: the periods that give a verdict by themselves (``split_figures``: a partial span too)
WHOLE_PERIODS = ("year", "span")
CUMULATIVE = Indicator.Behaviour.CUMULATIVE


def read_subjects(queryset: QuerySet | None = None) -> list[Subject]:
    """The indicators of ``queryset`` (every one: None), in its order, with their current
    targets and baselines: three queries."""
    every = queryset is None
    queryset = queryset if queryset is not None else Indicator.objects.all()
    rows = queryset.values_list(
        "pk",
        "province_id",
        "programme_id",
        "code",
        "behaviour",
        "direction",
        "tolerance",
        "unit",
        "registry_feed",
        "formula",
        "programme__number",
    )
    programmes: dict[int, Any] = {}
    subjects = []
    for *fields, number in rows:
        programme = programmes.setdefault(fields[2], SimpleNamespace(pk=fields[2], number=number))
        subjects.append(Subject(*fields, programme=programme))
    by_pk = {s.pk: s for s in subjects}
    wanted = None if every else list(by_pk)
    for indicator, *target in _current(Target, wanted).values_list(
        "indicator_id", "pk", "start_year", "year", "value", "value_high", "qualifier", "document"
    ):
        by_pk[indicator].targets.append(TargetRow(*target))
    for indicator, year, value in _current(Baseline, wanted).values_list(
        "indicator_id", "year", "value"
    ):
        subject = by_pk[indicator]
        if subject.baseline is None:  # the first by year, as ``current_baseline``
            subject.baseline = BaselineRow(year, value)
    return subjects


def _current(model: type, indicators: list[int] | None) -> QuerySet:
    """Approved and not revised (``is_current``); a target for the whole province."""
    found = model.objects.filter(status=model.Status.APPROVED, revised_by__isnull=True)
    if model is Target:
        found = found.filter(locality__isnull=True)
    if indicators is not None:
        found = found.filter(indicator__in=indicators)
    return found.order_by("indicator", "year", *(["start_year"] if model is Target else []))


def attach_figures(subjects: list[Subject], every: bool = False) -> None:
    """Give each subject the province-level figures its verdicts can use: one query (two
    when two figures compete for a period: their approval times break the tie).
    ``every``: the subjects are every indicator (no list of ids to send)."""
    # A cumulative flow's months, quarters and years to date are lower bounds of a year
    # without its own figure (``monitoring.lower_bounds_from_partials``: a full year always
    # wins); no other verdict reads them. Partial spans come with the spans.
    partial = [s.pk for s in subjects if s.targets and s.behaviour == CUMULATIVE]
    counted = Observation.objects.filter(accepted=True, value__isnull=False)
    found = monitoring.province_level(counted).filter(
        Q(period_kind__in=WHOLE_PERIODS) | Q(indicator__in=partial)
    )
    # A partial figure of a year with its own figure is left out in the same pass over the
    # figures (a window over each indicator's year), not by reading the years' figures a
    # second time (NOT EXISTS: a second scan of the provinces' figures, ~40% of the query).
    has_year = Window(
        Max(Case(When(period_kind="year", then=Value(1)), default=Value(0))),
        partition_by=[F("indicator_id"), F("year")],
    )
    is_partial = Case(When(period_kind__in=WHOLE_PERIODS, then=Value(0)), default=Value(1))
    found = found.annotate(
        shadowed=ExpressionWrapper(has_year * is_partial, output_field=IntegerField())
    ).filter(shadowed=0)
    if not every:
        # The subjects' provinces' places, not a list of indicators: with one, PostgreSQL
        # probes the (indicator, period, place) index once per indicator and place, reading
        # every period of every place each time (12 s for a nation's indicators).
        provinces = {s.province_id for s in subjects}
        places = Locality.objects.filter(parent__isnull=True, province__in=provinces)
        found = found.filter(locality__in=places.values("pk"))
    # Two figures of one indicator for one period compete (``choose``); one pass, as read.
    figures_of = {s.pk: s.province_figures for s in subjects}
    first: dict[tuple[int, str], Figure] = {}
    competing: dict[int, Figure] = {}
    for row in found.order_by().values_list(*FIGURE_COLUMNS):
        figures = figures_of.get(row[1])
        if figures is None:  # another indicator of the same provinces
            continue
        figure = Figure(row)
        figures.append(figure)
        earlier = first.setdefault((row[1], row[2]), figure)  # (indicator_id, period)
        if earlier is not figure:
            competing[earlier.pk] = earlier
            competing[figure.pk] = figure
    if competing:
        times = Observation.objects.filter(pk__in=list(competing)).order_by()
        times = times.values_list("pk", "approved_at")  # no order: no join to the programmes
        for pk, approved_at in times:
            competing[pk].approved_at = approved_at


class Sweep(monitoring.Batch):
    """``monitoring.Batch`` over subjects read by ``read_subjects`` and ``attach_figures``:
    the computed figures and the operands of derived indicators, the verdicts alone."""

    detail = False

    def __init__(self, subjects: list[Subject]) -> None:
        self.pool = {(s.province_id, s.code): s for s in subjects}
        self.complete_until = monitoring._complete_until()  # the same year for every one
        self._load_operands(subjects)
        self.computed = computed.province_figures(list(self.pool.values()))


def assess_everything(queryset: QuerySet | None = None) -> list[monitoring.IndicatorReport]:
    """The verdicts of every indicator of ``queryset`` (every indicator of every programme
    and province: None) for its whole province, in its order: each a report whose rows say
    the status, rule, actual, expected and gap of each year, as ``monitoring.report``
    says them, without projections or side verdicts. Not for the pages or the cache."""
    with _collector_paused():
        subjects = read_subjects(queryset)
        attach_figures(subjects, every=queryset is None)
        batch = Sweep(subjects)
        return [monitoring.report(s, batch=batch) for s in subjects]  # type: ignore[arg-type]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector paused while a sweep builds its objects (~100,000 for a nation:
    figures, bounds, assessments, rows), then as it was. They all live until the sweep
    returns, so the collector's passes over them free nothing; with it running, the sweep
    set off a full collection every other run (0.1-0.2 s of the process's objects, more
    than the sweep's own work). Cycles made meanwhile are freed at the next collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
