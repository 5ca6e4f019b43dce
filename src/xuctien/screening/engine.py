"""The screening score, computed from a project's facts and the programme's criteria.

A pure module: plain values in, plain values out, no database and no words (the reasons
in words are ``explain``'s). Each criterion the programme defines gives its points:

* yes/no criteria (priority sector, high-tech, green, not brown, technology transfer)
  give the criterion's full weight when the fact holds, nothing when it does not, and
  nothing when the fact is not known (the result says "unknown");
* measured criteria (capital and budget contribution per hectare, jobs, share of skilled
  jobs, share of local suppliers) give the full weight when the value is at or above the
  threshold, nothing below it. A park's own norm replaces the province's for projects in
  that park (or in a zone within it). A criterion without a threshold says "no published
  norm" and scores nothing: no threshold is invented.

The score is the sum of the points; what could be scored is the sum of the weights of the
criteria that have a norm (a fact not known still counts there: it is what the officer
has to find out). The recommendation follows the programme's marks, in percent of what
could be scored; a polluting ("brown") project is never recommended outright.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
BILLION = Decimal(10) ** 9
CENT = Decimal("0.01")

# The criteria, in the order they are shown.
PRIORITY_SECTOR = "priority_sector"
HIGH_TECH = "high_tech"
GREEN = "green"
NOT_BROWN = "not_brown"
CAPITAL_PER_HA = "capital_per_ha"
BUDGET_PER_HA = "budget_per_ha"
JOBS = "jobs"
SKILLED_SHARE = "skilled_share"
TECH_TRANSFER = "tech_transfer"
LOCAL_SUPPLIERS = "local_suppliers"
KEYS: tuple[str, ...] = (
    PRIORITY_SECTOR,
    HIGH_TECH,
    GREEN,
    NOT_BROWN,
    CAPITAL_PER_HA,
    BUDGET_PER_HA,
    JOBS,
    SKILLED_SHARE,
    TECH_TRANSFER,
    LOCAL_SUPPLIERS,
)
#: Criteria measured against a threshold, with the unit the threshold is written in.
MEASURED: dict[str, str] = {
    CAPITAL_PER_HA: "bn_vnd_per_ha",
    BUDGET_PER_HA: "bn_vnd_per_ha_year",
    JOBS: "jobs",
    SKILLED_SHARE: "percent",
    LOCAL_SUPPLIERS: "percent",
}
#: Measured criteria a park may set its own norm for.
ZONE_NORMS = (CAPITAL_PER_HA, BUDGET_PER_HA)

# Statuses of a criterion's result.
MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
NO_NORM = "no_norm"

# High-tech facts.
CERTIFIED = "certified"  # a high-tech enterprise certificate (Decision 10/2021/QD-TTg)
LISTED = "listed"  # technology or product on the lists of Decision 38/2020/QD-TTg
NOT_HIGH_TECH = "no"

# Recommendations.
RECOMMEND = "recommend"
DISCUSS = "discuss"
NOT_RECOMMEND = "not_recommend"
NO_RULE = "no_rule"

# Decision 10/2021/QD-TTg size tiers of a high-tech enterprise (green_hightech.md, H1, H2).
TIER1_CAPITAL = Decimal(6000) * BILLION
TIER1_STAFF = 3000
TIER2_CAPITAL = Decimal(100) * BILLION
TIER2_STAFF = 200


@dataclass(frozen=True)
class Rule:
    """One criterion as the programme set it: its weight and, if measured, its norm."""

    key: str
    weight: Decimal
    threshold: Decimal | None = None
    #: park norms: zone code -> threshold (capital and budget per hectare only)
    zone_thresholds: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """What is known of a project; ``None`` (or "") is "not known"."""

    priority_groups: tuple[str, ...] = ()
    sector_known: bool = False
    high_tech: str = ""  # CERTIFIED, LISTED, NOT_HIGH_TECH or ""
    green: bool | None = None  # confirmed in the green taxonomy (Decision 21/2025/QD-TTg)
    environmental_group: str = ""  # "I", "II", "III", "IV" (Law 72/2020/QH14, Art. 28)
    polluting_type: bool | None = None  # of a polluting type (Decree 08/2022, Annex II)
    capital_vnd: Decimal | None = None
    land_ha: Decimal | None = None
    budget_vnd_per_year: Decimal | None = None
    jobs: int | None = None
    skilled_jobs: int | None = None
    tech_transfer: bool | None = None
    local_suppliers_pct: Decimal | None = None
    #: the project's zone and the zones it lies within, innermost first
    zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """One criterion's points and what they rest on (``explain`` puts it in words)."""

    key: str
    weight: Decimal
    points: Decimal
    status: str
    value: object = None
    threshold: Decimal | None = None
    norm_zone: str = ""  # the park whose norm was used ("" = the province's)
    missing: tuple[str, ...] = ()  # the facts that are not known


@dataclass(frozen=True)
class Score:
    results: tuple[Result, ...]
    points: Decimal
    possible: Decimal
    percent: Decimal | None
    brown: bool
    recommendation: str

    def result(self, key: str) -> Result:
        return next(r for r in self.results if r.key == key)


@dataclass(frozen=True)
class Marks:
    """The programme's recommendation marks, in percent of what could be scored."""

    recommend_at: Decimal | None = None
    discuss_at: Decimal | None = None


