"""How each agency answers enterprises: on-time answer rate and average rating, per period.

``scorecard`` is pure aggregation over assignment rows. An assignment counts in the period
of its deadline: answered by the deadline (on time), after it (late), still unanswered
after it (overdue) or not yet due. The on-time rate is over the decided ones (on time,
late, overdue), as in the action programme's scorecard; the average rating is over the
assignments whose round the enterprise rated (a rating counts for each agency that
answered in that round). Withdrawn (reassigned) assignments do not count.

``agency_summary`` is the hook for the action programme's scorecard page: one year's
totals keyed by agency id.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import OuterRef, Subquery

from xuctien.actions.scorecard import period_key


@dataclass(frozen=True)
class Row:
    """One assignment, as the scorecard needs it."""

    agency_id: int
    agency: str
    deadline: date
    answered_on: date | None
    score: int | None = None


@dataclass
class Score:
    agency_id: int
    agency: str
    period: str
    assigned: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    scores: list[int] = field(default_factory=list, repr=False)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Share answered on time of those decided, in %, one decimal."""
        decided = self.on_time + self.late + self.overdue
        return _round(Decimal(100 * self.on_time) / decided, "0.1") if decided else None

    @property
    def rated(self) -> int:
        return len(self.scores)

    @property
    def average_rating(self) -> Decimal | None:
        """Mean mark (1–5), two decimals."""
        return _round(Decimal(sum(self.scores)) / len(self.scores), "0.01") if self.scores else None


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _count(score: Score, row: Row, today: date) -> None:
    score.assigned += 1
    if row.answered_on is not None:
        if row.answered_on <= row.deadline:
            score.on_time += 1
        else:
            score.late += 1
    elif row.deadline < today:
        score.overdue += 1
    else:
        score.not_yet_due += 1
    if row.score is not None:
        score.scores.append(row.score)


def scorecard(rows: Iterable[Row], today: date, by: str = "quarter") -> list[Score]:
    """Scores per (agency, period), sorted by agency name then period."""
    scores: dict[tuple[int, str], Score] = {}
    for row in rows:
        key = (row.agency_id, period_key(row.deadline, by))
        if key not in scores:
            scores[key] = Score(row.agency_id, row.agency, key[1])
        _count(scores[key], row, today)
    return sorted(scores.values(), key=lambda s: (s.agency, s.period))


def rows_for(
    year: int, english: bool = False, synthetic: bool = False, province: int | None = None
) -> list[Row]:
    """The assignments due in ``year``, with the rating of their round.

    Real requests only, by default: synthetic (demo) requests never count in a real agency's
    score; ``synthetic=True`` gives them alone, to be shown apart and marked.
    """
    from xuctien.aftercare.models import Assignment, Rating

    rating = Rating.objects.filter(request=OuterRef("request"), round=OuterRef("round"))
    values = (
        Assignment.objects.filter(
            withdrawn=False, deadline__year=year, request__is_synthetic=synthetic
        )
        .filter(**({"request__province": province} if province is not None else {}))
        .annotate(score=Subquery(rating.values("score")[:1]))
        .values_list(
            "agency_id", "agency__name_vi", "agency__name_en", "deadline", "answered_on", "score"
        )
    )
    return [
        Row(agency_id, (name_en if english and name_en else name_vi), deadline, answered, score)
        for agency_id, name_vi, name_en, deadline, answered, score in values
    ]


def ranked(scores: Iterable[Score]) -> list[Score]:
    """Best first, as on the task scorecard: the highest share answered on time, then the
    fewest overdue; agencies with nothing answered or overdue yet come last."""

    def key(score: Score) -> tuple:
        rate = score.on_time_rate
        return (rate is None, -(rate or 0), score.overdue, score.agency)

    return sorted(scores, key=key)


def agency_summary(year: int, today: date, english: bool = False) -> dict[int, Score]:
    """One year's aftercare score per agency id: for the action programme's scorecard."""
    return {s.agency_id: s for s in scorecard(rows_for(year, english), today, by="year")}


def score_sheet(title: str, scores: list[Score]) -> Any:
    """The agencies' answers as the scorecard page's table, for the Excel export."""
    from django.utils.translation import gettext as _

    from xuctien.core.exports import Sheet

    headers = [
        _("Agency"),
        _("Period"),
        _("Requests"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("On-time rate"),
        _("Average rating"),
    ]
    rows = [
        [
            s.agency,
            s.period,
            s.assigned,
            s.on_time,
            s.late,
            s.overdue,
            s.on_time_rate,
            s.average_rating,
        ]
        for s in scores
    ]
    return Sheet(title, headers, rows)
