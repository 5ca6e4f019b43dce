"""Assessment engine: CUMULATIVE indicators (a sum of yearly flows over a window).

Expected for year y in a window s..T with target vT: vT * (y - s + 1) / (T - s + 1).
"""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuctien.programmes.assessment import (
    Behaviour,
    Direction,
    IndicatorSpec,
    Rule,
    Status,
    Target,
    YearAssessment,
    assess,
)

# Capital attracted, in VND trillion: over 50 in 2021-2025, over 100 in 2021-2030 (nested).
CAPITAL = IndicatorSpec(
    Behaviour.CUMULATIVE,
    Direction.HIGHER,
    (Target(2021, 2025, D("50")), Target(2021, 2030, D("100"))),
)
# New manufacturing jobs: at least 30,000 over 2021-2025.
JOBS = IndicatorSpec(Behaviour.CUMULATIVE, Direction.HIGHER, (Target(2021, 2025, D("30000")),))
# A cap: emissions of at most 100 over 2021-2025.
EMISSIONS = IndicatorSpec(Behaviour.CUMULATIVE, Direction.LOWER, (Target(2021, 2025, D("100")),))


def one_year(spec, yearly, year, spans=None) -> YearAssessment:
    (result,) = assess(spec, yearly, spans, years=[year])
    return result


def flows(*amounts: str, start: int = 2021) -> dict[int, D]:
    return {start + i: D(amount) for i, amount in enumerate(amounts)}


def test_the_first_year_on_the_pro_rata_path_is_on_track():
    row = one_year(CAPITAL, flows("10"), 2021)
    assert row.target == Target(2021, 2025, D("50"))  # the nested window ending earliest
    assert row.actual == D("10")
    assert row.expected == D("10")  # 50 * 1/5
    assert row.status is Status.ON_TRACK
    assert row.projection == D("50")  # run rate: 10 / 1 * 5
    assert row.still_needed == D("10")  # (50 - 10) / 4 remaining years
    assert row.percent_of_target == D("20.00")  # 10 / 50 * 100
    assert row.years_used == (2021,)


@pytest.mark.parametrize(
    ("amounts", "status"),
    [
        (("10", "10"), Status.ON_TRACK),  # 20, exactly the expected 50 * 2/5
        (("10", "8"), Status.AT_RISK),  # 18: behind by 2 = 0.10 * 20, exactly the tolerance
        (("10", "7.99"), Status.OFF_TRACK),  # 17.99: behind by 2.01
        (("10", "9.99"), Status.AT_RISK),  # 19.99: just behind
    ],
)
def test_cumulative_status_boundaries(amounts, status):
    assert one_year(CAPITAL, flows(*amounts), 2022).status is status


def test_an_at_risk_year_reports_its_figures():
    row = one_year(CAPITAL, flows("10", "8", "11.99"), 2023)
    assert row.actual == D("29.99")  # 10 + 8 + 11.99
    assert row.expected == D("30")  # 50 * 3/5
    assert row.gap == D("-0.01")
    assert row.status is Status.AT_RISK  # 0.01 <= 3
    assert row.projection == D("49.9833")  # 29.99 / 3 * 5 = 49.98333...
    assert row.still_needed == D("10.005")  # (50 - 29.99) / 2
    assert row.rule == Rule(
        "at_risk",
        {"actual": D("29.99"), "expected": D("30"), "shortfall": D("0.01"), "allowance": D("3")},
    )


def test_new_jobs_behind_the_path_are_off_track():
    row = one_year(JOBS, flows("5000", "5500"), 2022)
    assert row.actual == D("10500")
    assert row.expected == D("12000")  # 30000 * 2/5
    assert row.status is Status.OFF_TRACK  # behind by 1500 > 0.10 * 12000 = 1200
    assert row.still_needed == D("6500")  # (30000 - 10500) / 3
    assert row.projection == D("26250")  # 10500 / 2 * 5
    assert row.percent_of_target == D("35.00")  # 10500 / 30000 * 100


def test_a_sum_is_achieved_as_soon_as_it_meets_the_target():
    row = one_year(CAPITAL, flows("30", "25"), 2022)
    assert row.status is Status.ACHIEVED  # 55 >= 50, three years early
    assert row.rule == Rule(
        "achieved_cumulative",
        {"actual": D("55"), "target": D("50"), "start_year": 2021, "target_year": 2025},
    )
    assert row.still_needed == D("0")  # (50 - 55) / 3 is negative: nothing more is needed
    assert row.percent_of_target == D("110.00")


def test_the_target_year_short_of_the_target():
    row = one_year(CAPITAL, flows("9", "9", "9", "9", "9"), 2025)
    assert row.actual == D("45")
    assert row.expected == D("50")
    assert row.status is Status.AT_RISK  # behind by 5 = 0.10 * 50, exactly the tolerance
    assert row.still_needed is None  # no year remains
    assert row.projection == D("45")  # 45 / 5 * 5


def test_the_wider_window_takes_over_after_the_first_ends():
    row = one_year(CAPITAL, flows(*["10"] * 6), 2026)
    assert row.target == Target(2021, 2030, D("100"))
    assert row.actual == D("60")  # 2021-2026, the wider window's flows from its own start
    assert row.expected == D("60")  # 100 * 6/10
    assert row.status is Status.ON_TRACK
    assert row.still_needed == D("10")  # (100 - 60) / 4
    assert row.projection == D("100")  # 60 / 6 * 10