def size_tier(capital_vnd: Decimal | None, staff: int | None) -> int | None:
    """The Decision 10/2021/QD-TTg size tier (1, 2, 3), or None when a figure is missing.

    Tier 1: capital ≥ 6,000 bn VND and ≥ 3,000 employees; tier 2: ≥ 100 bn and ≥ 200
    employees (not tier 1); tier 3: the rest. A known figure below a tier-2 bound is
    enough for tier 3.
    """
    if capital_vnd is not None and staff is not None:
        if capital_vnd >= TIER1_CAPITAL and staff >= TIER1_STAFF:
            return 1
        if capital_vnd >= TIER2_CAPITAL and staff >= TIER2_STAFF:
            return 2
        return 3
    if (capital_vnd is not None and capital_vnd < TIER2_CAPITAL) or (
        staff is not None and staff < TIER2_STAFF
    ):
        return 3
    return None


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_brown(facts: Facts) -> bool:
    """Polluting: of a polluting type (Decree 08/2022, Annex II) or in environmental group I."""
    return facts.polluting_type is True or facts.environmental_group == "I"


def measure(key: str, facts: Facts) -> tuple[Decimal | None, tuple[str, ...]]:
    """The value a measured criterion compares, and the facts missing to compute it."""
    if key == CAPITAL_PER_HA:
        return _per_ha(facts.capital_vnd, facts.land_ha, "capital_vnd")
    if key == BUDGET_PER_HA:
        return _per_ha(facts.budget_vnd_per_year, facts.land_ha, "budget_vnd_per_year")
    if key == JOBS:
        return (None, ("jobs",)) if facts.jobs is None else (Decimal(facts.jobs), ())
    if key == SKILLED_SHARE:
        missing = tuple(
            n for n, v in (("skilled_jobs", facts.skilled_jobs), ("jobs", facts.jobs)) if v is None
        )
        if missing or not facts.jobs:
            return None, missing or ("jobs",)
        return _q(Decimal(facts.skilled_jobs) * HUNDRED / Decimal(facts.jobs)), ()
    if key == LOCAL_SUPPLIERS:
        pct = facts.local_suppliers_pct
        return (None, ("local_suppliers_pct",)) if pct is None else (pct, ())
    raise KeyError(key)


def _per_ha(
    amount: Decimal | None, land: Decimal | None, name: str
) -> tuple[Decimal | None, tuple[str, ...]]:
    missing = tuple(n for n, v in ((name, amount), ("land_ha", land)) if v is None)
    if missing or not land:
        return None, missing or ("land_ha",)
    return _q(amount / BILLION / land), ()


def _norm(rule: Rule, facts: Facts) -> tuple[Decimal | None, str]:
    if rule.key in ZONE_NORMS:
        for zone in facts.zones:
            if zone in rule.zone_thresholds:
                return rule.zone_thresholds[zone], zone
    return rule.threshold, ""


def _yes_no(rule: Rule, holds: bool | None, value: object = None, missing: str = "") -> Result:
    if holds is None:
        return Result(rule.key, rule.weight, ZERO, UNKNOWN, value, missing=(missing,))
    points = rule.weight if holds else ZERO
    return Result(rule.key, rule.weight, points, MET if holds else NOT_MET, value)


def judge(rule: Rule, facts: Facts) -> Result:
    """One criterion's result for the project."""
    key = rule.key
    if key == PRIORITY_SECTOR:
        if facts.priority_groups:
            return _yes_no(rule, True, facts.priority_groups)
        return _yes_no(rule, False if facts.sector_known else None, missing="sector")
    if key == HIGH_TECH:
        holds = {CERTIFIED: True, LISTED: True, NOT_HIGH_TECH: False}.get(facts.high_tech)
        return _yes_no(rule, holds, facts.high_tech, missing="high_tech")
    if key == GREEN:
        return _yes_no(rule, facts.green, missing="green")
    if key == NOT_BROWN:
        if is_brown(facts):
            value = "polluting_type" if facts.polluting_type else "group_I"
            return _yes_no(rule, False, value)
        known = facts.environmental_group or facts.polluting_type is False
        return _yes_no(rule, True if known else None, facts.environmental_group, "environment")
    if key == TECH_TRANSFER:
        return _yes_no(rule, facts.tech_transfer, missing="tech_transfer")
    if key in MEASURED:
        return _measured(rule, facts)
    raise KeyError(key)


def _measured(rule: Rule, facts: Facts) -> Result:
    threshold, zone = _norm(rule, facts)
    value, missing = measure(rule.key, facts)
    if threshold is None:
        return Result(rule.key, rule.weight, ZERO, NO_NORM, value, missing=missing)
    if value is None:
        return Result(rule.key, rule.weight, ZERO, UNKNOWN, None, threshold, zone, missing)
    met = value >= threshold
    points = rule.weight if met else ZERO
    return Result(rule.key, rule.weight, points, MET if met else NOT_MET, value, threshold, zone)


def recommend(percent: Decimal | None, brown: bool, marks: Marks) -> str:
    """The recommendation the marks give; a brown project is at best discussed."""
    if percent is None or marks.recommend_at is None:
        return NO_RULE
    if percent >= marks.recommend_at:
        return DISCUSS if brown else RECOMMEND
    if marks.discuss_at is not None and percent >= marks.discuss_at:
        return DISCUSS
    return NOT_RECOMMEND


def score(rules: Iterable[Rule], facts: Facts, marks: Marks = Marks()) -> Score:
    """Every criterion's result, the total, and the recommendation."""
    results = tuple(judge(rule, facts) for rule in rules)
    points = sum((r.points for r in results), ZERO)
    possible = sum((r.weight for r in results if r.status != NO_NORM), ZERO)
    percent = _q(points * HUNDRED / possible) if possible else None
    brown = is_brown(facts)
    return Score(results, points, possible, percent, brown, recommend(percent, brown, marks))
