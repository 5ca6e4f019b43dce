"""How each agency answers enterprises: on-time answer rate and average rating, per period.

``scorecard`` is pure aggregation over assignment rows. An assignment counts in the period
of its deadline: answered by the deadline (on time), after it (late), still unanswered
after it (overdue) or not yet due. The on-time rate is over the decided ones (on time,
late, overdue), as in the action programme's scorecard; the average rating is over the
assignments whose round the enterprise rated (a rating counts for each agency that
answered in that round). Withdrawn (reassigned) assignments do not count.

The database groups the assignments (``groups``): per agency and quarter, how many were
answered on time, late, or are open with each deadline, with the sum and number of their
ratings; the groups of a province are cached (``core.aggregates``) and the services that
write requests, assignments and ratings bump them. ``scorecard`` folds plain rows the same
way (the rules' tests).

``agency_summary`` is the hook for the action programme's scorecard page: one year's
totals keyed by agency id.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.db.models import OuterRef, Subquery

from xuctien.actions.scorecard import SYNTHETIC_SHOWN, agency_names, cached, folds, named

#: The ``core.aggregates`` key of the assignment groups.
CACHE_KEY = "aftercare-scorecard"
ON_TIME, LATE = "on_time", "late"


class Group(NamedTuple):
    """``n`` assignments of one agency and quarter: answered ``ON_TIME`` or ``LATE``, or
    still open with deadline ``open_deadline``; ``rated`` of them rated, marks adding up
    to ``marks``."""

    agency_id: int
    synthetic: bool
    year: int
    quarter: int
    answered: str | None
    open_deadline: date | None
    n: int
    rated: int
    marks: int


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
    rated: int = 0
    marks: int = field(default=0, repr=False)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Share answered on time of those decided, in %, one decimal."""
        decided = self.on_time + self.late + self.overdue
        return _round(Decimal(100 * self.on_time) / decided, "0.1") if decided else None

    @property
    def average_rating(self) -> Decimal | None:
        """Mean mark (1–5), two decimals."""
        return _round(Decimal(self.marks) / self.rated, "0.01") if self.rated else None


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _count(score: Score, group: Group, today: date) -> None:
    n = group.n
    score.assigned += n
    if group.answered == ON_TIME:
        score.on_time += n
    elif group.answered == LATE:
        score.late += n
    elif group.open_deadline is not None and group.open_deadline < today:
        score.overdue += n
    else:
        score.not_yet_due += n
    score.rated += group.rated
    score.marks += group.marks


def _group(row: Row) -> Group:
    answered = None
    if row.answered_on is not None:
        answered = ON_TIME if row.answered_on <= row.deadline else LATE
    open_deadline = row.deadline if row.answered_on is None else None
    quarter = (row.deadline.month - 1) // 3 + 1
    rated, marks = (0, 0) if row.score is None else (1, row.score)
    return Group(
        row.agency_id, False, row.deadline.year, quarter, answered, open_deadline, 1, rated, marks
    )


def scorecard(rows: Iterable[Row], today: date, by: str = "quarter") -> list[Score]:
    """Scores per (agency, period), sorted by agency name then period."""
    rows = list(rows)
    names = {row.agency_id: row.agency for row in rows}
    return fold([_group(row) for row in rows], names, today, by)


def fold(groups: Iterable[Group], names: dict[int, str], today: date, by: str) -> list[Score]:
    """Scores per (agency, period) of ``groups``, sorted by agency name then period."""
    scores: dict[tuple[int, str], Score] = {}
    for group in groups:
        period = f"{group.year}-Q{group.quarter}" if by == "quarter" else str(group.year)
        key = (group.agency_id, period)
        if key not in scores:
            scores[key] = Score(group.agency_id, names.get(group.agency_id, ""), period)
        _count(scores[key], group, today)
    return sorted(scores.values(), key=lambda s: (s.agency, s.period))


