"""Assessment engine: RATE indicators (average annual growth over a window, in percent).

The average over k years is the geometric mean (prod(1 + r/100))^(1/k) - 1. Figures are chosen so
the roots are exact where possible (1.125 * 1.28 = 1.44 = 1.2^2); otherwise the comment gives the
calculation and its value to more places than the 4 shown.
"""

from decimal import Decimal as D

import pytest

from xuctien.programmes.assessment import (
    Behaviour,
    Direction,
    IndicatorSpec,
    Rule,
    Status,
    Target,
    YearAssessment,
    assess,
    describe,
)

# Value-added growth of manufacturing, Resolution 01: 17%/year on average 2021-2025,
# 20%/year 2026-2030.
VA_GROWTH = IndicatorSpec(
    Behaviour.RATE,
    Direction.HIGHER,
    (Target(2021, 2025, D("17")), Target(2026, 2030, D("20"))),
)
# A round 20% target keeps the arithmetic exact: 1.2^5 = 2.48832.
TWENTY = IndicatorSpec(Behaviour.RATE, Direction.HIGHER, (Target(2021, 2025, D("20")),))
# A cost that should grow by at most 5% a year on average.
COST_GROWTH = IndicatorSpec(Behaviour.RATE, Direction.LOWER, (Target(2021, 2025, D("5")),))


def one_year(spec, yearly, year, spans=None) -> YearAssessment:
    (result,) = assess(spec, yearly, spans, years=[year])
    return result


def test_a_single_year_on_the_target_rate_is_on_track():
    row = one_year(TWENTY, {2021: D("20")}, 2021)
    assert row.actual == D("20")
    assert row.expected == D("20")  # the target rate itself
    assert row.gap == D("0")
    assert row.status is Status.ON_TRACK
    assert row.still_needed == D("20")  # (1.2^5 / 1.2)^(1/4) - 1 = 1.2 - 1
    assert row.projection == row.still_needed  # the required rate
    assert row.percent_of_target == D("100.00")


def test_the_average_is_geometric_and_compared_exactly():
    row = one_year(TWENTY, {2021: D("12.5"), 2022: D("28")}, 2022)
    assert row.actual == D("20")  # 1.125 * 1.28 = 1.44 = 1.2^2
    assert row.status is Status.ON_TRACK  # 1.44 >= 1.2^2 exactly, no root taken
    assert row.still_needed == D("20")  # (2.48832 / 1.44)^(1/3) = 1.728^(1/3) = 1.2
    assert row.years_used == (2021, 2022)
    assert row.missing_years == ()


@pytest.mark.parametrize(
    ("rates", "status"),
    [
        (["18"], Status.AT_RISK),  # exactly at the tolerance: 20 - 0.10 * 20 = 18
        (["18", "18"], Status.AT_RISK),  # 1.18^2 = 1.3924, exactly the limit's factor
        (["17.99"], Status.OFF_TRACK),  # just past it
        (["19.99"], Status.AT_RISK),  # just behind the expected 20
        (["44", "0"], Status.ON_TRACK),  # 1.44 * 1.00 = 1.2^2, exactly on expected
    ],
)
def test_rate_status_boundaries(rates, status):
    yearly = {2021 + i: D(rate) for i, rate in enumerate(rates)}
    assert one_year(TWENTY, yearly, 2020 + len(rates)).status is status


def test_off_track_rule_gives_the_shortfall_in_points():
    row = one_year(TWENTY, {2021: D("17")}, 2021)
    assert row.status is Status.OFF_TRACK  # 3 points behind, more than 2
    assert row.rule == Rule(
        "off_track",
        {"actual": D("17"), "expected": D("20"), "shortfall": D("3"), "allowance": D("2")},
    )