def test_consecutive_windows_each_sum_their_own_years():
    spec = IndicatorSpec(
        Behaviour.CUMULATIVE,
        Direction.HIGHER,
        (Target(2021, 2025, D("50")), Target(2026, 2030, D("60"))),
    )
    row = one_year(spec, flows(*["10"] * 7), 2027)
    assert row.actual == D("20")  # 2026 + 2027 only
    assert row.expected == D("24")  # 60 * 2/5
    assert row.status is Status.OFF_TRACK  # behind by 4 > 0.10 * 24 = 2.4
    assert row.years_used == (2026, 2027)


# --- missing years and spans --------------------------------------------------------------


def test_a_missing_earlier_flow_leaves_the_sum_unknown():
    row = one_year(CAPITAL, {2021: D("10"), 2023: D("5")}, 2023)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("missing_years", {"year": 2023, "missing_years": (2022,)})
    assert row.actual is None
    assert row.expected == D("30")  # 50 * 3/5, still shown
    assert row.missing_years == (2022,)
    assert row.projection is None


def test_a_year_without_its_own_flow_is_no_actual():
    row = one_year(CAPITAL, {2021: D("10")}, 2022)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("no_actual", {"year": 2022})
    assert row.missing_years == (2022,)


def test_a_span_gives_the_total_to_its_end():
    spans = {(2021, 2023): D("41.3")}
    yearly = {2022: D("99"), 2024: D("6")}  # 2022 lies inside the span: not added again
    row = one_year(CAPITAL, yearly, 2024, spans)
    assert row.actual == D("47.3")  # 41.3 + 6
    assert row.expected == D("40")  # 50 * 4/5
    assert row.status is Status.ON_TRACK
    assert row.span == (2021, 2023)
    assert row.years_used == (2021, 2022, 2023, 2024)
    assert row.still_needed == D("2.7")  # (50 - 47.3) / 1
    assert one_year(CAPITAL, yearly, 2023, spans).actual == D("41.3")


def test_the_latest_span_is_used():
    spans = {(2021, 2022): D("15"), (2021, 2024): D("48")}
    assert one_year(CAPITAL, {2025: D("3")}, 2025, spans).actual == D("51")  # 48 + 3


def test_a_gap_after_a_span_leaves_the_sum_unknown():
    row = one_year(CAPITAL, {2025: D("6")}, 2025, {(2021, 2023): D("41.3")})
    assert row.status is Status.NO_DATA
    assert row.missing_years == (2024,)


def test_a_span_inside_the_wider_window_counts_there_too():
    spans = {(2021, 2025): D("52")}
    row = one_year(CAPITAL, {2026: D("8")}, 2026, spans)
    assert row.actual == D("60")  # 52 + 8, against the 2021-2030 target
    assert row.status is Status.ON_TRACK  # expected 60


# --- a cap: lower is better ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "status"),
    [
        (("20",), Status.ON_TRACK),  # expected 100 * 1/5 = 20
        (("20", "24"), Status.AT_RISK),  # 44: over 40 by 4 = 0.10 * 40, exactly the tolerance
        (("20", "24.01"), Status.OFF_TRACK),  # 44.01: over by 4.01
        (("20", "20", "10"), Status.ON_TRACK),  # 50 under 60, but not achieved before 2025
        (("20", "20", "20", "20", "20"), Status.ACHIEVED),  # 100, within the cap at the end
        (("20", "20", "20", "20", "21"), Status.AT_RISK),  # 101: over by 1 <= 10
    ],
)
def test_a_cap_is_judged_on_the_path_and_achieved_only_at_the_end(amounts, status):
    assert one_year(EMISSIONS, flows(*amounts), 2020 + len(amounts)).status is status


def test_a_cap_reports_the_allowance_left_per_year():
    row = one_year(EMISSIONS, flows("20", "24"), 2022)
    assert row.still_needed == D("18.6667")  # (100 - 44) / 3 = 18.666...
    assert row.percent_of_target == D("227.27")  # 100 / 44 * 100 = 227.2727...
    assert row.gap == D("4")  # 44 - 40: raw sign, positive is bad under a cap


# --- properties ---------------------------------------------------------------------------

RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}
amount = st.decimals(min_value=0, max_value=30, places=2)


@given(
    amounts=st.lists(amount, min_size=1, max_size=10),
    extra=amount,
    bumped=st.integers(0, 9),
)
def test_a_larger_flow_never_earns_a_worse_status(amounts, extra, bumped):
    year = 2020 + len(amounts)
    before = one_year(CAPITAL, flows(*map(str, amounts)), year)
    amounts[bumped % len(amounts)] += extra
    after = one_year(CAPITAL, flows(*map(str, amounts)), year)
    assert RANK[before.status] <= RANK[after.status]


@given(amounts=st.lists(amount, min_size=1, max_size=5))
def test_the_actual_is_the_sum_and_the_projection_its_run_rate(amounts):
    row = one_year(JOBS, flows(*map(str, amounts)), 2020 + len(amounts))
    assert row.actual == sum(amounts)
    # projection = sum / elapsed * 5, rounded to 4 places
    assert abs(row.projection - sum(amounts) / len(amounts) * 5) <= D("0.00005")
