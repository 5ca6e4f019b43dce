"""The gap engine with hand-computed figures: two enterprises, two programmes."""

from decimal import Decimal

from xuctien.labour.gaps import Assumptions, DemandRow, SupplyRow, compute
from xuctien.programmes.assessment import Bound, Kind

# Enterprise 1 needs 100 metal/machinery workers (72) at intermediate level in 2027,
# enterprise 2 needs 60 electricians (74) at college level the same year.
NEEDS = [
    DemandRow(1, 1, "72", "intermediate", 2027, 100),
    DemandRow(2, 2, "74", "college", 2027, 60),
]
# Institution 9 graduates 50 intermediate machinists (72) in 2027.
MACHINISTS = SupplyRow(11, 9, "72", "intermediate", 2027, 50)


def cells(assumptions, supply=(MACHINISTS,)):  # type: ignore[no-untyped-def]
    return {c.level: c for c in compute(NEEDS, supply, assumptions)}


def test_a_partial_survey_makes_demand_and_gap_lower_bounds():
    found = cells(Assumptions(stay_rate=Decimal("0.7")))
    intermediate = found["intermediate"]
    assert intermediate.occupation == "7"  # grouped by ISCO major group
    assert intermediate.demand == Bound.at_least(100)
    # 50 graduates × 0.7 stay = 35 staying
    assert intermediate.supply == Bound.exact(Decimal("35.0"))
    assert intermediate.gap == Bound(Decimal(65), None, Kind.AT_LEAST)
    assert found["college"].gap == Bound(Decimal(60), None, Kind.AT_LEAST)


def test_a_complete_survey_gives_exact_figures():
    found = cells(Assumptions(stay_rate=Decimal("0.7"), complete_years=frozenset({2027})))
    assert found["intermediate"].gap == Bound.exact(Decimal(65))


def test_the_stay_rate_changes_the_supply():
    found = cells(Assumptions(stay_rate=Decimal("0.4"), complete_years=frozenset({2027})))
    assert found["intermediate"].supply == Bound.exact(Decimal(20))
    assert found["intermediate"].gap == Bound.exact(Decimal(80))


def test_graduates_of_no_named_occupation_widen_supply_into_a_range():
    unnamed = SupplyRow(12, 9, None, "college", 2027, 20)  # 20 × 0.7 = 14 could be anywhere
    found = cells(Assumptions(stay_rate=Decimal("0.7")), supply=(MACHINISTS, unnamed))
    college = found["college"]
    assert college.supply == Bound(Decimal(0), Decimal("14.0"), Kind.RANGE)
    assert college.gap == Bound(Decimal("46.0"), None, Kind.AT_LEAST)  # ≥ 60 − 14
    assert college.unassigned_ids == [12]


def test_only_a_gap_whose_low_end_reaches_the_threshold_proposes_a_task():
    unnamed = SupplyRow(12, 9, None, "college", 2027, 20)
    found = cells(Assumptions(stay_rate=Decimal("0.7")), supply=(MACHINISTS, unnamed))
    assert found["intermediate"].proposes(50)  # ≥ 65
    assert not found["college"].proposes(50)  # ≥ 46


def test_an_unknown_graduates_figure_leaves_the_gap_open_below():
    unknown = SupplyRow(13, 9, "72", "intermediate", 2027, None)
    found = cells(
        Assumptions(stay_rate=Decimal("0.7"), complete_years=frozenset({2027})),
        supply=(MACHINISTS, unknown),
    )
    assert found["intermediate"].supply == Bound(Decimal("35.0"), None, Kind.AT_LEAST)
    assert found["intermediate"].gap == Bound(None, Decimal(65), Kind.AT_MOST)
    assert not found["intermediate"].proposes(1)


def test_sub_major_depth_keeps_occupations_apart():
    found = compute(NEEDS, (MACHINISTS,), Assumptions(stay_rate=Decimal(1), depth=2))
    assert [c.occupation for c in found] == ["72", "74"]


def test_graduates_of_part_of_the_year_leave_the_supply_open_above():
    one_session = SupplyRow(14, 9, "72", "intermediate", 2027, 50, at_least=True)
    found = cells(
        Assumptions(stay_rate=Decimal("0.7"), complete_years=frozenset({2027})),
        supply=(one_session,),
    )
    assert found["intermediate"].supply == Bound.at_least(Decimal("35.0"))
    assert found["intermediate"].gap == Bound(None, Decimal(65), Kind.AT_MOST)  # ≤ 100 − 35
