"""A programme's capital and jobs indicators, computed from the project registry.

The programme workbook declares which indicator each register feeds (column ``registry``
of sheet ``indicators``: ``capital``, VND trillion, cumulative; ``jobs``, cumulative); those
indicators take their yearly flows from the projects, not from typed figures:

* Capital of a year = registrations + increases − decreases dated in that year, each in
  VND at the rate stored with the event when it was recorded, divided by 10^12.
* Jobs of a year = the jobs planned of the projects whose IRC is dated in that year.
* Only manufacturing counts (VSIC section C). Projects outside it, or of unknown sector,
  are counted apart (``figures_outside_manufacturing``), never in these indicators.
* Only projects holding an IRC count; aggregate rows (published totals over several
  projects) and synthetic demo projects never count.
* Withdrawn before its IRC, a project never counted. A project terminated after its IRC
  keeps its capital and jobs in the year of registration (the capital was attracted
  then); a "decrease" event, dated when recorded, is how capital is taken back out.
* An event still waiting for an exchange rate, or without a date, is not counted and the
  explanation of the year says so.

Every year from the first target window's start to this year gets a figure (zero when the
registry holds nothing), because the registry is the whole count, not a sample.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.investments.models import CapitalEvent, Project
from xuctien.investments.models.reference import MANUFACTURING
from xuctien.programmes.computed import ComputedFigure

CAPITAL = "capital"
JOBS = "jobs"
TRILLION = Decimal(10) ** 12


@dataclass(frozen=True)
class Part:
    """One project's contribution to one year's figure."""

    project_id: int
    project: str
    kind: str
    date: Any
    amount: Decimal | None
    currency: str
    rate_used: Decimal | None
    value: Decimal | None
    source_url: str = ""


def province_of(indicator: Any = None, locality: Any = None, zone: Any = None) -> int | None:
    """The province whose registry feeds a figure: the indicator's (its programme's)."""
    for scoped in (indicator, locality, zone):
        if scoped is not None:
            return scoped.province_id
    return None


def counted_projects(
    province: int | None,
    locality: Any = None,
    zone: Any = None,
    manufacturing: bool | None = True,
):
    """Projects that count: with an IRC, not aggregate, not synthetic, in the province and
    the place (``province`` None: every province, for the national view only); in
    manufacturing, outside it, or (``manufacturing`` None) in every sector."""
    projects = Project.objects.filter(
        irc_date__isnull=False, is_aggregate=False, is_synthetic=False
    )
    if province is not None:
        projects = projects.filter(province=province)
    in_c = Q(sector__section=MANUFACTURING)
    if manufacturing is not None:
        projects = projects.filter(in_c) if manufacturing else projects.exclude(in_c)
    return _in_place(projects, locality, zone)


def _in_place(projects: QuerySet, locality: Any, zone: Any) -> QuerySet:
    if zone is not None:
        projects = projects.filter(Q(zone=zone) | Q(zone__parent=zone))
    if locality is not None and locality.parent_id is not None:
        projects = projects.filter(
            Q(locality=locality) | Q(locality__parent=locality) | Q(zone__locality=locality)
        )
    return projects


def _years(indicator: Any) -> range:
    starts = [t.start_year for t in indicator.current_targets()] if indicator is not None else []
    first = min(starts) if starts else 2021
    return range(first, max(first, timezone.localdate().year) + 1)


def capital_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    """Yearly capital attracted into manufacturing, VND trillion (see the module notes).

    Summed by the database, one row per year: no event is loaded (``capital_parts`` lists
    the events behind a year, for whoever needs them)."""
    province = province_of(indicator, locality, zone)
    totals = capital_totals(counted_projects(province, locality, zone))
    complete = _declared(province, locality, zone)
    return _capital_series(indicator, totals.get(None, {}), complete, (province, locality, zone))


def capital_totals(projects: QuerySet, by_province: bool = False) -> dict:
    """Per year (and per province, ``by_province``): the signed VND sum of the attracted
    capital events of ``projects`` that have a rate, how many of each kind, and how many
    wait for a rate. ``{province or None: {year: {...}}}``, in one query."""
    signed = Case(
        When(kind=CapitalEvent.Kind.DECREASE, then=-F("amount_vnd")),
        default=F("amount_vnd"),
        output_field=DecimalField(max_digits=30, decimal_places=2),
    )
    with_rate = Q(amount_vnd__isnull=False)
    group = ["project__province", "year"] if by_province else ["year"]
    rows = (
        CapitalEvent.objects.filter(
            project__in=projects, kind__in=CapitalEvent.ATTRACTED, date__isnull=False
        )
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values(*group)
        .annotate(
            vnd=Sum(signed, filter=with_rate),
            registration=Count("pk", filter=with_rate & Q(kind=CapitalEvent.Kind.REGISTRATION)),
            increase=Count("pk", filter=with_rate & Q(kind=CapitalEvent.Kind.INCREASE)),
            decrease=Count("pk", filter=with_rate & Q(kind=CapitalEvent.Kind.DECREASE)),
            pending=Count("pk", filter=Q(amount_vnd__isnull=True)),
        )
    )
    result: dict = defaultdict(dict)
    for row in rows:
        result[row.get("project__province")][row["year"]] = row
    return result


def _capital_series(indicator: Any, by_year: dict, complete: set[int], place: tuple) -> list:
    figures = []
    for year in _years(indicator):
        row = by_year.get(year) or {}
        counts = {kind: row.get(kind, 0) for kind in ("registration", "increase", "decrease")}
        vnd = row.get("vnd") or Decimal(0)
        figure = _capital_figure(year, (), row.get("pending", 0), counts, vnd / TRILLION)
        figures.append(
            replace(figure, complete=year in complete, sources=Sources(CAPITAL, *_ids(place)))
        )
    return figures


def _declared(province: Any, locality: Any, zone: Any) -> set[int]:
    """Years the registry was declared complete for the place (never for a zone alone):
    a place's own declarations, or the indicator's province's province-wide ones."""
    if zone is not None:
        return set()
    from xuctien.investments.services import declared_complete_years

    place = locality if locality is not None and locality.parent_id is not None else None
    return declared_complete_years(place, province=province if place is None else None)