def test_still_needed_when_behind():
    row = one_year(VA_GROWTH, {2021: D("10"), 2022: D("10")}, 2022)
    assert row.actual == D("10")  # 1.1 * 1.1 = 1.21 = 1.1^2
    assert row.status is Status.OFF_TRACK  # 7 points behind 17, more than 1.7
    # 1.17^5 = 2.1924480357; / 1.21 = 1.811940525...; cube root = 1.219124276... -> 21.9124%
    assert row.still_needed == D("21.9124")
    assert row.projection == D("21.9124")
    assert row.percent_of_target == D("58.82")  # 10 / 17 * 100 = 58.8235...


def test_the_full_window_on_target_is_achieved():
    row = one_year(TWENTY, dict.fromkeys(range(2021, 2026), D("20")), 2025)
    assert row.status is Status.ACHIEVED
    assert row.rule == Rule(
        "achieved_rate",
        {"actual": D("20"), "target": D("20"), "start_year": 2021, "target_year": 2025},
    )
    assert row.still_needed is None  # no year remains
    assert row.projection == D("20")  # the actual, once the window is complete
    assert describe(row.rule) == "The average rate of 20% over 2021-2025 meets the target of 20%."


def test_a_full_window_below_target_is_not_achieved():
    yearly = {**dict.fromkeys(range(2021, 2025), D("20")), 2025: D("15")}
    row = one_year(TWENTY, yearly, 2025)
    # 1.2^4 * 1.15 = 2.0736 * 1.15 = 2.38464; fifth root = 1.189829041... -> 18.9829%
    assert row.actual == D("18.9829")
    assert row.status is Status.AT_RISK  # shortfall 1.0171 <= 2
    assert row.rule.params["shortfall"] == D("1.0171")  # 20 - 18.98290411...


def test_a_rate_is_not_achieved_with_a_year_missing():
    yearly = {2021: D("30"), 2022: D("30"), 2024: D("30"), 2025: D("30")}
    row = one_year(TWENTY, yearly, 2025)
    assert row.actual == D("30")  # the four observed years
    assert row.status is Status.ON_TRACK
    assert row.missing_years == (2023,)
    assert row.years_used == (2021, 2022, 2024, 2025)
    # One year (2023) still open: 1.2^5 / 1.3^4 - 1 = 2.48832 / 2.8561 - 1 = -0.128770001...
    assert row.still_needed == D("-12.8770")
    assert row.rule.params["missing_years"] == (2023,)
    assert describe(row.rule).endswith("The average leaves out the years without figures: 2023.")


def test_a_gap_inside_the_window_is_averaged_over_the_observed_years():
    row = one_year(TWENTY, {2021: D("12.5"), 2023: D("28")}, 2023)
    assert row.actual == D("20")  # (1.125 * 1.28)^(1/2) - 1, 2022 left out
    assert row.missing_years == (2022,)
    assert row.still_needed == D("20")  # three years still open: (2.48832 / 1.44)^(1/3) - 1
    assert row.status is Status.ON_TRACK


def test_a_year_without_its_own_figure_is_no_data():
    row = one_year(TWENTY, {2021: D("20")}, 2022)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("no_actual", {"year": 2022})
    assert row.actual is None
    assert row.expected == D("20")
    assert row.still_needed is None
    assert row.missing_years == (2022,)


# --- spans --------------------------------------------------------------------------------

# Reported: manufacturing grew 22.83% a year on average over 2021-2023.
SPAN_2021_2023 = {(2021, 2023): D("22.83")}


def test_a_span_gives_the_average_over_its_years():
    row = one_year(VA_GROWTH, {}, 2023, SPAN_2021_2023)
    assert row.actual == D("22.83")  # (1.2283^3)^(1/3) - 1
    assert row.span == (2021, 2023)
    assert row.years_used == (2021, 2022, 2023)
    assert row.status is Status.ON_TRACK
    # 1.2283^3 = 1.853161869187; (2.1924480357 / 1.853161869187)^(1/2) = 1.0876971... -> 8.7697%
    assert row.still_needed == D("8.7697")


