"""Provinces side by side on the national catalogue.

For each national indicator, each province that maps one of its indicators to it stands
with: the status of its latest assessed year (the same engine as the province's own
dashboard), its latest figure and year, the gap to what was expected that year, and its
rank among the provinces with a figure (higher or lower is better as the catalogue says;
equal figures share a rank). A province's figure with no target for its year still ranks;
its status says there is no target. Synthetic records never count (the engine reads
approved published figures; the registry leaves synthetic projects out).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.core.models import Province, in_language
from xuctien.national.models import CatalogueIndicator, CatalogueMapping
from xuctien.programmes import monitoring
from xuctien.programmes.models import Indicator

NO_TARGET = "no_target"
#: Statuses that count as "on track" in the per-province tally.
GOOD = ("achieved", "on_track")


@dataclass
class Standing:
    """One province on one national indicator."""

    province: Province
    indicator: Indicator
    status: str
    year: int | None = None
    value: Decimal | None = None
    gap: Decimal | None = None
    rank: int | None = None

    @property
    def has_figure(self) -> bool:
        return self.value is not None


@dataclass
class Comparison:
    catalogue: CatalogueIndicator
    standings: list[Standing] = field(default_factory=list)

    @property
    def chart(self) -> dict[str, Any]:
        """A bar per province with a figure, best first (drawn by static/js/charts.js)."""
        ranked = [s for s in self.standings if s.has_figure]
        unit = self.catalogue.unit_en if _english() else self.catalogue.unit
        return {
            "tooltip": {"trigger": "axis"},
            "grid": {"containLabel": True, "left": 8, "right": 16, "top": 24, "bottom": 8},
            "xAxis": {"type": "value", "name": unit},
            "yAxis": {
                "type": "category",
                "inverse": True,
                "data": [f"{s.province.name} ({s.year})" for s in ranked],
            },
            "series": [
                {
                    "name": self.catalogue.name,
                    "type": "bar",
                    "data": [float(s.value) for s in ranked],
                    "label": {"show": True, "position": "insideLeft"},
                }
            ],
        }


def _english() -> bool:
    from django.utils.translation import get_language

    return get_language() == "en"


def assess(indicators: QuerySet) -> dict[int, monitoring.IndicatorReport]:
    """Indicator id -> its report for its province as a whole, in the indicators' order:
    the province dashboards' reports, assessed together whatever the number of provinces and
    kept in the cache while their data is unchanged (``monitoring.assess_indicators``)."""
    reports = monitoring.assess_indicators(indicators.select_related("province"))
    return {report.indicator.pk: report for report in reports}


@dataclass(frozen=True)
class Assessed:
    """What the national pages read of one indicator's report: its status, whether it has a
    target, and where it stands (``standing``). Small, so that every province's indicators
    come from the cache in a blink (a whole report, with its figures, takes milliseconds to
    unpickle; a nation has about a thousand)."""

    indicator: Indicator
    status: str
    has_spec: bool
    standing: tuple[str, int | None, Decimal | None, Decimal | None]  # status, year, value, gap

    @classmethod
    def of(cls, report: monitoring.IndicatorReport) -> Assessed:
        where = standing(None, report.indicator, report)  # type: ignore[arg-type]
        return cls(
            report.indicator,
            report.status,
            report.spec is not None,
            (where.status, where.year, where.value, where.gap),
        )


def assessed(indicators: QuerySet) -> dict[int, Assessed]:
    """``assess`` for the national page, through a cache of its own: each indicator's
    ``Assessed`` kept beside its cached report (``programmes.caching.briefs``), so it
    changes when the report does. Two queries and one cache round trip when nothing
    changed, whatever the number of provinces; the indicators whose data changed (every
    one, the first view of a day) get their verdicts together, through the full
    recompute's path (``verdicts.assess_everything``: what a brief keeps, without the
    pages' figures, rivals and projections)."""
    from xuctien.programmes import caching, verdicts

    loaded = list(indicators.select_related("province", "programme", "breakthrough"))

    def reports_of(missing: list[Indicator]) -> list[monitoring.IndicatorReport]:
        return verdicts.assess_everything(Indicator.objects.filter(pk__in=[i.pk for i in missing]))

    def brief(reports: list[monitoring.IndicatorReport]) -> dict[int, tuple]:
        kept = (Assessed.of(r) for r in reports)
        return {a.indicator.pk: (a.status, a.has_spec, a.standing) for a in kept}

    found = caching.briefs(loaded, "national", reports_of, brief)
    return {i.pk: Assessed(i, *found[i.pk]) for i in loaded}


