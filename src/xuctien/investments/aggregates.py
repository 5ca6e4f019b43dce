"""The pipeline's costly aggregates, computed in SQL per province and cached (decision record
0026): stage counts, the funnel's histories, capital and jobs by country, sector, zone and IRC
year. A page merges the provinces the person reads; every write to a project, its stages, its
capital or an investor bumps the generation (``signals``), so no figure is ever stale.

A province's aggregate is computed on the very queryset the person may see there, and cached
under the *audience* that queryset stands for: "all" (who sees the whole pipeline there) or
"public" (projects holding an IRC). A developer's view of its own zone is computed, not cached.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear

from xuctien.core import aggregates, scope
from xuctien.core.models import Province
from xuctien.investments import access, counting
from xuctien.investments.models import Investor
from xuctien.investments.stages import EXITS, PIPELINE

KEY = "investments"
GROUPS = ("country", "sector", "zone", "year")
#: Every stage a project may be at: the aggregates count each, zero when none is there.
STAGES = (*PIPELINE, *EXITS)


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
    return compute_each(visible, by_province=False).get(None) or empty()


def compute_each(visible: QuerySet, by_province: bool = True) -> dict[Any, PipelineAggregates]:
    """Province id -> the aggregates of its projects in ``visible`` (a province without
    any is left out), in a fixed number of grouped queries whatever the number of provinces:
    a national page's cold cache costs what one province's does. Not ``by_province``: the
    aggregates of all of ``visible`` under the key None."""
    from xuctien.investments.analytics import funnel_counts, histories_by_province

    counted = counting.in_pipeline(visible).order_by()
    by = ["province"] if by_province else []
    found: dict[Any, PipelineAggregates] = defaultdict(empty)
    for row in counted.values(*by, "stage").annotate(n=Count("pk", distinct=True)):
        if row["stage"] in STAGES:
            found[row.get("province")].at[row["stage"]] += row["n"]
    synthetic = counted.filter(is_synthetic=True)
    if by_province:
        for row in synthetic.values("province").annotate(n=Count("pk")):
            found[row["province"]].synthetic = row["n"]
    elif n := synthetic.count():
        found[None].synthetic = n
    for province, histories in histories_by_province(counted, by_province).items():
        entered, went_on, stays = funnel_counts(histories.values())
        one = found[province]
        one.entered, one.went_on = Counter(entered), Counter(went_on)
        one.stays = {stage: Counter(days) for stage, days in stays.items()}
    real = counted.filter(is_synthetic=False)
    for key in GROUPS:
        for province, groups in totals_by_province(real, key, by_province).items():
            found[province].groups[key] = groups
    return dict(found)


def empty() -> PipelineAggregates:
    """The aggregates of no project: every stage at zero, every group empty."""
    return PipelineAggregates(
        at=Counter(dict.fromkeys(STAGES, 0)), groups={key: {} for key in GROUPS}
    )


def _first_investor_country() -> Subquery:
    """The country of the project's first investor by name, as the page always showed it."""
    first = Investor.objects.filter(projects=OuterRef("pk")).order_by("name", "id")
    return Subquery(first.values("country")[:1])


def totals(projects: QuerySet, key: str) -> dict[Any, list]:
    """{group: [capital VND, jobs planned]} in one GROUP BY; None groups the unknown."""
    return totals_by_province(projects, key, by_province=False).get(None, {})


def totals_by_province(
    projects: QuerySet, key: str, by_province: bool = True
) -> dict[Any, dict[Any, list]]:
    """``totals`` of each province's projects (all under None when not ``by_province``), in
    one GROUP BY."""
    column = {
        "country": _first_investor_country(),
        "sector": F("sector_id"),
        "zone": F("zone_id"),
        "year": ExtractYear("irc_date"),
    }[key]
    by = ["province"] if by_province else []
    rows = (
        projects.order_by()
        .annotate(group=column)
        .values(*by, "group")
        .annotate(capital=Sum("capital_vnd"), jobs=Sum("jobs_planned"))
    )
    found: dict[Any, dict[Any, list]] = defaultdict(dict)
    for r in rows:
        found[r.get("province")][r["group"]] = [r["capital"] or Decimal(0), r["jobs"] or 0]
    return dict(found)


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
        found = aggregates.cached_together(
            KEY,
            provinces,
            lambda stale: compute_each(visible.filter(province__in=stale)),
            variant=audience,
            default=empty,
        )
        for one in found.values():
            total.merge(one)
    return total


