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

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.models import Province
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


def standing(province: Province, indicator: Indicator) -> Standing:
    """Where ``indicator`` stands: its latest assessed year, else its latest figure."""
    report = monitoring.report(indicator)
    row = report.headline
    if row is not None and row.result.actual is not None:
        return Standing(province, indicator, row.status, row.year, row.result.actual, row.gap)
    this_year = timezone.localdate().year
    values = {y: v for y, v in monitoring.yearly_values(indicator).items() if y < this_year}
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


def compare(provinces: list[Province] | None = None) -> list[Comparison]:
    """Every catalogue indicator with the provinces that map one of theirs to it."""
    provinces = provinces if provinces is not None else list(Province.objects.all())
    ids = {p.pk for p in provinces}
    mappings = (
        CatalogueMapping.objects.select_related("indicator__province", "catalogue")
        .filter(indicator__province__in=ids)
        .order_by("catalogue__order", "indicator__province__name_vi", "indicator__code")
    )
    by_catalogue: dict[int, list[CatalogueMapping]] = {}
    for mapping in mappings:
        by_catalogue.setdefault(mapping.catalogue_id, []).append(mapping)
    comparisons = []
    for entry in CatalogueIndicator.objects.all():
        seen: set[int] = set()
        standings = []
        for mapping in by_catalogue.get(entry.pk, []):
            province = mapping.indicator.province
            if province.pk in seen:  # one figure per province: its first mapped indicator
                continue
            seen.add(province.pk)
            standings.append(standing(province, mapping.indicator))
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


def summary(province: Province) -> ProvinceSummary:
    from xuctien.aftercare.models import Request
    from xuctien.aftercare.models.requests import ANSWERED, WAITING
    from xuctien.investments import counting
    from xuctien.investments.models import Project

    indicators = monitoring.indicators_for_reports(Indicator.objects.filter(province=province))
    reports = [monitoring.report(indicator) for indicator in indicators]
    with_targets = [r for r in reports if r.spec is not None]
    statuses = Counter(r.status for r in with_targets)
    projects = counting.in_pipeline(Project.objects.filter(province=province))
    real = projects.filter(is_synthetic=False)
    requests = Request.objects.filter(province=province)
    real_requests = requests.filter(is_synthetic=False)
    return ProvinceSummary(
        province=province,
        statuses=statuses,
        targets_total=len(with_targets),
        on_track=sum(statuses[s] for s in GOOD),
        projects=real.count(),
        projects_synthetic=projects.filter(is_synthetic=True).count(),
        expected_capital_vnd=real.aggregate(t=Sum("expected_capital_vnd"))["t"] or Decimal(0),
        requests_open=real_requests.filter(status__in=WAITING).count(),
        requests_answered=real_requests.filter(status__in=ANSWERED).count(),
        requests_synthetic=requests.filter(is_synthetic=True).count(),
    )


def status_label(status: str) -> str:
    if status == NO_TARGET:
        return _("No target for the year")
    from xuctien.programmes.templatetags.programme_tags import status_label as label

    return label(status)
