"""Assessment engine: the data types, target selection, rule texts, and LEVEL indicators.

RATE and CUMULATIVE indicators are in test_assessment_rate.py and test_assessment_cumulative.py.
Every expected figure is worked out by hand in the comment beside it.
"""

import json
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuctien.programmes.assessment import (
    RULE_TEXTS,
    Baseline,
    Behaviour,
    Direction,
    IndicatorSpec,
    Rule,
    Status,
    Target,
    YearAssessment,
    applicable_target,
    assess,
    default_years,
    describe,
)

# Manufacturing share of GRDP (Resolution 01): baseline 2020 = 9.8%, >15% by 2025, 20% by 2030.
GRDP_SHARE = IndicatorSpec(
    behaviour=Behaviour.LEVEL,
    direction=Direction.HIGHER,
    targets=(Target(2021, 2025, D("15")), Target(2026, 2030, D("20"))),
    baseline=Baseline(2020, D("9.8")),
)
SHARE_FIGURES = {2021: D("11.9"), 2022: D("11.5"), 2023: D("12.3"), 2024: D("12.43")}

# Unemployment rate: lower is better; baseline 2020 = 3.29%, below 2% by 2030.
UNEMPLOYMENT = IndicatorSpec(
    behaviour=Behaviour.LEVEL,
    direction=Direction.LOWER,
    targets=(Target(2021, 2030, D("2")),),
    baseline=Baseline(2020, D("3.29")),
)

NO_BASELINE = IndicatorSpec(Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2025, D("15")),))


def one_year(spec, yearly, year, spans=None) -> YearAssessment:
    (result,) = assess(spec, yearly, spans, years=[year])
    return result


# --- data types ---------------------------------------------------------------------------


def test_enums_serialise_as_their_plain_values():
    payload = json.dumps([Status.ON_TRACK, Behaviour.RATE, Direction.LOWER])
    assert payload == '["on_track", "rate", "lower"]'


def test_it_refuses_a_window_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        Target(2025, 2021, D("15"))


def test_it_refuses_a_negative_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        IndicatorSpec(Behaviour.LEVEL, Direction.HIGHER, (), tolerance=D("-0.1"))


def test_it_refuses_a_baseline_on_or_after_a_target_year():
    with pytest.raises(ValueError, match="baseline"):
        IndicatorSpec(
            Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2025, D("15")),), Baseline(2025, D(1))
        )


def test_integers_are_taken_as_decimals_but_floats_are_refused():
    spec = IndicatorSpec(Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2025, 15),))
    assert one_year(spec, {2025: 15}, 2025).status is Status.ACHIEVED
    assert isinstance(spec.targets[0].value, D)
    with pytest.raises(TypeError, match="float"):
        assess(spec, {2025: 15.0})
    with pytest.raises(TypeError, match="float"):
        Target(2021, 2025, 15.0)


def test_spec_accepts_a_list_of_targets_and_keeps_a_tuple():
    spec = IndicatorSpec(Behaviour.LEVEL, Direction.HIGHER, [Target(2021, 2025, D("15"))])
    assert spec.targets == (Target(2021, 2025, D("15")),)


# --- which target, which years ------------------------------------------------------------


def test_the_target_ending_earliest_applies_among_nested_windows():
    five, ten = Target(2021, 2025, D(50)), Target(2021, 2030, D(100))
    assert applicable_target([ten, five], 2023) is five
    assert applicable_target([ten, five], 2025) is five
    assert applicable_target([ten, five], 2026) is ten
    assert applicable_target([ten, five], 2031) is None


def test_the_narrowest_window_applies_when_two_end_together():
    wide, narrow = Target(2021, 2025, D(50)), Target(2023, 2025, D(30))
    assert applicable_target([wide, narrow], 2024) is narrow
    assert applicable_target([wide, narrow], 2022) is wide


def test_years_run_from_after_the_baseline_to_the_last_target():
    assert default_years(GRDP_SHARE) == list(range(2021, 2031))
    assert [row.year for row in assess(GRDP_SHARE, SHARE_FIGURES)] == list(range(2021, 2031))


def test_years_start_at_the_first_window_without_a_baseline():
    spec = IndicatorSpec(
        Behaviour.CUMULATIVE,
        Direction.HIGHER,
        (Target(2026, 2030, D(1)), Target(2022, 2025, D(1))),
    )
    assert default_years(spec) == [2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]


