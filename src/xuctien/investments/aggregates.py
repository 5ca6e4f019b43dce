"""The pipeline's costly aggregates, computed in SQL per province and cached (decision record
0026): stage counts, the funnel's histories, capital and jobs by country, sector, zone and IRC
year. A page merges the provinces the person reads; every write to a project, its stages, its
capital or an investor bumps the generation (``signals``), so no figure is ever stale.

A province's aggregate is computed on the very queryset the person may see there, and cached
under the *audience* that queryset stands for: "all" (who sees the whole pipeline there) or
"public" (projects holding an IRC). A developer's view of its own zone is computed, not cached.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear

from xuctien.core import aggregates, scope
from xuctien.core.models import Province
from xuctien.investments import access, counting
from xuctien.investments.models import Investor

KEY = "investments"
GROUPS = ("country", "sector", "zone", "year")


@dataclass
class PipelineAggregates:
    """What the analytics page and the board count, for one province or merged."""

    at: Counter = field(default_factory=Counter)
    entered: Counter = field(default_factory=Counter)
    went_on: Counter = field(default_factory=Counter)
    stays: dict[str, Counter] = field(default_factory=dict)  # stage -> {days: projects}
    synthetic: int = 0
    groups: dict[str, dict[Any, list]] = field(default_factory=dict)  # key -> {id: [cap, jobs]}

    def merge(self, other: "PipelineAggregates") -> "PipelineAggregates":
        self.at.update(other.at)
        self.entered.update(other.entered)
        self.went_on.update(other.went_on)
        for stage, days in other.stays.items():
            self.stays.setdefault(stage, Counter()).update(days)
        self.synthetic += other.synthetic
        for key, rows in other.groups.items():
            mine = self.groups.setdefault(key, {})
            for group, (capital, jobs) in rows.items():
                total = mine.setdefault(group, [Decimal(0), 0])
                total[0] += capital
                total[1] += jobs
        return self


def compute(visible: QuerySet) -> PipelineAggregates:
    """The aggregates of ``visible`` (projects a person may see in one province)."""
    from xuctien.investments.analytics import funnel_counts, histories

    counted = counting.in_pipeline(visible)
    entered, went_on, stays = funnel_counts(histories(counted).values())
    real = counted.filter(is_synthetic=False)
    return PipelineAggregates(
        at=Counter(counting.at_stage(counted)),
        entered=Counter(entered),
        went_on=Counter(went_on),
        stays={stage: Counter(days) for stage, days in stays.items()},
        synthetic=counted.filter(is_synthetic=True).count(),
        groups={key: totals(real, key) for key in GROUPS},
    )


def _first_investor_country() -> Subquery:
    """The country of the project's first investor by name, as the page always showed it."""
    first = Investor.objects.filter(projects=OuterRef("pk")).order_by("name", "id")
    return Subquery(first.values("country")[:1])


def totals(projects: QuerySet, key: str) -> dict[Any, list]:
    """{group: [capital VND, jobs planned]} in one GROUP BY; None groups the unknown."""
    column = {
        "country": _first_investor_country(),
        "sector": F("sector_id"),
        "zone": F("zone_id"),
        "year": ExtractYear("irc_date"),
    }[key]
    rows = (
        projects.order_by()
        .annotate(group=column)
        .values("group")
        .annotate(capital=Sum("capital_vnd"), jobs=Sum("jobs_planned"))
    )
    return {r["group"]: [r["capital"] or Decimal(0), r["jobs"] or 0] for r in rows}


def _audience(user: Any, province: int) -> str | None:
    """What ``user`` sees of the pipeline in ``province``: "all", "public", or None when it
    depends on the person (a developer's zone), which is then not cached."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return "public"
    if scope.reads_every_province(user):
        return "all" if access.sees_all(user) else _audience_of(user)
    membership = scope.membership_in(user, province)
    if membership is None:
        return "public"
    with scope.acting_in(user, membership):
        return _audience_of(user)


def _audience_of(user: Any) -> str | None:
    if access.sees_all(user):
        return "all"
    return None if access.developer_zone_ids(user) else "public"


def _provinces(user: Any) -> list[int]:
    if scope.narrows(user):
        return scope.province_ids(user)
    return list(Province.objects.values_list("pk", flat=True))


def for_user(user: Any, visible: QuerySet) -> PipelineAggregates:
    """The merged aggregates of every province ``user`` reads, ``visible`` being the projects
    the person may see (``Project.objects.restrict(user, "view")``)."""
    total = PipelineAggregates()
    by_audience: dict[str, list[int]] = {}
    for province in _provinces(user):
        audience = _audience(user, province)
        if audience is None:
            total.merge(compute(visible.filter(province=province)))
        else:
            by_audience.setdefault(audience, []).append(province)
    for audience, provinces in by_audience.items():
        found = aggregates.cached_many(
            KEY,
            provinces,
            lambda p: compute(visible.filter(province=p)),
            variant=audience,
        )
        for one in found.values():
            total.merge(one)
    return total


def weighted_median(days: Counter) -> float | None:
    """``statistics.median`` of the multiset ``days`` ({value: how many times})."""
    n = sum(days.values())
    if not n:
        return None
    wanted = {(n - 1) // 2, n // 2}
    found, seen = [], 0
    for value in sorted(days):
        upto = seen + days[value]
        found += [value for position in sorted(wanted) if seen <= position < upto]
        seen = upto
    return sum(found) / len(found) if len(found) > 1 else found[0]


def bump(province: Any) -> None:
    """The pipeline of ``province`` changed (None: shared records such as investors)."""
    aggregates.bump(KEY, province)
