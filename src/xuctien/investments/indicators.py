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

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """Yearly capital attracted into manufacturing, VND trillion (see the module notes)."""
    province = province_of(indicator, locality, zone)
    events = _capital_events(counted_projects(province, locality, zone))
    by_year: dict[int, list[Part]] = defaultdict(list)
    pending: dict[int, int] = defaultdict(int)
    for event in events:
        if event.signed_vnd is None:
            pending[event.date.year] += 1
            continue
        by_year[event.date.year].append(capital_part(event))
    complete = _declared(locality, zone)
    return [
        replace(_capital_figure(y, by_year[y], pending[y]), complete=y in complete)
        for y in _years(indicator)
    ]


def _declared(locality: Any, zone: Any) -> set[int]:
    """Years the registry was declared complete for the place (never for a zone alone)."""
    if zone is not None:
        return set()
    from xuctien.investments.services import declared_complete_years

    place = locality if locality is not None and locality.parent_id is not None else None
    return declared_complete_years(place)


def _capital_events(projects: QuerySet) -> list[CapitalEvent]:
    return list(
        CapitalEvent.objects.filter(
            project__in=projects, kind__in=CapitalEvent.ATTRACTED, date__isnull=False
        )
        .select_related("project")
        .order_by("date", "id")
    )


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


def _capital_figure(year: int, parts: list[Part], pending: int) -> ComputedFigure:
    value = sum((p.value for p in parts), Decimal(0))
    counts = defaultdict(int)
    for part in parts:
        counts[part.kind] += 1
    explanation = _(
        "%(reg)s registrations, %(inc)s increases and %(dec)s decreases of manufacturing "
        "projects in %(year)s, converted at each event's stored rate."
    ) % {
        "reg": counts["registration"],
        "inc": counts["increase"],
        "dec": counts["decrease"],
        "year": year,
    }
    if pending:
        explanation += " " + _("%(n)s events wait for an exchange rate and are not counted.") % {
            "n": pending
        }
    return ComputedFigure(
        year=year, value=value, explanation=explanation, parts=tuple(parts), pending=pending
    )


def jobs_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    """Yearly new jobs: jobs planned of manufacturing projects, in their IRC's year."""
    by_year: dict[int, list[Part]] = defaultdict(list)
    projects = counted_projects(province_of(indicator, locality, zone), locality, zone)
    for project in projects.order_by("irc_date", "id"):
        if project.jobs_planned:
            by_year[project.irc_date.year].append(_jobs_part(project))
    complete = _declared(locality, zone)
    return [
        replace(_jobs_figure(year, by_year[year]), complete=year in complete)
        for year in _years(indicator)
    ]


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


def _jobs_figure(year: int, parts: list[Part]) -> ComputedFigure:
    value = sum((p.value for p in parts), Decimal(0))
    explanation = _(
        "Jobs planned by %(n)s manufacturing projects whose IRC was issued in %(year)s."
    ) % {"n": len(parts), "year": year}
    return ComputedFigure(year=year, value=value, explanation=explanation, parts=tuple(parts))


def figures_outside_manufacturing(
    province: int | None, locality: Any = None, zone: Any = None
) -> dict[int, dict]:
    """Capital (VND) and jobs of counted projects outside section C, by year: shown apart."""
    projects = counted_projects(province, locality, zone, manufacturing=False)
    totals: dict[int, dict] = defaultdict(lambda: {"capital_vnd": Decimal(0), "jobs": 0})
    for event in _capital_events(projects):
        if event.signed_vnd is not None:
            totals[event.date.year]["capital_vnd"] += event.signed_vnd
    for project in projects:
        totals[project.irc_date.year]["jobs"] += project.jobs_planned or 0
    return dict(sorted(totals.items()))


def register_providers() -> None:
    """Hand the two indicators to the programme's computed-figures registry."""
    from xuctien.programmes import computed

    computed.register(CAPITAL, capital_figures)
    computed.register(JOBS, jobs_figures)


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
