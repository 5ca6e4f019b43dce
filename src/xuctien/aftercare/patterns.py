"""From cases to reform: the same kind of request arriving again and again at one agency.

``group`` is pure (rows in, patterns out); ``find_patterns`` reads the rows from the
database. A request split between agencies counts for each of them; a request reassigned
away counts only for the agency that holds it now.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from xuctien.aftercare import policy as policies
from xuctien.aftercare.models import Assignment, Category, Request
from xuctien.core.models import Agency


@dataclass(frozen=True)
class Row:
    """One request held by one agency."""

    request_id: int
    category: str
    agency_id: int
    received_on: date


@dataclass
class Pattern:
    """Requests of one category against one agency within the window."""

    category: str
    agency_id: int
    request_ids: list[int]
    agency: Agency | None = None
    requests: list[Request] = field(default_factory=list)
    tasks: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.request_ids)

    @property
    def category_label(self) -> str:
        return str(dict(Category.choices).get(self.category, self.category))

    @property
    def unlinked(self) -> list[Request]:
        """The requests no reform task answers yet."""
        return [r for r in self.requests if not r.reform_tasks.all()]


def group(rows: Iterable[Row], today: date, window_days: int, minimum: int) -> list[Pattern]:
    """Patterns among ``rows``: at least ``minimum`` requests received in the window."""
    first = today - timedelta(days=window_days)
    found: dict[tuple[str, int], set[int]] = defaultdict(set)
    for row in rows:
        if first <= row.received_on <= today:
            found[(row.category, row.agency_id)].add(row.request_id)
    patterns = [
        Pattern(category, agency_id, sorted(ids))
        for (category, agency_id), ids in found.items()
        if len(ids) >= minimum
    ]
    return sorted(patterns, key=lambda p: (-p.count, p.category, p.agency_id))


def find_patterns(today: date, policy: policies.Policy | None = None) -> list[Pattern]:
    """The patterns of the window ending ``today``, with their agencies, requests and tasks."""
    policy = policy or policies.current()
    first = today - timedelta(days=policy.pattern_window_days)
    values = Assignment.objects.filter(
        withdrawn=False, request__received_on__range=(first, today)
    ).values_list("request_id", "request__category", "agency_id", "request__received_on")
    patterns = group(
        (Row(*v) for v in values), today, policy.pattern_window_days, policy.pattern_min_requests
    )
    _fill(patterns)
    return patterns


def _fill(patterns: list[Pattern]) -> None:
    ids = {pk for p in patterns for pk in p.request_ids}
    requests = Request.objects.filter(pk__in=ids).select_related("enterprise")
    by_id = {r.pk: r for r in requests.prefetch_related("reform_tasks")}
    agencies = Agency.objects.in_bulk({p.agency_id for p in patterns})
    for pattern in patterns:
        pattern.agency = agencies.get(pattern.agency_id)
        pattern.requests = [by_id[pk] for pk in pattern.request_ids if pk in by_id]
        tasks = {t.pk: t for r in pattern.requests for t in r.reform_tasks.all()}
        pattern.tasks = list(tasks.values())