def cached_at_stage(user: Any) -> dict[str, int] | None:
    """How many of the projects ``user`` may see are at each stage, from counts cached per
    province and audience (the stage counts of ``compute_each``, alone: a national board
    would otherwise unpickle and merge every province's aggregates for ten numbers); None
    when part of it is not cached (a developer's zone)."""
    from xuctien.investments.models import Project

    by_audience = _by_audience(user)
    if by_audience is None:
        return None
    visible = Project.objects.restrict(user, "view")
    at: Counter = Counter()
    for audience, provinces in by_audience.items():

        def total(audience: str = audience, provinces: list[int] = provinces) -> Counter:
            found = aggregates.cached_together(
                KEY,
                provinces,
                lambda stale: _at_stage_by_province(visible.filter(province__in=stale)),
                variant=f"at-{audience}",
                default=dict,
            )
            summed: Counter = Counter()
            for one in found.values():
                summed.update(one)
            return summed

        # The provinces' sum cached too, while none of their generations changes: one value
        # to read, not one per province (34 for a national reader).
        at.update(aggregates.cached_combined(KEY, provinces, total, variant=f"at-{audience}-sum"))
    return {stage: at.get(stage, 0) for stage in STAGES}


def _at_stage_by_province(projects: QuerySet) -> dict[int, dict[str, int]]:
    """Province id -> {stage: projects at it} of ``projects`` in the pipeline, as
    ``compute_each`` counts them, in one grouped query."""
    counted = counting.in_pipeline(projects).order_by()
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in counted.values("province", "stage").annotate(n=Count("pk", distinct=True)):
        if row["stage"] in STAGES:
            found[row["province"]][row["stage"]] = row["n"]
    return dict(found)


def _by_audience(user: Any) -> dict[str, list[int]] | None:
    """The provinces ``user`` reads by audience ("all", "public"); None when the audience of
    one of them depends on the person (a developer's zone), which is not cached."""
    by_audience: dict[str, list[int]] = {}
    for province in _provinces(user):
        audience = _audience(user, province)
        if audience is None:
            return None
        by_audience.setdefault(audience, []).append(province)
    return by_audience


def cached_listed(user: Any) -> tuple[int, int] | None:
    """How many rows the unfiltered project list of ``user`` shows (aggregate rows too) and
    how many of them are counted (``counting.listed_and_counted``), from counts cached per
    province and audience: a national list otherwise counts 250,000 rows on every page.
    None when part of it is not cached (a developer's zone)."""
    from xuctien.investments.models import Project

    by_audience = _by_audience(user)
    if by_audience is None:
        return None
    visible = Project.objects.restrict(user, "view").order_by()
    listed = counted = 0
    for audience, provinces in by_audience.items():
        found = aggregates.cached_together(
            KEY,
            provinces,
            lambda stale: _listed_by_province(visible.filter(province__in=stale)),
            variant=f"listed-{audience}",
            default=lambda: (0, 0),
        )
        for one_listed, one_counted in found.values():
            listed += one_listed
            counted += one_counted
    return listed, counted


def _listed_by_province(projects: QuerySet) -> dict[int, tuple[int, int]]:
    rows = projects.values("province").annotate(
        listed=Count("pk"), counted=Count("pk", filter=counting.COUNTED)
    )
    return {row["province"]: (row["listed"], row["counted"]) for row in rows}


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


def public_investors() -> int:
    """How many investors have a public project: the count of every list of investors read
    by someone who sees only public facts (an agency, a visitor). Over the nation's 300,000
    project links it takes ~0.3 s of SQL whatever the plan, so it is cached until a project,
    a link or an investor changes anywhere (``signals``: each bumps ``KEY``)."""
    from django.contrib.auth.models import AnonymousUser

    return aggregates.cached_national(
        KEY,
        lambda: Investor.objects.restrict(AnonymousUser(), "view").count(),
        variant="public-investors",
    )


def all_investors() -> int:
    """How many investors there are: the count of every list of investors read by someone
    who sees the whole pipeline (a seq scan of the nation's 20,000, 5-40 ms of SQL), cached
    as ``public_investors`` is: an investor written anywhere, or in bulk, bumps ``KEY``."""
    return aggregates.cached_national(
        KEY, lambda: Investor.objects.order_by().count(), variant="all-investors"
    )


def counted_investors(queryset: QuerySet, user: Any, filterset: Any) -> QuerySet:
    """The investors ``user`` may see (``queryset``, restricted), counted from the cache
    when nothing filters them: ``public_investors`` when the user sees only the public
    ones, ``all_investors`` when the whole pipeline; otherwise (a developer's zone, a
    filter) as they are."""
    scope = access.project_scope(user, access.READ, "projects__")
    if scope:  # a developer's zones: None is the public side only, Q() everything
        return queryset
    if filterset.is_bound and any(
        filterset.form.cleaned_data.get(name) for name in filterset.filters
    ):
        return queryset
    return aggregates.counted(queryset, public_investors() if scope is None else all_investors())


def bump(province: Any) -> None:
    """The pipeline of ``province`` changed (None: shared records such as investors)."""
    aggregates.bump(KEY, province)
