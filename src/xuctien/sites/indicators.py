"""Occupancy and available land, computed from the zones' published site reports.

A programme whose workbook declares an indicator fed by one of these feeds (column
``registry``) gets its yearly figures from its province's zone data, as capital is
computed from the project registry:

* ``zone_occupancy`` (%): for each year, over the industrial parks whose latest published
  report dated in or before that year states both leased land and industrial (or
  leasable) land: leased ÷ that land × 100. A park whose figures are undated, or that
  states only an occupancy percentage, cannot be weighed and is left out (the
  explanation says how many parks counted).
* ``zone_available_land`` (ha): for each year, the sum of the available land stated by
  each park's latest published report dated in or before that year.

The province's own occupancy statistics stay typed observations of another indicator: a
computed series never hides a published one.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import ngettext

from xuctien.programmes.computed import ComputedFigure

OCCUPANCY_CODE = "zone_occupancy"
AVAILABLE_CODE = "zone_available_land"


def _dated_reports(zone: Any, province_id: Any = None, provinces: Any = None) -> list[Any]:
    from xuctien.core.models import Zone
    from xuctien.sites.models import SiteReport, State

    reports = SiteReport.objects.filter(
        state=State.PUBLISHED, as_of__isnull=False, zone__kind=Zone.Kind.INDUSTRIAL_PARK
    ).select_related("zone")  # each park's name is in the explanation
    if province_id is not None:
        reports = reports.filter(zone__province_id=province_id)
    if provinces is not None:
        reports = reports.filter(zone__province_id__in=provinces)
    if zone is not None:
        reports = reports.filter(zone__in=[zone.pk, *zone.children.values_list("pk", flat=True)])
    return list(reports.order_by("as_of", "id"))


def batch_figures(indicators: list) -> dict[int, list]:
    """The figures of many zone-fed indicators, for their whole province each, from one
    query for all their provinces."""
    provinces = {i.province_id for i in indicators}
    by_province: dict[Any, list] = defaultdict(list)
    for report in _dated_reports(None, provinces=provinces):
        by_province[report.zone.province_id].append(report)
    series = {OCCUPANCY_CODE: _occupancy, AVAILABLE_CODE: _available}
    return {i.pk: series[i.registry_feed](by_province.get(i.province_id, [])) for i in indicators}


def _latest_by_year(reports: list[Any], field_names: tuple[str, ...]) -> dict[int, dict]:
    """For each year, each park's latest value of each field dated in or before it."""
    if not reports:
        return {}
    first = reports[0].as_of.year
    last = max(timezone.localdate().year, reports[-1].as_of.year)
    result: dict[int, dict] = {}
    state: dict[int, dict[str, Any]] = defaultdict(dict)
    index = 0
    for year in range(first, last + 1):
        while index < len(reports) and reports[index].as_of.year <= year:
            report = reports[index]
            for name in field_names:
                value = getattr(report, name)
                if value is not None:
                    state[report.zone_id][name] = value
            state[report.zone_id]["name"] = str(report.zone)
            index += 1
        result[year] = {zone_id: dict(values) for zone_id, values in state.items()}
    return result


def occupancy_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    return _occupancy(_dated_reports(zone, indicator.province_id))


def _occupancy(reports: list) -> list:
    by_year = _latest_by_year(reports, ("leased_ha", "industrial_ha", "leasable_ha"))
    figures = []
    for year, parks in sorted(by_year.items()):
        leased = land = Decimal(0)
        counted = []
        for values in parks.values():
            base = values.get("leasable_ha") or values.get("industrial_ha")
            if values.get("leased_ha") is not None and base:
                leased += values["leased_ha"]
                land += base
                counted.append(values["name"])
        if not land:
            continue
        value = (leased * 100 / land).quantize(Decimal("0.01"))
        explanation = ngettext(
            "%(leased)s ha leased of %(land)s ha in %(count)s park: %(names)s",
            "%(leased)s ha leased of %(land)s ha in %(count)s parks: %(names)s",
            len(counted),
        ) % {
            "leased": leased,
            "land": land,
            "count": len(counted),
            "names": ", ".join(counted),
        }
        figures.append(ComputedFigure(year, value, explanation=explanation, source="registry"))
    return figures


def available_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    return _available(_dated_reports(zone, indicator.province_id))


def _available(reports: list) -> list:
    by_year = _latest_by_year(reports, ("available_ha",))
    figures = []
    for year, parks in sorted(by_year.items()):
        stated = [(v["name"], v["available_ha"]) for v in parks.values() if "available_ha" in v]
        if not stated:
            continue
        total = sum((ha for _name, ha in stated), Decimal(0))
        explanation = ngettext(
            "Available land stated by %(count)s park: %(names)s",
            "Available land stated by %(count)s parks: %(names)s",
            len(stated),
        ) % {
            "count": len(stated),
            "names": ", ".join(name for name, _ha in stated),
        }
        figures.append(ComputedFigure(year, total, explanation=explanation, source="registry"))
    return figures


def register_providers() -> None:
    from xuctien.programmes import computed

    computed.register(OCCUPANCY_CODE, occupancy_figures, batch=batch_figures)
    computed.register(AVAILABLE_CODE, available_figures, batch=batch_figures)
