"""The bound rule: a figure is an interval, and the status is what the interval allows.

On track if even the unfavourable end meets the expected value; off track if even the
favourable end misses it by more than the tolerance; at risk if both ends lie in the
tolerance band; otherwise not determinable. Every expectation is worked out by hand beside it.
"""

from decimal import Decimal as D

import pytest

from xuctien.programmes.assessment import (
    Baseline,
    Behaviour,
    Bound,
    Direction,
    IndicatorSpec,
    Kind,
    Status,
    Target,
    assess,
    describe,
    format_bound,
)

# Manufacturing share: baseline 2020 = 9.8, 15 by 2025. Expected 2024 = 9.8 + 5.2 * 4/5 = 13.96;
# tolerance 10% of 13.96 = 1.396, so the at-risk band is [12.564, 13.96).
SHARE = IndicatorSpec(
    Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2025, D("15")),), Baseline(2020, D("9.8"))
)
# Unemployment: baseline 2020 = 3.29, 2 by 2030 (lower is better). Expected 2025 = 2.645;
# tolerance 0.2645, so the at-risk band is (2.645, 2.9095].
UNEMPLOYMENT = IndicatorSpec(
    Behaviour.LEVEL, Direction.LOWER, (Target(2021, 2030, D("2")),), Baseline(2020, D("3.29"))
)
# Capital attracted: 50 over 2021-2025. Expected 2023 = 50 * 3/5 = 30; band [27, 30).
CAPITAL = IndicatorSpec(Behaviour.CUMULATIVE, Direction.HIGHER, (Target(2021, 2025, D("50")),))
# A cap on a total: at most 100 over 2021-2025. Expected 2023 = 60; band (60, 66].
CAP = IndicatorSpec(Behaviour.CUMULATIVE, Direction.LOWER, (Target(2021, 2025, D("100")),))
# Growth: 10% a year on average over 2021-2025; band [9, 10) in one year.
GROWTH = IndicatorSpec(Behaviour.RATE, Direction.HIGHER, (Target(2021, 2025, D("10")),))
# Price growth held to 4% a year at most (lower is better); band (4, 4.4] in one year.
PRICES = IndicatorSpec(Behaviour.RATE, Direction.LOWER, (Target(2021, 2025, D("4")),))


def one(spec, yearly, year, spans=None, **kwargs):
    (row,) = assess(spec, yearly, spans, years=[year], **kwargs)
    return row


# --- the bound itself -----------------------------------------------------------------------


def test_bounds_add_end_by_end_and_an_open_end_stays_open():
    total = Bound.exact(10) + Bound.at_least(8) + Bound.between(1, 2)
    assert (total.low, total.high, total.kind) == (D(19), None, Kind.AT_LEAST)
    assert Bound.exact(1) + Bound.exact(2) == Bound.exact(3)
    assert (Bound.exact(1) + Bound.about(2)).kind is Kind.ABOUT


def test_bounds_read_in_symbols():
    assert format_bound(Bound.at_least(D("41.3"))) == "≥ 41.3"
    assert format_bound(Bound.at_most(2)) == "≤ 2"
    assert format_bound(Bound.about(19)) == "~19"
    assert format_bound(Bound.between(66, 67)) == "66–67"


def test_a_bound_with_its_ends_reversed_is_refused():
    with pytest.raises(ValueError, match="cannot run"):
        Bound(D(5), D(3))


# --- level, higher is better ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "status"),
    [
        (Bound.at_least(14), Status.ON_TRACK),  # even 14 >= 13.96
        (Bound.at_least(13), Status.NOT_DETERMINABLE),  # 13 is behind; no upper end
        (Bound.at_most(12), Status.OFF_TRACK),  # even 12 < 12.564
        (Bound.at_most(13), Status.NOT_DETERMINABLE),  # 13 >= 12.564; no lower end
        (Bound.between(D("12.6"), D("13.5")), Status.AT_RISK),  # both ends in [12.564, 13.96)
        (Bound.between(12, 14), Status.NOT_DETERMINABLE),  # 12 off track, 14 on track
        (Bound.about(14), Status.ON_TRACK),  # an estimate is a point
    ],
)
def test_a_higher_level_is_judged_on_its_bound(bound, status):
    assert one(SHARE, {2024: bound}, 2024).status is status


def test_an_over_x_level_meeting_the_target_early_is_achieved_on_its_bound():
    row = one(SHARE, {2024: Bound.at_least(D("15.5"))}, 2024)
    assert row.status is Status.ACHIEVED  # even 15.5 >= 15
    assert row.rule.code == "achieved_bound"
    assert describe(row.rule) == (
        "The figure is ≥ 15.5: even its least favourable end meets the target of 15 for 2025."
    )


