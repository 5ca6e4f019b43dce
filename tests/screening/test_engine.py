"""The score by hand: each criterion below, at and above its threshold, facts missing,
weights, norms of a park, and the recommendation marks. No database, no HTTP."""

from decimal import Decimal as D

import pytest

from xuctien.screening import engine
from xuctien.screening.engine import Facts, Marks, Rule

BN = D(10) ** 9


def one(key, facts, threshold=None, weight=D(10), zones=None):
    return engine.judge(Rule(key, weight, threshold, zones or {}), facts)


# --- measured criteria at each threshold ---------------------------------------------------


@pytest.mark.parametrize(
    ("capital_bn", "points", "status"),
    [(D(299), D(0), "not_met"), (D(300), D(10), "met"), (D(301), D(10), "met")],
)
def test_capital_per_hectare_below_at_above(capital_bn, points, status):
    # 10 ha; norm 30 bn VND/ha: 299 bn -> 29.90/ha below, 300 -> 30.00 at, 301 -> 30.10 above
    facts = Facts(capital_vnd=capital_bn * BN, land_ha=D(10))
    result = one(engine.CAPITAL_PER_HA, facts, threshold=D(30))
    assert (result.points, result.status) == (points, status)
    assert result.value == capital_bn / 10


@pytest.mark.parametrize(
    ("budget_bn", "per_ha", "points"),
    [(D("7.98"), D("3.99"), D(0)), (D(8), D("4.00"), D(15)), (D("8.02"), D("4.01"), D(15))],
)
def test_budget_per_hectare_with_its_own_weight(budget_bn, per_ha, points):
    # 2 ha, norm 4 bn VND/ha a year, weight 15
    facts = Facts(budget_vnd_per_year=budget_bn * BN, land_ha=D(2))
    result = one(engine.BUDGET_PER_HA, facts, threshold=D(4), weight=D(15))
    assert (result.value, result.points) == (per_ha, points)


@pytest.mark.parametrize(("jobs", "points"), [(499, D(0)), (500, D(10)), (501, D(10))])
def test_jobs(jobs, points):
    assert one(engine.JOBS, Facts(jobs=jobs), threshold=D(500)).points == points


@pytest.mark.parametrize(
    ("skilled", "share", "points"),
    [(199, D("19.90"), D(0)), (200, D("20.00"), D(10)), (201, D("20.10"), D(10))],
)
def test_share_of_skilled_jobs(skilled, share, points):
    result = one(engine.SKILLED_SHARE, Facts(jobs=1000, skilled_jobs=skilled), threshold=D(20))
    assert (result.value, result.points) == (share, points)


@pytest.mark.parametrize(("pct", "points"), [("29.99", D(0)), ("30", D(10)), ("30.01", D(10))])
def test_local_suppliers(pct, points):
    facts = Facts(local_suppliers_pct=D(pct))
    assert one(engine.LOCAL_SUPPLIERS, facts, threshold=D(30)).points == points


def test_without_a_published_norm_a_criterion_scores_nothing_and_says_so():
    result = one(engine.JOBS, Facts(jobs=5000))
    assert (result.points, result.status, result.value) == (D(0), "no_norm", D(5000))


def test_a_missing_fact_scores_nothing_and_names_the_fact():
    result = one(engine.CAPITAL_PER_HA, Facts(capital_vnd=D(100) * BN), threshold=D(30))
    assert (result.points, result.status, result.missing) == (D(0), "unknown", ("land_ha",))
    skilled = one(engine.SKILLED_SHARE, Facts(jobs=100), threshold=D(20))
    assert skilled.missing == ("skilled_jobs",)
    zero_land = one(engine.CAPITAL_PER_HA, Facts(capital_vnd=BN, land_ha=D(0)), threshold=D(1))
    assert zero_land.status == "unknown"


def test_a_park_norm_replaces_the_province_norm_for_its_projects_and_those_within():
    rule = Rule(engine.CAPITAL_PER_HA, D(10), D(30), {"KKT-VANDON": D(50)})
    facts = Facts(capital_vnd=D(400) * BN, land_ha=D(10), zones=("KCN-X", "KKT-VANDON"))
    result = engine.judge(rule, facts)
    assert (result.points, result.threshold, result.norm_zone) == (D(0), D(50), "KKT-VANDON")
    elsewhere = engine.judge(rule, Facts(capital_vnd=D(400) * BN, land_ha=D(10)))
    assert (elsewhere.points, elsewhere.threshold, elsewhere.norm_zone) == (D(10), D(30), "")


# --- yes/no criteria -----------------------------------------------------------------------


def test_priority_sector():
    assert one(engine.PRIORITY_SECTOR, Facts(priority_groups=("high_tech",))).points == D(10)
    assert one(engine.PRIORITY_SECTOR, Facts(sector_known=True)).status == "not_met"
    assert one(engine.PRIORITY_SECTOR, Facts()).status == "unknown"