def _capital_events(projects: QuerySet) -> QuerySet:
    return (
        CapitalEvent.objects.filter(
            project__in=projects, kind__in=CapitalEvent.ATTRACTED, date__isnull=False
        )
        .select_related("project")
        .order_by("date", "id")
    )


def capital_parts(indicator: Any, year: int, locality: Any = None, zone: Any = None) -> list:
    """The events behind one year's capital figure (those with a rate), in date order."""
    projects = counted_projects(province_of(indicator, locality, zone), locality, zone)
    events = _capital_events(projects).filter(date__year=year, amount_vnd__isnull=False)
    return [capital_part(event) for event in events]


def capital_part(event: CapitalEvent) -> Part:
    return Part(
        project_id=event.project_id,
        project=event.project.name,
        kind=event.kind,
        date=event.date,
        amount=event.amount,
        currency=event.currency,
        rate_used=event.rate_used,
        value=event.signed_vnd / TRILLION,
        source_url=event.source_url or event.project.source_url,
    )


def waiting_for_a_rate(count: int) -> str:
    """The sentence that says how many capital events are left out of a sum for want of an
    exchange rate (the indicators, the screening feeds and the reports say it alike)."""
    return ngettext(
        "%(n)s capital event waits for an exchange rate and is not counted.",
        "%(n)s capital events wait for an exchange rate and are not counted.",
        count,
    ) % {"n": count}


def _capital_figure(
    year: int, parts: tuple, pending: int, counts: dict, value: Decimal
) -> ComputedFigure:
    reg, inc, dec = counts["registration"], counts["increase"], counts["decrease"]
    explanation = _(
        "%(registrations)s, %(increases)s and %(decreases)s of manufacturing projects in "
        "%(year)s, converted at each event's stored rate."
    ) % {
        "registrations": ngettext("%(n)s registration", "%(n)s registrations", reg) % {"n": reg},
        "increases": ngettext("%(n)s increase", "%(n)s increases", inc) % {"n": inc},
        "decreases": ngettext("%(n)s decrease", "%(n)s decreases", dec) % {"n": dec},
        "year": year,
    }
    if pending:
        explanation += " " + waiting_for_a_rate(pending)
    return ComputedFigure(
        year=year,
        value=value,
        explanation=explanation,
        parts=parts,
        pending=pending,
        counted=sum(counts.values()),
    )


def jobs_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    """Yearly new jobs: jobs planned of manufacturing projects, in their IRC's year."""
    province = province_of(indicator, locality, zone)
    totals = jobs_totals(counted_projects(province, locality, zone))
    complete = _declared(province, locality, zone)
    return _jobs_series(indicator, totals.get(None, {}), complete, (province, locality, zone))


def jobs_totals(projects: QuerySet, by_province: bool = False) -> dict:
    """Per IRC year (and per province): the jobs planned and how many projects plan any."""
    group = ["province", "year"] if by_province else ["year"]
    rows = (
        projects.filter(jobs_planned__gt=0)
        .annotate(year=ExtractYear("irc_date"))
        .order_by()
        .values(*group)
        .annotate(jobs=Sum("jobs_planned"), n=Count("pk"))
    )
    result: dict = defaultdict(dict)
    for row in rows:
        result[row.get("province")][row["year"]] = row
    return result


