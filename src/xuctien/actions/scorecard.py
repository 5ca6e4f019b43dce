"""The agency scorecard: how each lead agency keeps its deadlines, per period.

Pure aggregation over occurrence rows (no database): for each agency and period of the
due date, the occurrences due, done on time, done late, overdue (past due and not done),
not yet due, and the median delay in calendar days over the late ones (done late: the
delay at completion; overdue: the delay so far). Cancelled occurrences do not count.
"""

import calendar as gregorian
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

CANCELLED = "cancelled"


@dataclass(frozen=True)
class Row:
    """One occurrence, as the scorecard needs it."""

    agency_id: int
    agency: str
    due_date: date
    status: str
    completed_at: date | None


@dataclass
class Score:
    agency_id: int
    agency: str
    period: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    delays: list[int] = field(default_factory=list, repr=False)

    @property
    def median_delay(self) -> float | None:
        return statistics.median(self.delays) if self.delays else None

    @property
    def on_time_rate(self) -> float | None:
        """Share of the occurrences already decided (done or overdue) done on time, in %."""
        decided = self.on_time + self.late + self.overdue
        return round(100 * self.on_time / decided, 1) if decided else None

    @property
    def bounds(self) -> tuple[date, date]:
        return period_bounds(self.period)


def period_key(day: date, by: str) -> str:
    """ "2025" by year, "2025-Q3" by quarter."""
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def period_bounds(key: str) -> tuple[date, date]:
    """The first and last day of a period key."""
    if "-Q" in key:
        year, quarter = key.split("-Q")
        last_month = int(quarter) * 3
        last_day = gregorian.monthrange(int(year), last_month)[1]
        return date(int(year), last_month - 2, 1), date(int(year), last_month, last_day)
    return date(int(key), 1, 1), date(int(key), 12, 31)


def _count(score: Score, row: Row, today: date) -> None:
    score.due += 1
    if row.completed_at is not None and row.status != CANCELLED:
        delay = (row.completed_at - row.due_date).days
        if delay > 0:
            score.late += 1
            score.delays.append(delay)
        else:
            score.on_time += 1
    elif row.due_date < today:
        score.overdue += 1
        score.delays.append((today - row.due_date).days)
    else:
        score.not_yet_due += 1


def scorecard(rows: Iterable[Row], today: date, by: str = "quarter") -> list[Score]:
    """Scores per (agency, period), sorted by agency name then period."""
    scores: dict[tuple[int, str], Score] = {}
    for row in rows:
        if row.status == CANCELLED:
            continue
        key = (row.agency_id, period_key(row.due_date, by))
        if key not in scores:
            scores[key] = Score(row.agency_id, row.agency, key[1])
        _count(scores[key], row, today)
    return sorted(scores.values(), key=lambda s: (s.agency, s.period))


def rank_key(total: Score) -> tuple:
    """Best first: the highest share done on time, then the fewest overdue, then the
    shortest median delay; an agency with nothing decided yet comes after those ranked."""
    rate, median = total.on_time_rate, total.median_delay
    return (rate is None, -(rate or 0), total.overdue, median or 0, total.agency)


def ranked(totals: Iterable[Score]) -> list[Score]:
    """The agencies' scores for the whole period, best first (see ``rank_key``)."""
    return sorted(totals, key=rank_key)


def in_rank_order(scores: Iterable[Score], ranking: list[Score]) -> list[Score]:
    """Per-period scores grouped by agency in the order of ``ranking``, periods in order."""
    place = {total.agency_id: n for n, total in enumerate(ranking)}
    return sorted(scores, key=lambda s: (place.get(s.agency_id, len(place)), s.period))


def by_agency(scores: Iterable[Score]) -> dict[int, list[Score]]:
    grouped: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        grouped[score.agency_id].append(score)
    return dict(grouped)
