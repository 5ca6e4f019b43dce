"""The full recompute (``verdicts.assess_everything``) says what the dashboards' reports say.

For every indicator and every assessed year: the same status, rule, target, actual,
expected, gap, bound, percent of target and basis as ``monitoring.assess_all`` (the
reports behind ``programme_reports``), on the loaded Quảng Ninh data and on two provinces
built here with every kind of figure the choice and the engine read: months, quarters,
halves, years to date, full and partial spans, ranges, qualifiers, competing and rival
figures, district figures, revised and draft targets, another document's target, the
project registry and a formula. Only the projections and side verdicts are left out.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BaselineFactory,
    IndicatorFactory,
    LocalityFactory,
    ObservationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
)
from tests.investments.factories import CapitalEventFactory, ProjectFactory
from xuctien.investments.models import Stage
from xuctien.national.comparison import Assessed
from xuctien.programmes import monitoring, verdicts
from xuctien.programmes.models import Indicator, Observation, Target

CUMULATIVE = Indicator.Behaviour.CUMULATIVE
RATE = Indicator.Behaviour.RATE
LOWER = Indicator.Direction.LOWER
PLAN = "Kế hoạch 12/KH-UBND"


def year_verdicts(report) -> dict[int, tuple]:
    """Everything a verdict says about each year, but the projections and side verdicts."""
    return {
        row.year: (
            row.status,
            row.rule,
            _target(row.target),
            row.actual,
            row.expected,
            row.gap,
            row.bound,
            row.percent_of_target,
            row.years_used,
            row.missing_years,
            row.span,
            row.basis,
        )
        for row in report.rows
    }


def _target(target) -> tuple | None:
    if target is None:
        return None
    return (
        target.start_year,
        target.year,
        target.value,
        target.high,
        target.strict,
        target.primary,
    )


def brief(report) -> tuple:
    """What the national page keeps of a report (``Assessed``)."""
    found = Assessed.of(report)
    return (found.status, found.has_spec, found.standing)


def assert_same(fast: list, full: list) -> int:
    """Each indicator's verdicts and brief equal; returns the number of years compared."""
    assert [r.indicator.pk for r in fast] == [r.indicator.pk for r in full]
    years = 0
    for ours, theirs in zip(fast, full, strict=True):
        code = theirs.indicator.code
        assert year_verdicts(ours) == year_verdicts(theirs), code
        assert (ours.status, ours.spec is None) == (theirs.status, theirs.spec is None), code
        assert brief(ours) == brief(theirs), code
        years += len(theirs.rows)
    return years


# --- two provinces with every kind of figure ----------------------------------------------


def figure(indicator, period: str, value: str, **fields) -> Observation:
    fields.setdefault("estimate", Observation.Estimate.FINAL)
    return ObservationFactory(indicator=indicator, period=period, value=Decimal(value), **fields)


def level_with_ranges(programme, scale: int) -> None:
    """A level: a range, qualifiers, two figures for a year (the final wins), two estimates
    (the later approved wins), a rival, a draft, months and quarters, another document's
    target, a revised and a draft target."""
    level = IndicatorFactory(programme=programme, code="LEVEL", unit="%")
    BaselineFactory(indicator=level, year=2020, value=Decimal(10))
    old = TargetFactory(indicator=level, start_year=2021, year=2025, value=Decimal(20))
    TargetFactory(
        indicator=level,
        start_year=2021,
        year=2025,
        value=Decimal(16 + scale),
        revises=old,
        revision_reason="Điều chỉnh",
    )
    TargetFactory(indicator=level, year=2023, value=Decimal(13), document=PLAN)
    TargetFactory(indicator=level, year=2024, value=Decimal(30), status=Target.Status.DRAFT)
    figure(level, "2021", "11", estimate=Observation.Estimate.PROVISIONAL)
    figure(level, "2021", "11.5")
    figure(level, "2021", "99", accepted=False)
    early, late = dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    figure(level, "2022", "12", estimate=Observation.Estimate.ESTIMATE, approved_at=late)
    figure(level, "2022", "11", estimate=Observation.Estimate.ESTIMATE, approved_at=early)
    figure(level, "2023", "12", value_high=Decimal(14 + scale))
    figure(level, "2023", "50", status=Observation.Status.SUBMITTED)
    figure(level, "2024", "14", qualifier="over")
    figure(level, "2024-Q2", "15")
    figure(level, "2025-M01", "15.5")
    district = LocalityFactory(
        province=programme.province,
        code=f"{programme.province.code}-D1",
        parent=level.province.locality,
    )
    figure(level, "2025", "40", locality=district)