def _jobs_series(indicator: Any, by_year: dict, complete: set[int], place: tuple) -> list:
    figures = []
    for year in _years(indicator):
        row = by_year.get(year) or {}
        figure = _jobs_figure(year, (), Decimal(row.get("jobs") or 0), row.get("n", 0))
        figures.append(
            replace(figure, complete=year in complete, sources=Sources(JOBS, *_ids(place)))
        )
    return figures


def jobs_parts(indicator: Any, year: int, locality: Any = None, zone: Any = None) -> list:
    """The projects behind one year's jobs figure, in IRC date order."""
    projects = counted_projects(province_of(indicator, locality, zone), locality, zone)
    projects = projects.filter(irc_date__year=year, jobs_planned__gt=0).order_by("irc_date", "id")
    return [_jobs_part(project) for project in projects]


def _jobs_part(project: Project) -> Part:
    return Part(
        project_id=project.pk,
        project=project.name,
        kind="jobs",
        date=project.irc_date,
        amount=None,
        currency="",
        rate_used=None,
        value=Decimal(project.jobs_planned),
        source_url=project.source_url,
    )


def _jobs_figure(year: int, parts: tuple, value: Decimal, count: int) -> ComputedFigure:
    explanation = ngettext(
        "Jobs planned by %(n)s manufacturing project whose IRC was issued in %(year)s.",
        "Jobs planned by %(n)s manufacturing projects whose IRC was issued in %(year)s.",
        count,
    ) % {"n": count, "year": year}
    return ComputedFigure(
        year=year, value=value, explanation=explanation, parts=parts, counted=count
    )


def registry_figures(indicators: list) -> dict[int, list]:
    """The capital and jobs figures of many indicators (for their whole province) at once:
    one aggregate query per feed and one for the declarations, whatever the provinces."""
    from xuctien.investments.models import RegistryDeclaration

    by_feed: dict[str, list] = defaultdict(list)
    for indicator in indicators:
        by_feed[indicator.registry_feed].append(indicator)
    if not by_feed:
        return {}
    provinces = {i.province_id for i in indicators}
    declared: dict = defaultdict(set)
    rows = RegistryDeclaration.objects.filter(
        province__in=provinces, locality=None, is_withdrawn=False
    ).values_list("province", "year")
    for province, year in rows:
        declared[province].add(year)
    result: dict[int, list] = {}
    for feed, (totals_of, series) in _BATCH.items():
        chosen = by_feed.get(feed)
        if not chosen:
            continue
        totals = _province_totals(feed, totals_of, {i.province_id for i in chosen})
        for indicator in chosen:
            by_year = totals.get(indicator.province_id, {})
            complete = declared[indicator.province_id]
            place = (indicator.province_id, None, None)
            result[indicator.pk] = series(indicator, by_year, complete, place)
    return result


def _province_totals(feed: str, totals_of: Any, provinces: set) -> dict[int, dict]:
    """Province id -> the feed's yearly totals for the whole province (``capital_totals``,
    ``jobs_totals``), cached per province with the pipeline's aggregates like the source
    texts below (every write of a project or a capital event bumps its province); the
    provinces not cached summed in one grouped query. A full recompute then reads no
    register when none changed."""
    from xuctien.core import aggregates
    from xuctien.investments.aggregates import KEY

    def compute(stale: list[int]) -> dict[int, dict]:
        projects = counted_projects(None).filter(province__in=stale)
        return {p: dict(years) for p, years in totals_of(projects, by_province=True).items()}

    return aggregates.cached_together(
        KEY, sorted(provinces), compute, variant=f"totals-{feed}", default=dict
    )


def _province_source_texts(feed: str, provinces: set) -> dict[int, dict[int, set[str]]]:
    """Province id -> year -> the source texts of the feed's whole-province figures, cached
    per province with the pipeline's aggregates (``core.aggregates``: the writes of
    projects and capital events bump it); the provinces not cached read in one query."""
    from xuctien.core import aggregates
    from xuctien.investments.aggregates import KEY

    def compute(stale: list[int]) -> dict[int, dict[int, set[str]]]:
        projects = counted_projects(None).filter(province__in=stale)
        if feed == CAPITAL:
            rows = (
                _capital_events(projects)
                .filter(amount_vnd__isnull=False)
                .annotate(year=ExtractYear("date"))
                .order_by()
                .values_list("project__province", "year", "source_url", "project__source_url")
                .distinct()
            )
            found = [(province, year, own or project) for province, year, own, project in rows]
        else:
            found = list(
                projects.filter(jobs_planned__gt=0)
                .annotate(year=ExtractYear("irc_date"))
                .order_by()
                .values_list("province", "year", "source_url")
                .distinct()
            )
        texts: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for province, year, text in found:
            texts[province][year].add(text)
        return {province: dict(by_year) for province, by_year in texts.items()}

    return aggregates.cached_together(
        KEY, sorted(provinces), compute, variant=f"sources-{feed}", default=dict
    )