@dataclass(frozen=True)
class Named:
    """What the national page shows of an indicator: its name and its province (the
    indicators themselves are not loaded to draw the page: ``assessed_nation``)."""

    pk: int
    province_id: int
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        return in_language(self.name_vi, self.name_en)


def assessed_nation(provinces: list[Province], digest: str | None = None) -> dict[int, Assessed]:
    """``assessed`` of every indicator of ``provinces`` (the national page) as one cached
    value, kept while no assessment scope changes (``caching.PREFIX``: a figure, target,
    baseline, indicator or register written anywhere bumps one) and the day holds. One query
    and one cache get when nothing changed, whatever the number of provinces and indicators:
    the indicators are not loaded, their names and provinces are kept with their briefs. A
    change anywhere computes it again from the per-indicator briefs (``assessed``), where only
    the indicators whose data changed are assessed again. ``digest``: the assessment
    generations' (``assessment_digest``), when already read."""
    from xuctien.programmes import caching

    pids = sorted(p.pk for p in provinces)
    which = hashlib.blake2b(repr(pids).encode(), digest_size=8).hexdigest()
    digest = digest if digest is not None else assessment_digest()
    key = f"xt:national:{which}:{digest}:{timezone.localdate():%Y%m%d}"
    store = caching.cache()
    rows = store.get(key)
    if rows is None:
        found = assessed(Indicator.objects.filter(province__in=pids))
        rows = [(*_named(a.indicator), a.status, a.has_spec, a.standing) for a in found.values()]
        store.set(key, rows, caching.TIMEOUT)
    return {row[0]: Assessed(Named(*row[:4]), *row[4:]) for row in rows}  # type: ignore[arg-type]


def assessment_digest() -> str:
    """A digest of every indicator's assessment generations (one query): it changes with a
    figure, target, baseline, indicator or register written anywhere."""
    from xuctien.core import aggregates
    from xuctien.programmes import caching

    return aggregates.versions_digest(caching.PREFIX)


def _named(indicator: Indicator) -> tuple[int, int, str, str]:
    return (indicator.pk, indicator.province_id, indicator.name_vi, indicator.name_en)


def _brief(report: monitoring.IndicatorReport | Assessed) -> Assessed:
    return report if isinstance(report, Assessed) else Assessed.of(report)


def _yearly_values(report: monitoring.IndicatorReport) -> dict[int, Decimal]:
    """``monitoring.yearly_values`` of the report's indicator, read from the report."""
    if report.is_computed and report.is_derived:  # both: the provider's, as yearly_values
        return monitoring.yearly_values(report.indicator)
    if report.is_computed or report.is_derived:
        return {f.year: f.value for f in report.computed_figures}
    yearly, _spans, _partial = monitoring.split_figures(dict(enumerate(report.used)))
    return {year: obs.value for year, obs in yearly.items()}


def standing(
    province: Province, indicator: Indicator, report: monitoring.IndicatorReport | None = None
) -> Standing:
    """Where ``indicator`` stands: its latest assessed year, else its latest figure."""
    report = report if report is not None else monitoring.report(indicator)
    row = report.headline
    if row is not None and row.result.actual is not None:
        return Standing(province, indicator, row.status, row.year, row.result.actual, row.gap)
    this_year = timezone.localdate().year
    values = {y: v for y, v in _yearly_values(report).items() if y < this_year}
    if values:
        year = max(values)
        return Standing(province, indicator, NO_TARGET, year, values[year])
    return Standing(province, indicator, report.status)