def cumulative_with_parts(programme, scale: int) -> None:
    """A flow: a full span, a year, quarters and a year to date where the year is missing
    (lower bounds), a partial span, and a year with only months."""
    flow = IndicatorFactory(
        programme=programme, code="FLOW", unit="VND trillion", behaviour=CUMULATIVE
    )
    TargetFactory(indicator=flow, start_year=2021, year=2025, value=Decimal(100 + scale))
    figure(flow, "2021/2022", "30")
    figure(flow, "2023", "20", qualifier="approx")
    figure(flow, "2024-Q1", "5")
    figure(flow, "2024-Q2", "6")
    figure(flow, "2024-9M", str(14 + scale))
    figure(flow, "2021/2025-6M", "70")
    figure(flow, "2025-M01", "2")
    figure(flow, "2025-H1", "9", estimate=Observation.Estimate.FORECAST)


def rate_and_cap(programme, scale: int) -> None:
    growth = IndicatorFactory(programme=programme, code="GROWTH", unit="%", behaviour=RATE)
    TargetFactory(indicator=growth, start_year=2021, year=2025, value=Decimal(7), qualifier="over")
    figure(growth, "2021/2022", "6.5")
    figure(growth, "2023", str(7 + scale))
    figure(growth, "2024", "7", qualifier="at_least")
    figure(growth, "2025-H1", "8")
    poverty = IndicatorFactory(programme=programme, code="POVERTY", unit="%", direction=LOWER)
    BaselineFactory(indicator=poverty, year=2020, value=Decimal(5))
    TargetFactory(indicator=poverty, year=2025, value=Decimal(2), qualifier="under")
    figure(poverty, "2021", "4.5")
    figure(poverty, "2022", "4", qualifier="at_most")
    figure(poverty, "2023", "3.5", qualifier="nearly")
    figure(poverty, "2024", str(2 + scale))
    untargeted = IndicatorFactory(programme=programme, code="NO_TARGET", unit="%")
    figure(untargeted, "2023", "8")


def registry_and_formula(programme, scale: int) -> None:
    province = programme.province
    for feed, code in (("capital", "CAPITAL"), ("jobs", "JOBS")):
        fed = IndicatorFactory(
            programme=programme, code=code, registry_feed=feed, behaviour=CUMULATIVE, unit="x"
        )
        TargetFactory(indicator=fed, start_year=2021, year=2025, value=Decimal(10))
    capital = Indicator.objects.get(province=province, code="CAPITAL")
    figure(capital, "2021", "2")
    figure(capital, "2022", "3", qualifier="over")
    figure(capital, "2023-Q1", "1")
    for n in range(4 + scale):
        irc = dt.date(2021 + n % 4, 1 + n, 1)
        project = ProjectFactory(
            province=province, stage=Stage.IRC_ISSUED, irc_date=irc, jobs_planned=100 + n
        )
        CapitalEventFactory(project=project, date=irc, amount=Decimal(10**12 + n))
    value_added = IndicatorFactory(programme=programme, code="VA", unit="VND trillion")
    output = IndicatorFactory(programme=programme, code="GDP", unit="VND trillion")
    for year in (2021, 2022, 2023):
        figure(value_added, str(year), str(40 + year - 2020 + scale))
        if year != 2022:  # a year without its divisor: a gap
            figure(output, str(year), "300")
    share = IndicatorFactory(programme=programme, code="SHARE", formula="VA / GDP * 100", unit="%")
    TargetFactory(indicator=share, start_year=2021, year=2025, value=Decimal(15))