def test_a_not_determinable_year_shows_the_bound_and_the_expected_value():
    row = one(SHARE, {2024: Bound.at_least(13)}, 2024)
    assert row.actual == D("13")  # the finite end
    assert row.bound == Bound.at_least(13)
    assert row.gap is None  # no single figure, no gap
    assert describe(row.rule).startswith("The figure is ≥ 13 and 13.96 is expected")


# --- level, lower is better -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "status"),
    [
        (Bound.at_most(D("2.6")), Status.ON_TRACK),  # even 2.6 <= 2.645
        (Bound.at_least(3), Status.OFF_TRACK),  # even 3 > 2.9095
        (Bound.between(D("2.7"), D("2.9")), Status.AT_RISK),  # both in (2.645, 2.9095]
        (Bound.at_most(D("2.8")), Status.NOT_DETERMINABLE),  # 2.8 behind; no lower end
        (Bound.at_least(D("2.5")), Status.NOT_DETERMINABLE),  # 2.5 better; no upper end
    ],
)
def test_a_lower_level_is_judged_on_its_bound(bound, status):
    assert one(UNEMPLOYMENT, {2025: bound}, 2025).status is status


# --- targets: ranges and "over X" -----------------------------------------------------------

AGRI = IndicatorSpec(Behaviour.LEVEL, Direction.LOWER, (Target(2021, 2025, D("3"), high=D("5")),))
INDUSTRY = IndicatorSpec(
    Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2025, D("49"), high=D("50")),)
)


def test_a_figure_inside_a_range_target_meets_it():
    # Agriculture's share: 3-5% by 2025 (lower is better); 4.5 in 2024 is inside the range.
    row = one(AGRI, {2024: D("4.5")}, 2024)
    assert row.status is Status.ACHIEVED
    assert row.rule.params["target"] == D("5")  # met at the range's unfavourable end


def test_beyond_the_favourable_end_of_a_range_still_meets_it():
    # Industry-construction 49-50% (higher is better): 51.9 in 2023 and 50.8 in 2024.
    assert one(INDUSTRY, {2023: D("51.9")}, 2023).status is Status.ACHIEVED
    assert one(INDUSTRY, {2024: D("50.8")}, 2024).status is Status.ACHIEVED


def test_a_range_target_missed_is_graded_against_its_unfavourable_end():
    row = one(AGRI, {2025: D("5.2")}, 2025)
    assert row.expected == D("5")
    assert row.status is Status.AT_RISK  # 0.2 above 5, within 10% of 5 = 0.5


def test_an_over_x_target_is_met_only_above_x():
    over = IndicatorSpec(
        Behaviour.LEVEL,
        Direction.HIGHER,
        (Target(2021, 2025, D("15"), strict=True),),
        Baseline(2020, D("9.8")),
    )
    assert one(over, {2025: D("15")}, 2025).status is Status.ON_TRACK  # 15 is not over 15
    assert one(over, {2025: D("15.01")}, 2025).status is Status.ACHIEVED


# --- cumulative -----------------------------------------------------------------------------


def test_a_partial_period_total_is_a_lower_bound_for_its_year():
    # "over 41.3 trillion from 2021 to mid-2023": at least 41.3 for 2021-2023; 30 expected.
    row = one(CAPITAL, {}, 2023, {(2021, 2023): Bound.at_least(D("41.3"))})
    assert row.status is Status.ON_TRACK
    assert row.rule.code == "on_track_bound"
    assert describe(row.rule) == (
        "The figure is ≥ 41.3: even its least favourable end is at or better than the "
        "expected 30, so on track on this bound."
    )
    assert row.projection is None  # no run rate from a bound


@pytest.mark.parametrize(
    ("flow_2022", "status"),
    [
        (Bound.at_least(8), Status.NOT_DETERMINABLE),  # total >= 28: behind, open above
        (Bound.between(5, 6), Status.OFF_TRACK),  # total 25-26: even 26 < 27
        (Bound.between(D("7.5"), 9), Status.AT_RISK),  # total 27.5-29, inside [27, 30)
        (Bound.at_least(11), Status.ON_TRACK),  # total >= 31
    ],
)
def test_a_total_adds_its_flows_bounds(flow_2022, status):
    yearly = {2021: Bound.exact(10), 2022: flow_2022, 2023: Bound.exact(10)}
    assert one(CAPITAL, yearly, 2023).status is status


