"""The agency scorecard: how each lead agency keeps its deadlines, per period.

For each agency and period of the due date, the occurrences due, done on time, done late,
overdue (past due and not done), not yet due, and the median delay in calendar days over
the late ones (done late: the delay at completion; overdue: the delay so far). Cancelled
occurrences do not count.

The database groups the occurrences (``groups``): per agency and quarter, how many were
done with each delay, and how many are open with each due date, so that the counts for
any day (what is overdue moves with it) come out of a few hundred groups, not the
occurrences themselves. The groups of a province are cached (``core.aggregates``) and the
services that write tasks and occurrences bump them. ``scorecard`` folds plain rows the
same way (the rules' tests).
"""

import calendar as gregorian
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

CANCELLED = "cancelled"
#: The ``core.aggregates`` key of the occurrence groups.
CACHE_KEY = "actions-scorecard"


class Group(NamedTuple):
    """``n`` occurrences of one agency and quarter, done with ``delay`` days (negative or
    zero: on time) or still open and due on ``open_due``."""

    agency_id: int
    synthetic: bool
    year: int
    quarter: int
    delay: int | None
    open_due: date | None
    n: int


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


def _count(score: Score, group: Group, today: date) -> None:
    n = group.n
    score.due += n
    if group.delay is not None:
        if group.delay > 0:
            score.late += n
            score.delays.extend([group.delay] * n)
        else:
            score.on_time += n
    elif group.open_due is not None and group.open_due < today:
        score.overdue += n
        score.delays.extend([(today - group.open_due).days] * n)
    else:
        score.not_yet_due += n


def _group(row: Row) -> Group:
    done = row.completed_at is not None
    quarter = (row.due_date.month - 1) // 3 + 1
    delay = (row.completed_at - row.due_date).days if done else None
    return Group(
        row.agency_id, False, row.due_date.year, quarter, delay, None if done else row.due_date, 1
    )


def scorecard(rows: Iterable[Row], today: date, by: str = "quarter") -> list[Score]:
    """Scores per (agency, period), sorted by agency name then period."""
    live = [row for row in rows if row.status != CANCELLED]
    names = {row.agency_id: row.agency for row in live}
    return fold([_group(row) for row in live], names, today, by)


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


def groups(provinces: list[int], year: int | None = None) -> dict[int, list[Group]]:
    """The occurrence groups of each of ``provinces``, real and synthetic tasks, due in
    ``year`` (None: every year): one query."""
    from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, When
    from django.db.models.functions import ExtractQuarter, ExtractYear

    from xuctien.actions.models import Occurrence

    delay = ExpressionWrapper(F("completed_at") - F("due_date"), DurationField())
    occurrences = Occurrence.objects.filter(
        task__province__in=provinces, task__is_reference=False, due_date__isnull=False
    )
    if year is not None:
        occurrences = occurrences.filter(due_date__year=year)
    rows = (
        occurrences.exclude(status=CANCELLED)
        .annotate(
            year=ExtractYear("due_date"),
            quarter=ExtractQuarter("due_date"),
            delay=Case(When(completed_at__isnull=False, then=delay)),
            open_due=Case(When(completed_at__isnull=True, then=F("due_date"))),
        )
        .order_by()
        .values_list(
            "task__province_id",
            "task__lead_agency_id",
            "task__is_synthetic",
            "year",
            "quarter",
            "delay",
            "open_due",
        )
        .annotate(n=Count("pk"))
    )
    found: dict[int, list[Group]] = defaultdict(list)
    for province, agency, synthetic, year, quarter, late, due, n in rows:
        days = None if late is None else late.days
        found[province].append(Group(agency, synthetic, year, quarter, days, due, n))
    return found


def province_groups(provinces: list[int], year: int) -> list[Group]:
    """The cached groups of these provinces due in ``year``."""
    found = cached(CACHE_KEY, provinces, lambda stale: groups(stale, year), year)
    return [group for groups_of_one in found for group in groups_of_one]


def folds(
    key: str,
    provinces: list[int],
    groups_of: Callable[[list[int], int], list],
    fold_groups: Callable[..., list],
    year: int,
    today: date,
    by: str,
    shown: int | None = None,
    unnamed_key: Callable[[Any], tuple] | None = None,
) -> dict[str, Any]:
    """The scores of ``provinces`` in ``year`` as a scorecard page shows them, without the
    agencies' names (``named`` puts them on, in the page's language): "year" and ``by``
    (real tasks, by year and by ``by``) and "synthetic" (by year).

    With ``shown``, "synthetic" keeps only the scores that can be among the first ``shown``
    by the page's ranking whatever the agencies' names (``best_of`` by ``unnamed_key``, this
    module's ``unnamed_rank_key`` unless told) and "synthetic_count" says how many there
    were: a national page would otherwise unpickle, name and rank some 500 agencies'
    synthetic scores to list 25.

    Folded from the provinces' cached groups (``groups_of``, ``fold_groups``) once a day
    and cached as one value while no province's generation of ``key`` changes: a national
    page would otherwise unpickle and fold some 17,000 groups on every request."""
    from xuctien.core import aggregates

    def compute() -> dict[str, list]:
        found = groups_of(provinces, year)
        real = [group for group in found if not group.synthetic]
        synthetic = [group for group in found if group.synthetic]
        result: dict[str, Any] = {
            "year": fold_groups(real, {}, today, "year"),
            by: fold_groups(real, {}, today, by),
            "synthetic": fold_groups(synthetic, {}, today, "year"),
        }
        if shown is not None:
            result["synthetic_count"] = len(result["synthetic"])
            result["synthetic"] = best_of(result["synthetic"], shown, unnamed_key)
        return result

    variant = f"folded:{year}:{by}:{today.isoformat()}"
    if shown is not None:
        variant = f"{variant}:best{shown}"
    return aggregates.cached_combined(key, provinces, compute, variant=variant)