@pytest.mark.parametrize(
    ("value", "points", "status"),
    [
        ("certified", D(10), "met"),
        ("listed", D(10), "met"),
        ("no", D(0), "not_met"),
        ("", D(0), "unknown"),
    ],
)
def test_high_tech(value, points, status):
    result = one(engine.HIGH_TECH, Facts(high_tech=value))
    assert (result.points, result.status) == (points, status)


@pytest.mark.parametrize(
    ("facts", "points", "status", "brown"),
    [
        (Facts(polluting_type=True, environmental_group="II"), D(0), "not_met", True),
        (Facts(environmental_group="I"), D(0), "not_met", True),
        (Facts(environmental_group="III", polluting_type=False), D(10), "met", False),
        (Facts(polluting_type=False), D(10), "met", False),
        (Facts(environmental_group="II"), D(10), "met", False),
        (Facts(), D(0), "unknown", False),
    ],
)
def test_brown_is_flagged(facts, points, status, brown):
    result = one(engine.NOT_BROWN, facts)
    assert (result.points, result.status, engine.is_brown(facts)) == (points, status, brown)


def test_green_and_technology_transfer():
    assert one(engine.GREEN, Facts(green=True)).points == D(10)
    assert one(engine.GREEN, Facts(green=False)).status == "not_met"
    assert one(engine.TECH_TRANSFER, Facts(tech_transfer=None)).status == "unknown"
    assert one(engine.TECH_TRANSFER, Facts(tech_transfer=True), weight=D(5)).points == D(5)


# --- the total, weights and the recommendation ---------------------------------------------

RULES = [
    Rule(engine.PRIORITY_SECTOR, D(20)),
    Rule(engine.HIGH_TECH, D(15)),
    Rule(engine.GREEN, D(10)),
    Rule(engine.NOT_BROWN, D(10)),
    Rule(engine.CAPITAL_PER_HA, D(20), D(30)),
    Rule(engine.JOBS, D(5)),  # no published norm
    Rule(engine.TECH_TRANSFER, D(10)),
]
MARKS = Marks(recommend_at=D(70), discuss_at=D(40))


def test_a_whole_score_by_hand():
    facts = Facts(
        priority_groups=("electronic_components",),  # 20
        high_tech="listed",  # 15
        green=False,  # 0
        polluting_type=False,  # 10
        capital_vnd=D(600) * BN,
        land_ha=D(20),  # 30 bn/ha at the norm: 20
        jobs=1200,  # no norm: nothing, not counted in what could be scored
        tech_transfer=None,  # unknown: 0, counted in what could be scored
    )
    score = engine.score(RULES, facts, MARKS)
    # points 20 + 15 + 0 + 10 + 20 + 0 = 65; possible 20+15+10+10+20+10 = 85 (jobs: no norm)
    assert (score.points, score.possible) == (D(65), D(85))
    assert score.percent == D("76.47")  # 65 / 85 = 0.764705…
    assert score.recommendation == "recommend"  # 76.47 >= 70
    assert score.result(engine.JOBS).status == "no_norm"


def test_weights_change_the_score():
    facts = Facts(priority_groups=("x",), high_tech="no", sector_known=True)
    light = engine.score(
        [Rule(engine.PRIORITY_SECTOR, D(10)), Rule(engine.HIGH_TECH, D(30))], facts
    )
    heavy = engine.score(
        [Rule(engine.PRIORITY_SECTOR, D(30)), Rule(engine.HIGH_TECH, D(10))], facts
    )
    assert (light.points, light.possible, light.percent) == (D(10), D(40), D("25.00"))
    assert (heavy.points, heavy.possible, heavy.percent) == (D(30), D(40), D("75.00"))


@pytest.mark.parametrize(
    ("percent", "brown", "expected"),
    [
        (D("69.99"), False, "discuss"),
        (D(70), False, "recommend"),
        (D(70), True, "discuss"),
        (D(40), False, "discuss"),
        (D("39.99"), False, "not_recommend"),
        (None, False, "no_rule"),
    ],
)
def test_recommendation_marks(percent, brown, expected):
    assert engine.recommend(percent, brown, MARKS) == expected


def test_without_marks_the_officer_decides():
    assert engine.recommend(D(95), False, Marks()) == "no_rule"
    assert engine.recommend(D(10), False, Marks(recommend_at=D(50))) == "not_recommend"


def test_nothing_could_be_scored():
    score = engine.score([Rule(engine.JOBS, D(10))], Facts(jobs=10), MARKS)
    assert (score.possible, score.percent, score.recommendation) == (D(0), None, "no_rule")


@pytest.mark.parametrize(
    ("capital_bn", "staff", "tier"),
    [
        (D(6000), 3000, 1),
        (D(5999), 3000, 2),
        (D(6000), 2999, 2),
        (D(100), 200, 2),
        (D(99), 200, 3),
        (D(100), 199, 3),
        (None, 150, 3),
        (None, 500, None),
        (D(200), None, None),
    ],
)
def test_decision_10_size_tiers(capital_bn, staff, tier):
    capital = None if capital_bn is None else capital_bn * BN
    assert engine.size_tier(capital, staff) == tier