@pytest.fixture
def provinces(db):
    built = []
    for scale, code in enumerate(("QN", "HP")):
        province = ProvinceFactory(code=code, name_vi=f"Tỉnh {code}", name_en=code)
        programme = ProgrammeFactory(province=province)
        level_with_ranges(programme, scale)
        cumulative_with_parts(programme, scale)
        rate_and_cap(programme, scale)
        registry_and_formula(programme, scale)
        built.append(province)
    return built


def test_every_kind_of_figure_gives_the_same_verdicts_as_the_dashboard(provinces):
    fast = verdicts.assess_everything()
    full = monitoring.assess_all(cached=False)
    assert len(fast) == 2 * 10
    assert assert_same(fast, full) == 2 * 7 * 5  # seven indicators with targets
    statuses = {row.status for report in fast for row in report.rows}
    assert statuses == {
        "achieved",
        "at_risk",
        "no_data",
        "not_determinable",
        "off_track",
        "on_track",
    }
    # the kinds the test is for were really assessed
    flow = next(r for r in fast if r.indicator.code == "FLOW")
    assert flow.rows[3].bound.kind == "at_least"  # 2024: the year to date as a lower bound
    share = next(r for r in fast if r.indicator.code == "SHARE")
    assert share.rows[0].basis == "formula"
    assert 2022 in share.derivation_gaps
    capital = next(r for r in fast if r.indicator.code == "CAPITAL")
    assert {row.basis for row in capital.rows} == {"official", "registry"}


def test_one_province_s_verdicts_are_those_of_the_whole_nation(provinces):
    """A subset (one province, operands outside it) says what the whole run says."""
    qn = provinces[0]
    ours = verdicts.assess_everything(Indicator.objects.filter(province=qn, code="SHARE"))
    everything = {r.indicator.pk: r for r in verdicts.assess_everything()}
    (share,) = ours
    assert year_verdicts(share) == year_verdicts(everything[share.indicator.pk])


def test_the_recompute_reads_as_many_queries_for_two_provinces_as_for_one(provinces):
    from xuctien.screening import feeds

    def count(queryset) -> int:
        feeds.forget()  # which indicators the screening feeds: read once a minute
        caches["default"].clear()  # the registry's totals per province (core.aggregates)
        with CaptureQueriesContext(connection) as captured:
            verdicts.assess_everything(queryset)
        return len(captured)

    every = count(None)
    one = count(Indicator.objects.filter(province=provinces[0]))
    # indicators, targets, baselines, figures, the competing figures' approval times, the
    # screening's feeds, the declarations, and per registry feed its generations and sums
    assert every == one <= 11


def test_a_new_project_is_in_the_next_recompute_though_the_registry_s_sums_are_cached(provinces):
    """Regression guard for the registry's totals cached per province: a project's write
    bumps its province, so the next recompute sums again."""

    def capital_2024() -> Decimal:
        reports = verdicts.assess_everything(Indicator.objects.filter(code="CAPITAL"))
        (qn,) = [r for r in reports if r.indicator.province_id == provinces[0].pk]
        return {f.year: f.value for f in qn.computed_figures}.get(2024, Decimal(0))

    before = capital_2024()
    assert capital_2024() == before  # from the cache
    project = ProjectFactory(
        province=provinces[0], stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 5, 1)
    )
    CapitalEventFactory(project=project, date=dt.date(2024, 5, 1), amount=Decimal(2 * 10**12))
    assert capital_2024() == before + 2


def test_the_collector_is_paused_during_a_sweep_then_as_it_was():
    """``assess_everything`` pauses the garbage collector while it builds its objects and
    gives it back as it found it: running, or paused by the caller, also after an error."""
    import gc

    from xuctien.programmes.verdicts import _collector_paused

    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()  # the caller's pause is kept
    finally:
        gc.enable()