def rank(standings: list[Standing], direction: str) -> list[Standing]:
    """Best first; equal figures share a rank (1, 1, 3); provinces without a figure last."""
    with_figure = [s for s in standings if s.has_figure]
    with_figure.sort(key=lambda s: s.value, reverse=direction == "higher")
    previous, place = None, 0
    for index, item in enumerate(with_figure, start=1):
        if item.value != previous:
            place, previous = index, item.value
        item.rank = place
    without = sorted((s for s in standings if not s.has_figure), key=lambda s: s.province.name)
    return with_figure + without


def mappings_of(provinces: list[Province]) -> list[tuple[int, int, int]]:
    """(catalogue id, indicator id, province id) of the provinces' mappings, in the order the
    comparisons list them."""
    return list(
        CatalogueMapping.objects.filter(indicator__province__in=[p.pk for p in provinces])
        .order_by("catalogue__order", "indicator__province__name_vi", "indicator__code")
        .values_list("catalogue_id", "indicator_id", "indicator__province_id")
    )


def compare(
    provinces: list[Province] | None = None,
    reports: dict[int, monitoring.IndicatorReport] | dict[int, Assessed] | None = None,
    mappings: list[tuple[int, int, int]] | None = None,
    entries: list[CatalogueIndicator] | None = None,
) -> list[Comparison]:
    """Every catalogue indicator with the provinces that map one of theirs to it.

    ``reports`` (from ``assessed`` or ``assess``) saves assessing the mapped indicators
    again; without it they are assessed here, all together. ``mappings`` (``mappings_of``)
    and ``entries`` (every catalogue indicator), when already read.
    """
    provinces = provinces if provinces is not None else list(Province.objects.all())
    by_id = {p.pk: p for p in provinces}
    mappings = mappings if mappings is not None else mappings_of(provinces)
    if reports is None:
        reports = assessed(Indicator.objects.filter(pk__in=[m[1] for m in mappings]))
    by_catalogue: dict[int, list[tuple[int, int]]] = {}
    for catalogue, indicator, province in mappings:
        by_catalogue.setdefault(catalogue, []).append((indicator, province))
    comparisons = []
    entries = entries if entries is not None else list(CatalogueIndicator.objects.all())
    for entry in entries:
        seen: set[int] = set()
        standings = []
        for indicator, province in by_catalogue.get(entry.pk, []):
            if province in seen:  # one figure per province: its first mapped indicator
                continue
            seen.add(province)
            brief = _brief(reports[indicator])
            standings.append(Standing(by_id[province], brief.indicator, *brief.standing))
        comparisons.append(Comparison(entry, rank(standings, entry.direction)))
    return comparisons


@dataclass
class ProvinceSummary:
    """A province's programme, pipeline and aftercare in a few figures."""

    province: Province
    statuses: Counter
    targets_total: int
    on_track: int
    projects: int
    projects_synthetic: int
    expected_capital_vnd: Decimal
    requests_open: int
    requests_answered: int
    requests_synthetic: int

    # The row's words, made here rather than by {% blocktranslate %} in the template: the
    # national page shows every province, and each such tag cost about 0.1 ms a row. The
    # messages are the template's own (same msgids), the numbers localised as it does.

    @property
    def on_track_text(self) -> str:
        values = {"on": localize(self.on_track), "total": localize(self.targets_total)}
        return _("%(on)s of %(total)s") % values

    @property
    def projects_synthetic_text(self) -> str:
        return _synthetic(self.projects_synthetic)

    @property
    def requests_synthetic_text(self) -> str:
        return _synthetic(self.requests_synthetic)


def _synthetic(n: int) -> str:
    return ngettext("(+%(n)s synthetic)", "(+%(n)s synthetic)", n) % {"n": localize(n)}