def test_a_registry_sum_is_a_lower_bound_that_can_achieve_but_never_miss():
    # The registry knows 64.56 trillion to 2023: at least that much was attracted.
    capital = {2021: Bound.at_least(D("19.88")), 2022: Bound.at_least(D("4.23"))}
    capital[2023] = Bound.at_least(D("40.45"))
    assert one(CAPITAL, capital, 2023).status is Status.ACHIEVED  # even 64.56 >= 50
    # New jobs: the registry knows 10,588 jobs to 2023 against 18,000 expected (30,000 by
    # 2025): behind at its low end, open above, so not off track on this bound alone.
    jobs = IndicatorSpec(Behaviour.CUMULATIVE, Direction.HIGHER, (Target(2021, 2025, D(30000)),))
    flows = {2021: Bound.at_least(4188), 2022: Bound.at_least(0), 2023: Bound.at_least(6400)}
    row = one(jobs, flows, 2023)
    assert row.expected == D("18000")
    assert row.status is Status.NOT_DETERMINABLE


@pytest.mark.parametrize(
    ("total", "status"),
    [
        (Bound.at_most(55), Status.ON_TRACK),  # even 55 <= 60
        (Bound.at_least(70), Status.OFF_TRACK),  # even 70 > 66
        (Bound.at_least(50), Status.NOT_DETERMINABLE),  # 50 is within; open above
        (Bound.between(62, 65), Status.AT_RISK),  # both in (60, 66]
    ],
)
def test_a_cap_on_a_total_is_judged_on_its_bound(total, status):
    assert one(CAP, {}, 2023, {(2021, 2023): total}).status is status


# --- rate -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("growth", "status"),
    [
        (Bound.at_least(D("10.5")), Status.ON_TRACK),  # even 10.5 >= 10
        (Bound.between(D("9.5"), D("9.8")), Status.AT_RISK),  # both in [9, 10)
        (Bound.at_most(D("8.5")), Status.OFF_TRACK),  # even 8.5 < 9
        (Bound.at_least(D("9.5")), Status.NOT_DETERMINABLE),  # behind, open above
    ],
)
def test_a_higher_rate_is_judged_on_its_bound(growth, status):
    assert one(GROWTH, {2021: growth}, 2021).status is status


def test_a_rate_bound_compounds_end_by_end():
    # 10% then at least 7%: the factor is at least 1.1 * 1.07 = 1.177 against 1.21 expected
    # (1.1881 at the tolerance edge): behind at the low end, open above.
    row = one(GROWTH, {2021: D("10"), 2022: Bound.at_least(7)}, 2022)
    assert row.status is Status.NOT_DETERMINABLE
    assert row.bound.high is None
    assert row.bound.low == D("8.4896")  # sqrt(1.177) - 1 = 0.0848963..., i.e. 8.4896%


def test_a_rate_over_the_whole_window_achieved_on_its_bound():
    row = one(GROWTH, {}, 2025, {(2021, 2025): Bound.at_least(D("10.4"))})
    assert row.status is Status.ACHIEVED


@pytest.mark.parametrize(
    ("growth", "status"),
    [
        (Bound.at_most(D("3.5")), Status.ON_TRACK),  # even 3.5 <= 4
        (Bound.at_least(5), Status.OFF_TRACK),  # even 5 > 4.4
        (Bound.between(D("4.1"), D("4.3")), Status.AT_RISK),  # both in (4, 4.4]
        (Bound.at_most(D("4.2")), Status.NOT_DETERMINABLE),  # 4.2 is behind; open below
    ],
)
def test_a_lower_rate_is_judged_on_its_bound(growth, status):
    assert one(PRICES, {2021: growth}, 2021).status is status


# --- several documents, the unfinished year --------------------------------------------------


def test_the_programme_s_own_target_gives_the_verdict_and_the_others_stand_beside_it():
    spec = IndicatorSpec(
        Behaviour.RATE,
        Direction.HIGHER,
        (
            Target(2021, 2025, D("10")),  # the five-year plan
            Target(2025, 2025, D("14"), primary=False),  # the annual plan for 2025
        ),
    )
    row = one(spec, {}, 2025, {(2021, 2025): D("10.4")})
    assert row.target == Target(2021, 2025, D("10"))
    assert row.status is Status.ACHIEVED  # 10.4% a year over 2021-2025 meets 10%
    (annual,) = row.others
    assert annual.target == Target(2025, 2025, D("14"), primary=False)
    assert annual.status is Status.NO_DATA  # no 2025 growth of its own was given


def test_a_year_not_over_is_shown_to_date_and_not_judged():
    row = one(CAPITAL, {2021: D(20), 2022: D(5)}, 2022, complete_until=2021)
    assert row.status is Status.TO_DATE
    assert row.bound == Bound.exact(25)
    assert (
        describe(row.rule) == "2022 is not over: 25 is the year to date, not judged as a full year."
    )