def groups(provinces: list[int] | None = None, year: int | None = None) -> dict[int, list]:
    """The assignment groups of each of ``provinces`` (None: every one), every year unless
    told: one query."""
    from django.db.models import Case, CharField, Count, F, Sum, Value, When
    from django.db.models.functions import ExtractQuarter, ExtractYear

    from xuctien.aftercare.models import Assignment, Rating

    rating = Rating.objects.filter(request=OuterRef("request"), round=OuterRef("round"))
    answered = Case(
        When(answered_on__isnull=True, then=None),
        When(answered_on__lte=F("deadline"), then=Value(ON_TIME)),
        default=Value(LATE),
        output_field=CharField(),
    )
    assignments = Assignment.objects.filter(withdrawn=False)
    if provinces is not None:
        assignments = assignments.filter(request__province__in=provinces)
    if year is not None:
        assignments = assignments.filter(deadline__year=year)
    rows = (
        assignments.annotate(
            score=Subquery(rating.values("score")[:1]),
            year=ExtractYear("deadline"),
            quarter=ExtractQuarter("deadline"),
            answered=answered,
            open_deadline=Case(When(answered_on__isnull=True, then=F("deadline"))),
        )
        .order_by()
        .values_list(
            "request__province_id",
            "agency_id",
            "request__is_synthetic",
            "year",
            "quarter",
            "answered",
            "open_deadline",
        )
        .annotate(n=Count("pk"), rated=Count("score"), marks=Sum("score"))
    )
    found: dict[int, list[Group]] = defaultdict(list)
    for province, *row, marks in rows:
        found[province].append(Group(*row, marks or 0))
    return found


def province_groups(provinces: list[int], year: int) -> list[Group]:
    """The cached groups of these provinces due in ``year``."""
    found = cached(CACHE_KEY, provinces, lambda stale: groups(stale, year), year)
    return [group for groups_of_one in found for group in groups_of_one]


def folded(provinces: list[int], year: int, today: date, by: str) -> dict[str, Any]:
    """The scores of ``provinces`` in ``year`` by year, by ``by`` and of synthetic requests,
    unnamed and cached together (``xuctien.actions.scorecard.folds``); of the synthetic
    ones, only those that can be listed (``ranked``, the first ``SYNTHETIC_SHOWN``), and
    their count ("synthetic_count"): a national page would otherwise unpickle, name and rank
    some 500 agencies' synthetic scores to list 25."""
    return folds(
        CACHE_KEY,
        provinces,
        province_groups,
        fold,
        year,
        today,
        by,
        SYNTHETIC_SHOWN,
        unnamed_rank_key,
    )


def scores_for(
    found: Iterable[Group], year: int, today: date, by: str, english: bool, synthetic: bool
) -> list[Score]:
    """The scores of one year's real (or synthetic) groups, names in the page's language."""
    chosen = [g for g in found if g.year == year and g.synthetic == synthetic]
    return fold(chosen, agency_names({g.agency_id for g in chosen}, english), today, by)


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

    return sorted(scores, key=lambda score: (*unnamed_rank_key(score), score.agency))


def unnamed_rank_key(score: Score) -> tuple:
    """``ranked``'s order but its last tie-breaker, the agency's name."""
    rate = score.on_time_rate
    return (rate is None, -(rate or 0), score.overdue)


def agency_summary(
    year: int, today: date, english: bool = False, provinces: Iterable[Any] | None = None
) -> dict[int, Score]:
    """One year's aftercare score per agency id, for the action programme's scorecard: of
    ``provinces`` (cached), or of every province."""
    if provinces is None:
        found = [group for one in groups(year=year).values() for group in one]
        scores = scores_for(found, year, today, "year", english, synthetic=False)
    else:
        unnamed = folded(list(provinces), year, today, "year")["year"]
        scores = named(unnamed, agency_names({s.agency_id for s in unnamed}, english))
    return {score.agency_id: score for score in scores}


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