def named(scores: Iterable[Any], names: dict[int, str]) -> list:
    """``scores`` (of ``folds``, read anew from the cache) named from ``names``, sorted by
    agency name then period as ``fold`` sorts them."""
    scores = list(scores)
    for score in scores:
        score.agency = names.get(score.agency_id, "")
    return sorted(scores, key=lambda s: (s.agency, s.period))


def cached(key: str, provinces: list[int], compute: Callable[[list[int]], dict], year: int) -> list:
    """Each province's value of ``key`` for ``year`` from the cache (``core.aggregates``; a
    page reads one year, so it reads no other year's groups); those not cached are computed
    together, by one call of ``compute(provinces) -> {id: value}`` on them alone: one
    query, never one per province."""
    from xuctien.core import aggregates

    found = aggregates.cached_together(key, provinces, compute, variant=str(year), default=list)
    return list(found.values())


def reading_provinces(user: Any) -> list[int]:
    """The provinces whose records ``user`` reads: their own, or every one (national);
    kept on the user for the request."""
    from xuctien.core import scope
    from xuctien.core.models import Province

    if scope.narrows(user):
        return scope.province_ids(user)
    if not hasattr(user, "_reading_provinces"):
        user._reading_provinces = list(Province.objects.values_list("pk", flat=True))
    return user._reading_provinces


#: How many agencies ``agency_names`` looks up by id; beyond, it reads them all.
MANY_AGENCIES = 50


def agency_names(ids: Iterable[int], english: bool) -> dict[int, str]:
    """The agencies' names in the page's language (one query)."""
    from xuctien.core.models import Agency

    wanted = set(ids)
    rows = Agency.objects.values_list("pk", "name_vi", "name_en")
    if len(wanted) <= MANY_AGENCIES:
        rows = rows.filter(pk__in=wanted)
    # Past a few dozen, every agency is read and the others dropped here: a national page
    # names ~500 agencies, and an IN of 500 ids cost more to build than the rows to read.
    return {pk: (en if english and en else vi) for pk, vi, en in rows if pk in wanted}


def rank_key(total: Score) -> tuple:
    """Best first: the highest share done on time, then the fewest overdue, then the
    shortest median delay; an agency with nothing decided yet comes after those ranked."""
    return (*unnamed_rank_key(total), total.agency)


def unnamed_rank_key(total: Score) -> tuple:
    """``rank_key`` but the agency's name (its last tie-breaker)."""
    rate, median = total.on_time_rate, total.median_delay
    return (rate is None, -(rate or 0), total.overdue, median or 0)


def best_of(totals: list, how_many: int, unnamed_key: Callable[[Any], tuple] | None = None) -> list:
    """Those of ``totals`` that can be among the first ``how_many`` by ``rank_key``
    whatever their names: every one ranked no worse than the ``how_many``-th without names
    (ties on it kept), in their order. ``ranked`` of the named result starts as ``ranked``
    of all of them, for ``how_many`` scores. ``unnamed_key``: another page's ranking without
    its last tie-breaker, the agency's name (``unnamed_rank_key`` unless told)."""
    if len(totals) <= how_many:
        return list(totals)
    keys = [(unnamed_key or unnamed_rank_key)(total) for total in totals]
    cut = sorted(keys)[how_many - 1]
    return [total for total, key in zip(totals, keys, strict=True) if key <= cut]


def ranked(totals: Iterable[Score]) -> list[Score]:
    """The agencies' scores for the whole period, best first (see ``rank_key``)."""
    return sorted(totals, key=rank_key)


def in_rank_order(scores: Iterable[Score], ranking: list[Score]) -> list[Score]:
    """Per-period scores grouped by agency in the order of ``ranking``, periods in order."""
    place = {total.agency_id: n for n, total in enumerate(ranking)}
    return sorted(scores, key=lambda s: (place.get(s.agency_id, len(place)), s.period))


#: Agencies of synthetic (demo) records a scorecard lists: the best, not every one of the nation.
SYNTHETIC_SHOWN = 25


def synthetic_shown(
    totals: list, rank: Callable[[list], list], count: int | None = None
) -> dict[str, Any]:
    """The synthetic totals a scorecard page lists, best first by ``rank``, and how many
    more there are (the page's ``synthetic_totals`` and ``synthetic_more``); ``count``: how
    many totals there are when ``totals`` holds only the best (``best_of``)."""
    best = rank(totals)
    count = len(best) if count is None else count
    return {
        "synthetic_totals": best[:SYNTHETIC_SHOWN],
        "synthetic_more": max(count - SYNTHETIC_SHOWN, 0),
    }


def by_agency(scores: Iterable[Score]) -> dict[int, list[Score]]:
    grouped: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        grouped[score.agency_id].append(score)
    return dict(grouped)