def summaries(
    provinces: list[Province],
    reports: dict[int, monitoring.IndicatorReport] | dict[int, Assessed],
) -> list[ProvinceSummary]:
    """Each province's summary, in the order given: the statuses of its indicators (from
    ``reports``, see ``assessed``) and its pipeline and aftercare counted in the database, one
    grouped query per register whatever the number of provinces."""
    statuses: dict[int, Counter] = {p.pk: Counter() for p in provinces}
    for report in map(_brief, reports.values()):
        if report.has_spec and report.indicator.province_id in statuses:
            statuses[report.indicator.province_id][report.status] += 1
    projects, requests = _registers_by_province(provinces)
    return [
        ProvinceSummary(
            province=p,
            statuses=statuses[p.pk],
            targets_total=sum(statuses[p.pk].values()),
            on_track=sum(statuses[p.pk][s] for s in GOOD),
            **projects.get(p.pk, EMPTY_PROJECTS),
            **requests.get(p.pk, EMPTY_REQUESTS),
        )
        for p in provinces
    ]


def register_keys() -> tuple[str, str]:
    """The ``core.aggregates`` keys of each province's pipeline and aftercare counts: every
    project written bumps the first (``investments.aggregates.KEY``), every request and
    assignment the second (``aftercare.flags.CACHE_KEY``)."""
    from xuctien.aftercare import flags
    from xuctien.investments.aggregates import KEY

    return KEY, flags.CACHE_KEY


EMPTY_PROJECTS = {"projects": 0, "projects_synthetic": 0, "expected_capital_vnd": Decimal(0)}
EMPTY_REQUESTS = {"requests_open": 0, "requests_answered": 0, "requests_synthetic": 0}


def _registers_by_province(
    provinces: list[Province],
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Each province's pipeline and aftercare counts, cached per province (decision 26)
    under the keys their writers bump: every project written bumps the pipeline's
    (``investments.aggregates.KEY``), every request the early warning's
    (``aftercare.flags.CACHE_KEY``). The provinces not cached are counted together."""
    from xuctien.core import aggregates

    pipeline, aftercare = register_keys()
    return (
        aggregates.cached_together(
            pipeline,
            provinces,
            _projects_by_province,
            variant="national-summary",
            default=EMPTY_PROJECTS.copy,
        ),
        aggregates.cached_together(
            aftercare,
            provinces,
            _requests_by_province,
            variant="national-summary",
            default=EMPTY_REQUESTS.copy,
        ),
    )


def _projects_by_province(pids: list[int]) -> dict[int, dict[str, Any]]:
    from xuctien.investments import counting
    from xuctien.investments.models import Project

    real, synthetic = Q(is_synthetic=False), Q(is_synthetic=True)
    rows = (
        counting.in_pipeline(Project.objects.filter(province__in=pids))
        .order_by()
        .values("province")
        .annotate(
            projects=Count("pk", filter=real),
            projects_synthetic=Count("pk", filter=synthetic),
            expected_capital_vnd=Sum("expected_capital_vnd", filter=real),
        )
    )
    return {
        row.pop("province"): {
            **row,
            "expected_capital_vnd": row["expected_capital_vnd"] or Decimal(0),
        }
        for row in rows
    }


def _requests_by_province(pids: list[int]) -> dict[int, dict[str, Any]]:
    from xuctien.aftercare.models import Request
    from xuctien.aftercare.models.requests import ANSWERED, WAITING

    real = Q(is_synthetic=False)
    rows = (
        Request.objects.filter(province__in=pids)
        .order_by()
        .values("province")
        .annotate(
            requests_open=Count("pk", filter=real & Q(status__in=WAITING)),
            requests_answered=Count("pk", filter=real & Q(status__in=ANSWERED)),
            requests_synthetic=Count("pk", filter=Q(is_synthetic=True)),
        )
    )
    return {row.pop("province"): row for row in rows}


def summary(province: Province) -> ProvinceSummary:
    """One province's summary (``summaries`` of it alone)."""
    return summaries([province], assess(Indicator.objects.filter(province=province)))[0]


def status_label(status: str) -> str:
    if status == NO_TARGET:
        return _("No target for the year")
    from xuctien.programmes.templatetags.programme_tags import status_label as label

    return label(status)