@dataclass(frozen=True)
class Sources:
    """Where a registry figure's source addresses are read, when someone asks for them
    (the API's figure): the feed and the place, by id, so a cached figure keeps no query."""

    feed: str
    province: int | None
    locality: int | None = None
    zone: int | None = None

    def urls(self, year: int) -> list[str]:
        from xuctien.core.models import Locality, Zone

        locality = Locality.objects.get(pk=self.locality) if self.locality else None
        zone = Zone.objects.get(pk=self.zone) if self.zone else None
        projects = counted_projects(self.province, locality, zone)
        if self.feed == CAPITAL:
            rows = (
                _capital_events(projects)
                .filter(date__year=year, amount_vnd__isnull=False)
                .order_by()
                .values_list("source_url", "project__source_url")
                .distinct()
            )
            texts = [own or project for own, project in rows]
        else:
            rows = projects.filter(irc_date__year=year, jobs_planned__gt=0).order_by()
            texts = list(rows.values_list("source_url", flat=True).distinct())
        return sorted({url.strip() for text in texts for url in text.split("|")} - {""})

    @staticmethod
    def urls_many(wanted: list[tuple["Sources", int]]) -> dict[tuple["Sources", int], list]:
        """The addresses of many (sources, year): those for a whole province in one query
        per feed, whatever the provinces and years; a place's one by one."""
        result: dict[tuple[Sources, int], list] = {}
        whole: dict[str, set] = defaultdict(set)
        for sources, year in wanted:
            if sources.locality is None and sources.zone is None:
                whole[sources.feed].add((sources.province, year))
            else:
                result[(sources, year)] = sources.urls(year)
        for feed, pairs in whole.items():
            texts = _province_source_texts(feed, {p for p, _year in pairs if p is not None})
            for sources, year in wanted:
                if sources.feed == feed and (sources.province, year) in pairs:
                    found = texts.get(sources.province, {}).get(year, set())
                    urls = {url.strip() for text in found for url in text.split("|")} - {""}
                    result[(sources, year)] = sorted(urls)
        return result


def _ids(place: tuple) -> tuple:
    province, locality, zone = place
    return (
        getattr(province, "pk", province),
        getattr(locality, "pk", None) if locality is not None and locality.parent_id else None,
        getattr(zone, "pk", None),
    )


_BATCH = {CAPITAL: (capital_totals, _capital_series), JOBS: (jobs_totals, _jobs_series)}


def figures_outside_manufacturing(
    province: int | None, locality: Any = None, zone: Any = None
) -> dict[int, dict]:
    """Capital (VND) and jobs of counted projects outside section C, by year: shown apart.

    Two aggregate queries: no project or event is loaded."""
    projects = counted_projects(province, locality, zone, manufacturing=False)
    totals: dict[int, dict] = defaultdict(lambda: {"capital_vnd": Decimal(0), "jobs": 0})
    for year, row in capital_totals(projects).get(None, {}).items():
        if row["registration"] + row["increase"] + row["decrease"]:
            totals[year]["capital_vnd"] += row["vnd"]
    rows = (
        projects.annotate(year=ExtractYear("irc_date"))
        .order_by()
        .values("year")
        .annotate(jobs=Sum("jobs_planned"))
    )
    for row in rows:
        totals[row["year"]]["jobs"] += row["jobs"] or 0
    return dict(sorted(totals.items()))


def register_providers() -> None:
    """Hand the two indicators to the programme's computed-figures registry."""
    from xuctien.programmes import computed

    computed.register(CAPITAL, capital_figures, batch=registry_figures)
    computed.register(JOBS, jobs_figures, batch=registry_figures)


def fed_indicator(feed: str, province: Any = None) -> Any:
    """The indicator the registry's ``feed`` computes (of ``province`` when given): the
    oldest programme's, when several declare one."""
    from xuctien.programmes.models import Indicator

    indicators = Indicator.objects.prefetch_related("targets__revised_by").filter(
        registry_feed=feed
    )
    if province is not None:
        indicators = indicators.filter(programme__province=province)
    return indicators.order_by(
        F("programme__issued_on").asc(nulls_last=True), "programme_id"
    ).first()
