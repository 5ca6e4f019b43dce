"""The labour gap: enterprises' needs against the graduates who stay, by occupation, level
and year. Pure: rows in, cells out; ``load`` in ``services`` reads the rows.

The rules, in words (the gap page shows them beside the table):

* **Demand** of a cell is the sum of the needs of that occupation group, level and year.
  Until the year's survey is declared complete, that sum is a partial count and so a lower
  bound ("at least"), as decision 0009 reads every partial sum of a flow.
* **Supply** is the year's graduates of the programmes that train for the occupation group
  at the level, times the **stay rate** (the share of graduates who take a job in the
  province). Institutions with no published figures for the year count as zero: the supply
  shown is what the records hold.
* Graduates of a programme whose occupation the sources do not name may fill any occupation
  of their level: they widen the supply of every cell of that level into a range.
* A programme with a row for the year but no graduates figure, or a figure that counts only
  part of the year ("at least"), leaves the supply open above.
* **Gap** = demand − supply, end by end: the low end is the least demand minus the most
  supply. A gap proposes a task only when even its low end reaches the threshold.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from xuctien.programmes.assessment import Bound, Kind


@dataclass(frozen=True)
class DemandRow:
    need_id: int
    enterprise_id: int
    occupation: str
    level: str
    year: int
    number: int


@dataclass(frozen=True)
class SupplyRow:
    programme_id: int
    institution_id: int
    occupation: str | None
    level: str
    year: int
    graduates: int | None
    #: the figure counts part of the year: the year's graduates are at least this many
    at_least: bool = False


@dataclass(frozen=True)
class Assumptions:
    stay_rate: Decimal
    complete_years: frozenset[int] = frozenset()
    threshold: int = 0
    #: 1: ISCO major groups; 2: sub-major groups
    depth: int = 1


@dataclass
class Cell:
    occupation: str
    level: str
    year: int
    demand: Bound | None = None
    supply: Bound | None = None
    need_ids: list[int] = field(default_factory=list)
    enterprise_ids: set[int] = field(default_factory=set)
    programme_ids: list[int] = field(default_factory=list)
    unassigned_ids: list[int] = field(default_factory=list)

    @property
    def gap(self) -> Bound | None:
        return subtract(self.demand or Bound.exact(0), self.supply or Bound.exact(0))

    def proposes(self, threshold: int) -> bool:
        """Even the smallest gap the figures allow reaches the threshold."""
        gap = self.gap
        return gap is not None and gap.low is not None and gap.low >= threshold

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.occupation, self.level, self.year)


def subtract(a: Bound, b: Bound) -> Bound | None:
    """a − b end by end; None when neither end is known (not determinable)."""
    low = None if a.low is None or b.high is None else a.low - b.high
    high = None if a.high is None or b.low is None else a.high - b.low
    if low is None and high is None:
        return None
    if low is not None and low == high:
        kind = Kind.EXACT if a.kind is b.kind is Kind.EXACT else Kind.ABOUT
        return Bound(low, high, kind)
    if high is None:
        return Bound(low, None, Kind.AT_LEAST)
    if low is None:
        return Bound(None, high, Kind.AT_MOST)
    return Bound(low, high, Kind.RANGE)


def group_code(code: str, depth: int) -> str:
    return code[:depth]


def compute(
    demand: Iterable[DemandRow], supply: Iterable[SupplyRow], assumptions: Assumptions
) -> list[Cell]:
    """Every cell with a need or a programme, in occupation, level, year order."""
    cells: dict[tuple[str, str, int], Cell] = {}

    def cell(occupation: str, level: str, year: int) -> Cell:
        key = (group_code(occupation, assumptions.depth), level, year)
        return cells.setdefault(key, Cell(*key))

    _add_demand(demand, assumptions, cell)
    unassigned = _add_supply(supply, assumptions, cell)
    _widen(cells.values(), unassigned)
    return sorted(cells.values(), key=lambda c: (c.occupation, _LEVELS.index(c.level), c.year))


_LEVELS = ("unskilled", "trained", "elementary", "intermediate", "college", "university")


def _add_demand(rows: Iterable[DemandRow], assumptions: Assumptions, cell) -> None:  # type: ignore[no-untyped-def]
    for row in rows:
        target = cell(row.occupation, row.level, row.year)
        figure = (
            Bound.exact(row.number)
            if row.year in assumptions.complete_years
            else Bound.at_least(row.number)
        )
        target.demand = figure if target.demand is None else target.demand + figure
        target.need_ids.append(row.need_id)
        target.enterprise_ids.add(row.enterprise_id)


def _add_supply(rows: Iterable[SupplyRow], assumptions: Assumptions, cell) -> dict:  # type: ignore[no-untyped-def]
    """Assigned supply into its cells; returns the unassigned by (level, year)."""
    unassigned: dict[tuple[str, int], tuple[Bound, list[int]]] = {}
    for row in rows:
        figure = _staying(row.graduates, assumptions.stay_rate, row.at_least)
        if row.occupation is None:
            total, ids = unassigned.get((row.level, row.year), (Bound.exact(0), []))
            unassigned[(row.level, row.year)] = (total + figure, [*ids, row.programme_id])
            continue
        target = cell(row.occupation, row.level, row.year)
        target.supply = figure if target.supply is None else target.supply + figure
        target.programme_ids.append(row.programme_id)
    return unassigned


def _staying(graduates: int | None, stay_rate: Decimal, at_least: bool = False) -> Bound:
    if graduates is None:
        return Bound.at_least(0)
    staying = Decimal(graduates) * stay_rate
    return Bound.at_least(staying) if at_least else Bound.exact(staying)


def _widen(cells: Iterable[Cell], unassigned: dict) -> None:
    """Graduates of no named occupation may fill any cell of their level: [S, S + U]."""
    for target in cells:
        found = unassigned.get((target.level, target.year))
        if found is None:
            continue
        extra, ids = found
        supply = target.supply or Bound.exact(0)
        high = None if supply.high is None or extra.high is None else supply.high + extra.high
        target.supply = Bound(supply.low, high, Kind.RANGE if high != supply.low else supply.kind)
        target.unassigned_ids.extend(ids)