def test_no_targets_means_no_years():
    spec = IndicatorSpec(Behaviour.LEVEL, Direction.HIGHER, ())
    assert assess(spec, {2024: D(1)}) == []


def test_requested_years_come_back_sorted_and_once_each():
    rows = assess(GRDP_SHARE, SHARE_FIGURES, years=[2024, 2022, 2024])
    assert [row.year for row in rows] == [2022, 2024]


# --- level: the realistic case ------------------------------------------------------------


def test_grdp_share_2024_is_off_track():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2024)
    assert row.target == Target(2021, 2025, D("15"))
    assert row.actual == D("12.43")
    assert row.expected == D("13.96")  # 9.8 + (15 - 9.8) * 4/5 = 9.8 + 4.16
    assert row.gap == D("-1.53")  # 12.43 - 13.96
    assert row.percent_of_target == D("82.87")  # 12.43 / 15 * 100 = 82.8666...
    assert row.still_needed == D("2.57")  # (15 - 12.43) / (2025 - 2024)
    assert row.status is Status.OFF_TRACK  # shortfall 1.53 > 0.10 * 13.96 = 1.396
    assert row.rule == Rule(
        "off_track",
        {
            "actual": D("12.43"),
            "expected": D("13.96"),
            "shortfall": D("1.53"),
            "allowance": D("1.396"),
        },
    )
    assert row.years_used == (2024,)


def test_grdp_share_2023_is_at_risk():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2023)
    assert row.expected == D("12.92")  # 9.8 + 5.2 * 3/5 = 9.8 + 3.12
    assert row.gap == D("-0.62")  # 12.3 - 12.92
    assert row.still_needed == D("1.35")  # (15 - 12.3) / 2
    assert row.status is Status.AT_RISK  # shortfall 0.62 <= 0.10 * 12.92 = 1.292
    assert row.rule.params["allowance"] == D("1.292")


def test_grdp_share_2021_is_on_track():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2021)
    assert row.expected == D("10.84")  # 9.8 + 5.2 * 1/5
    assert row.gap == D("1.06")  # 11.9 - 10.84
    assert row.status is Status.ON_TRACK
    assert row.rule == Rule("on_track", {"actual": D("11.9"), "expected": D("10.84")})


# --- level: boundaries between statuses ---------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("12.92", Status.ON_TRACK),  # exactly on expected 12.92
        ("12.9199", Status.AT_RISK),  # just behind
        ("11.628", Status.AT_RISK),  # exactly at the tolerance: 12.92 - 1.292
        ("11.6279", Status.OFF_TRACK),  # just past the tolerance
    ],
)
def test_level_status_boundaries(actual, status):
    assert one_year(GRDP_SHARE, {2023: D(actual)}, 2023).status is status


def test_a_level_is_achieved_when_met_in_its_target_year():
    row = one_year(GRDP_SHARE, {2025: D("15")}, 2025)
    assert row.status is Status.ACHIEVED
    assert row.rule == Rule(
        "achieved_level",
        {"actual": D("15"), "target": D("15"), "start_year": 2021, "target_year": 2025},
    )
    assert row.still_needed is None  # no year remains
    assert row.percent_of_target == D("100.00")


def test_a_level_just_short_in_its_target_year_is_at_risk():
    row = one_year(GRDP_SHARE, {2025: D("14.99")}, 2025)
    assert row.expected == D("15")
    assert row.status is Status.AT_RISK  # shortfall 0.01 <= 1.5
    assert row.percent_of_target == D("99.93")  # 14.99 / 15 * 100 = 99.9333...


def test_a_level_target_met_before_its_year_is_achieved():
    row = one_year(GRDP_SHARE, {2024: D("15.5")}, 2024)
    assert row.status is Status.ACHIEVED  # 15.5 >= 15 a year early
    assert row.still_needed == D("-0.5")  # (15 - 15.5) / 1: it may fall and still meet it


# --- level: two consecutive targets -------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, "15"),  # the corner of the path
        (2026, "16"),  # 15 + (20 - 15) * 1/5
        (2027, "17"),  # 15 + 5 * 2/5
        (2030, "20"),
    ],
)
def test_the_path_bends_at_the_first_target(year, expected):
    assert one_year(GRDP_SHARE, {}, year).expected == D(expected)