def test_yearly_figures_after_a_span_compound_onto_it():
    row = one_year(VA_GROWTH, {2024: D("10")}, 2024, SPAN_2021_2023)
    # 1.853161869187 * 1.1 = 2.0384780561057; fourth root = 1.194886103... -> 19.4886%
    assert row.actual == D("19.4886")
    assert row.years_used == (2021, 2022, 2023, 2024)
    assert row.still_needed == D("7.5532")  # 2.1924480357 / 2.0384780561057 - 1 = 0.0755318...


def test_the_latest_span_wins_and_covers_its_yearly_figures():
    spans = {(2021, 2022): D("19"), **SPAN_2021_2023}
    yearly = {2022: D("-50")}  # inside the span: not used
    assert one_year(VA_GROWTH, yearly, 2023, spans).actual == D("22.83")
    assert one_year(VA_GROWTH, yearly, 2022, spans).actual == D("19")


def test_a_span_not_starting_with_the_window_is_ignored():
    row = one_year(VA_GROWTH, {2021: D("17"), 2023: D("17")}, 2023, {(2022, 2023): D("30")})
    assert row.span is None
    assert row.actual == D("17")
    assert row.missing_years == (2022,)


def test_a_span_over_the_whole_window_can_achieve_the_target():
    # Reported at the 16th Party Congress: about 23% a year over 2021-2025.
    row = one_year(VA_GROWTH, {}, 2025, {(2021, 2025): D("23")})
    assert row.status is Status.ACHIEVED
    assert row.actual == D("23")
    assert row.percent_of_target == D("135.29")  # 23 / 17 * 100 = 135.294...


# --- consecutive windows ------------------------------------------------------------------


def test_the_second_window_starts_its_own_average():
    yearly = {**dict.fromkeys(range(2021, 2026), D("17")), 2026: D("18")}
    first = one_year(VA_GROWTH, yearly, 2025)
    second = one_year(VA_GROWTH, yearly, 2026)
    assert first.status is Status.ACHIEVED  # 1.17^5 meets 1.17^5
    assert second.target == Target(2026, 2030, D("20"))
    assert second.actual == D("18")  # only 2026 counts in 2026-2030
    assert second.years_used == (2026,)
    assert second.status is Status.AT_RISK  # 2 points behind 20, within 2


# --- lower is better ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "status"),
    [
        ("4", Status.ON_TRACK),
        ("5", Status.ON_TRACK),  # exactly on the target rate
        ("5.5", Status.AT_RISK),  # exactly at the tolerance: 5 + 0.10 * 5
        ("5.51", Status.OFF_TRACK),
    ],
)
def test_a_lower_rate_mirrors_the_statuses(rate, status):
    assert one_year(COST_GROWTH, {2021: D(rate)}, 2021).status is status


def test_a_lower_rate_is_achieved_at_or_under_the_target():
    row = one_year(COST_GROWTH, dict.fromkeys(range(2021, 2026), D("4")), 2025)
    assert row.status is Status.ACHIEVED
    assert row.percent_of_target == D("125.00")  # 5 / 4 * 100


# --- odd figures --------------------------------------------------------------------------


def test_negative_growth_averages_like_any_other():
    row = one_year(TWENTY, {2021: D("-10"), 2022: D("60")}, 2022)
    assert row.actual == D("20")  # 0.9 * 1.6 = 1.44 = 1.2^2


def test_a_total_collapse_leaves_nothing_that_can_still_reach_the_target():
    row = one_year(TWENTY, {2021: D("-100")}, 2021)
    assert row.actual == D("-100")
    assert row.still_needed is None  # no rate can grow from zero
    assert row.status is Status.OFF_TRACK


@pytest.mark.parametrize("rates", [{2021: D("-150")}, {2021: D("-150"), 2022: D("-150")}])
def test_a_rate_below_minus_100_percent_is_refused(rates):
    # Two such rates would multiply into 0.25, a factor that looks harmless.
    with pytest.raises(ValueError, match="below -100%"):
        one_year(TWENTY, rates, max(rates))