def test_the_second_window_is_assessed_against_its_own_target():
    row = one_year(GRDP_SHARE, {2028: D("17.5")}, 2028)
    assert row.target == Target(2026, 2030, D("20"))
    assert row.expected == D("18")  # 15 + 5 * 3/5
    assert row.status is Status.AT_RISK  # shortfall 0.5 <= 1.8
    assert row.still_needed == D("1.25")  # (20 - 17.5) / 2
    assert one_year(GRDP_SHARE, {2030: D("20.1")}, 2030).status is Status.ACHIEVED


# --- level: projection --------------------------------------------------------------------


def test_projection_is_the_least_squares_trend_of_the_last_three_years():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2024)
    # Points 2022: 11.5, 2023: 12.3, 2024: 12.43 (2021 is left out: only the last three).
    # Mean year 2023, mean value m = 36.23 / 3 = 12.07666...
    # slope = (-1 * (11.5 - m) + 0 * (12.3 - m) + 1 * (12.43 - m)) / ((-1)^2 + 0^2 + 1^2)
    #       = 0.93 / 2 = 0.465; at 2025: 12.07666... + 0.465 * 2 = 13.00666...
    assert row.projection == D("13.0067")


def test_no_projection_from_fewer_than_three_figures():
    # Two points (2021: 11.9, 2022: 11.5) would draw 10.3 for 2025: noise, not a trend.
    assert one_year(GRDP_SHARE, SHARE_FIGURES, 2022).projection is None
    assert one_year(GRDP_SHARE, SHARE_FIGURES, 2021).projection is None


def test_a_projection_stays_in_the_physical_range():
    spec = IndicatorSpec(
        Behaviour.LEVEL,
        Direction.LOWER,
        (Target(2026, 2030, D("2")),),
        Baseline(2020, D("3.29")),
        physical=(D(0), D(100)),
    )
    # 3, 2, 1 in 2022-2024 falls 1 a year: 2030 would be -5, but a rate is never below 0.
    row = one_year(spec, {2022: D("3"), 2023: D("2"), 2024: D("1")}, 2027)
    assert row.projection == D("0")


def test_a_year_without_a_figure_still_shows_the_trend():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2026)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("no_actual", {"year": 2026})
    assert row.actual is None
    assert row.gap is None
    assert row.expected == D("16")
    assert row.projection == D("15.3317")  # 12.07666... + 0.465 * (2030 - 2023) = 15.331666...


def test_no_projection_without_a_second_point():
    row = one_year(NO_BASELINE, {2023: D("12")}, 2023)
    assert row.projection is None


# --- level: lower is better ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("2.5", Status.ON_TRACK),  # better (lower) than expected 2.645
        ("2.645", Status.ON_TRACK),  # 3.29 + (2 - 3.29) * 5/10 = 3.29 - 0.645
        ("2.9", Status.AT_RISK),  # behind by 0.255 <= 0.10 * 2.645 = 0.2645
        ("2.9095", Status.AT_RISK),  # exactly at the tolerance: 2.645 + 0.2645
        ("2.9096", Status.OFF_TRACK),  # just past it
    ],
)
def test_lower_is_better_mirrors_the_statuses(actual, status):
    assert one_year(UNEMPLOYMENT, {2025: D(actual)}, 2025).status is status


def test_lower_is_better_figures():
    row = one_year(UNEMPLOYMENT, {2025: D("2.9")}, 2025)
    assert row.gap == D("0.255")  # 2.9 - 2.645: raw sign, a positive gap is bad here
    assert row.percent_of_target == D("68.97")  # 2 / 2.9 * 100 = 68.9655...
    assert row.still_needed == D("-0.18")  # (2 - 2.9) / 5: must fall 0.18 a year
    assert row.rule.params["shortfall"] == D("0.255")


def test_lower_is_better_is_achieved_at_or_under_the_target():
    assert one_year(UNEMPLOYMENT, {2030: D("1.9")}, 2030).status is Status.ACHIEVED
    assert one_year(UNEMPLOYMENT, {2030: D("2")}, 2030).status is Status.ACHIEVED
    row = one_year(UNEMPLOYMENT, {2030: D("2.1")}, 2030)
    assert row.status is Status.AT_RISK  # 0.1 over 2, within 0.2


# --- level: no baseline, no target, no data -----------------------------------------------


def test_without_a_baseline_an_early_year_has_no_expected_value():
    row = one_year(NO_BASELINE, {2023: D("12")}, 2023)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("no_baseline", {"year": 2023, "target": D("15"), "target_year": 2025})
    assert row.expected is None
    assert row.gap is None
    assert row.actual == D("12")
    assert row.percent_of_target == D("80.00")  # 12 / 15 * 100
    assert row.still_needed == D("1.5")  # (15 - 12) / 2


def test_without_a_baseline_the_target_year_is_still_assessed():
    assert one_year(NO_BASELINE, {2025: D("15")}, 2025).status is Status.ACHIEVED
    row = one_year(NO_BASELINE, {2025: D("14")}, 2025)
    assert row.expected == D("15")
    assert row.status is Status.AT_RISK  # shortfall 1 <= 1.5


def test_a_level_between_two_windows_is_on_the_line_to_the_next_target():
    spec = IndicatorSpec(
        Behaviour.LEVEL,
        Direction.HIGHER,
        (Target(2021, 2025, D("15")), Target(2027, 2030, D("20"))),
        Baseline(2020, D("9.8")),
    )
    row = one_year(spec, {2026: D("16")}, 2026)
    assert row.target == Target(2027, 2030, D("20"))
    assert row.expected == D("16")  # 15 + (20 - 15) * 1/5
    assert row.status is Status.ON_TRACK


def test_a_level_after_the_last_target_has_no_target():
    row = one_year(GRDP_SHARE, {2031: D("21")}, 2031)
    assert row.status is Status.NO_DATA
    assert row.rule == Rule("no_target", {"year": 2031})
    assert row.target is None
    assert row.expected is None
    assert row.actual == D("21")  # a level means something on its own
    assert row.percent_of_target is None


def test_a_missing_figure_is_no_data():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2025)
    assert row.status is Status.NO_DATA
    assert row.rule.code == "no_actual"
    assert row.years_used == ()


# --- presentation -------------------------------------------------------------------------


def test_figures_are_decimals_quantized_to_four_places():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2024)
    for value in (row.actual, row.expected, row.gap, row.projection, row.still_needed):
        assert isinstance(value, D)
        assert value.as_tuple().exponent == -4
    assert row.percent_of_target.as_tuple().exponent == -2


def test_rounding_is_half_up_and_happens_only_at_the_end():
    spec = IndicatorSpec(
        Behaviour.LEVEL, Direction.HIGHER, (Target(2021, 2023, D("1")),), Baseline(2020, D(0))
    )
    row = one_year(spec, {2021: D("0.33335")}, 2021)
    assert row.expected == D("0.3333")  # 1/3 = 0.33333...
    assert row.actual == D("0.3334")  # 0.33335 rounds half up
    assert row.gap == D("0")  # 0.33335 - 0.33333... = 0.0000166..., rounded at the end only


# --- rule texts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule("no_target", {"year": 2031}), "No target covers 2031."),
        (Rule("no_actual", {"year": 2025}), "No figure has been reported for 2025."),
        (
            Rule("missing_years", {"year": 2024, "missing_years": (2022, 2023)}),
            "There are no figures for 2022, 2023, so the total to 2024 cannot be computed.",
        ),
        (
            Rule("on_track", {"actual": D("11.9000"), "expected": D("10.8400")}),
            "The figure of 11.9 is at or better than the expected 10.84.",
        ),
        (
            Rule(
                "off_track",
                {
                    "actual": D("12.4300"),
                    "expected": D("13.9600"),
                    "shortfall": D("1.5300"),
                    "allowance": D("1.3960"),
                },
            ),
            "The figure of 12.43 is behind the expected 13.96 by 1.53, "
            "more than the tolerance of 1.396.",
        ),
        (
            Rule(
                "achieved_cumulative",
                {
                    "actual": D("30000.0000"),
                    "target": D("30000"),
                    "start_year": 2021,
                    "target_year": 2025,
                },
            ),
            "The total of 30000 since 2021 meets the target of 30000 for 2021-2025.",
        ),
    ],
)
def test_describe_renders_plain_english(rule, text):
    assert describe(rule) == text


def test_describe_notes_the_years_a_rate_leaves_out():
    rule = Rule("on_track", {"actual": D("20"), "expected": D("17"), "missing_years": (2023,)})
    assert describe(rule) == (
        "The figure of 20 is at or better than the expected 17. "
        "The average leaves out the years without figures: 2023."
    )


def test_every_rule_the_engine_produces_has_a_text():
    rows = [
        *assess(GRDP_SHARE, SHARE_FIGURES, years=range(2019, 2032)),
        *assess(NO_BASELINE, {2023: D("12")}),
    ]
    codes = {row.rule.code for row in rows}
    assert {"no_target", "no_actual", "no_baseline", "on_track", "at_risk", "off_track"} <= codes
    for row in rows:
        assert row.rule.code in RULE_TEXTS
        assert describe(row.rule)


# --- properties ---------------------------------------------------------------------------

RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}
amounts = st.decimals(min_value=0, max_value=40, places=2)


@given(year=st.integers(2021, 2030), low=amounts, high=amounts)
def test_a_higher_level_never_earns_a_worse_status(year, low, high):
    low, high = sorted((low, high))
    worse = one_year(GRDP_SHARE, {year: low}, year).status
    better = one_year(GRDP_SHARE, {year: high}, year).status
    assert RANK[worse] <= RANK[better]


@given(year=st.integers(2021, 2030), low=amounts, high=amounts)
def test_a_lower_unemployment_never_earns_a_worse_status(year, low, high):
    low, high = sorted((low, high))
    assert (
        RANK[one_year(UNEMPLOYMENT, {year: high}, year).status]
        <= RANK[one_year(UNEMPLOYMENT, {year: low}, year).status]
    )


def test_a_projection_from_few_figures_comes_with_its_range():
    row = one_year(GRDP_SHARE, SHARE_FIGURES, 2024)
    # Four figures (fewer than five): the lines through each pair of the last three, at 2025:
    # 2022-2023 slope 0.8: 12.3 + 0.8 * 2 = 13.9; 2022-2024 slope 0.465: 12.43 + 0.465 = 12.895;
    # 2023-2024 slope 0.13: 12.43 + 0.13 = 12.56. The trend itself, 13.0067, lies inside.
    assert row.projection_range == (D("12.56"), D("13.9"))


def test_five_figures_or_more_give_the_projection_alone():
    figures = {**SHARE_FIGURES, 2020: D("9.8")}  # a fifth figure
    assert one_year(GRDP_SHARE, figures, 2024).projection_range is None


# --- the engine's fast-built objects (issue 12: the full recompute) ---------------------------


def test_fast_built_year_assessments_and_bounds_equal_checked_ones():
    """``_present`` fills a YearAssessment's fields directly and the engine builds its own
    bounds without re-checking them: each equals, copies and pickles (a bound also hashes)
    as the same object built through the dataclass (the reports' cache holds them pickled)."""
    import copy
    import pickle
    from dataclasses import asdict, fields

    from xuctien.programmes.assessment import Bound, Kind

    results = assess(
        GRDP_SHARE, {**SHARE_FIGURES, 2025: Bound.between(D("14.98765"), D("16"))}
    ) + assess(UNEMPLOYMENT, {2021: Bound.at_most(D("3.1")), 2022: D("2.9")})
    assert results
    names = [f.name for f in fields(YearAssessment)]
    for result in results:
        assert list(result.__dict__) == names  # every field, in the dataclass's order
        built = YearAssessment(**{name: getattr(result, name) for name in names})
        assert result == built
        assert asdict(result) == asdict(built)
        assert pickle.dumps(result) == pickle.dumps(built)
        assert pickle.loads(pickle.dumps(result)) == result == copy.deepcopy(result)
        if result.bound is not None:
            bound = result.bound
            checked = Bound(bound.low, bound.high, bound.kind)
            assert list(bound.__dict__) == list(checked.__dict__) == ["low", "high", "kind"]
            assert bound == checked
            assert hash(bound) == hash(checked)
            assert pickle.dumps(bound) == pickle.dumps(checked)
    # The range's ends, quantized once each; the exact figure's one number, both ends.
    assert results[4].bound == Bound(D("14.9877"), D("16.0000"), Kind.RANGE)
    assert results[4].actual == D("14.9877")
    with pytest.raises(ValueError, match="at least one end"):
        _ = Bound.at_least(D(1)) + Bound.at_most(D(2))  # still refused, built fast or not
