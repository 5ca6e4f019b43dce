"""What is known about each zone: for every figure, the latest published value, its date
and its source; a figure no published report states is unknown (``None``).

The zone record itself (``core.Zone``: areas, developer, status from the province's zone
list) is the oldest source: a figure it holds counts when no report states it. Available
land that no source states is derived as leasable (else industrial) land minus leased
land, when both are known, and says it was derived and from which sources.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Zone
from xuctien.sites.models import Plot, SiteReport, State

#: The figures of a report, in the order pages show them: (field, label, unit).
FIGURES: tuple[tuple[str, Any, str], ...] = (
    ("total_ha", _("Total area"), "ha"),
    ("industrial_ha", _("Industrial land"), "ha"),
    ("leasable_ha", _("Leasable land"), "ha"),
    ("leased_ha", _("Leased land"), "ha"),
    ("available_ha", _("Available land"), "ha"),
    ("occupancy_pct", _("Occupancy"), "%"),
    ("available_from", _("Land available from"), ""),
    ("rent_min_usd_m2", _("Land rent from"), "USD/m²"),
    ("rent_max_usd_m2", _("Land rent to"), "USD/m²"),
    ("rent_term", _("Lease term"), ""),
    ("power_supply", _("Power supply"), ""),
    ("power_kv", _("Grid voltage"), "kV"),
    ("water_m3_day", _("Water supply"), "m³/day"),
    ("wastewater_m3_day", _("Wastewater treatment"), "m³/day"),
    ("workforce", _("Workforce available"), ""),
    ("seaport_km", _("To the nearest seaport"), "km"),
    ("airport_km", _("To the nearest airport"), "km"),
    ("border_gate_km", _("To the nearest border gate"), "km"),
    ("expressway_km", _("To the nearest expressway"), "km"),
    ("status", _("Status"), ""),
    ("developer", _("Developer"), ""),
)
FIGURE_KEYS = tuple(key for key, _label, _unit in FIGURES)
#: core.Zone fields that stand for a figure when no report states it.
ZONE_FIELDS = {
    "total_ha": "total_area_ha",
    "industrial_ha": "industrial_land_ha",
    "leased_ha": "leased_land_ha",
    "developer": "developer",
}


@dataclass(frozen=True)
class Fact:
    """One figure: its value, the date it describes, its sources and how it was reached."""

    key: str
    value: Any
    as_of: Any = None
    sources: tuple[str, ...] = ()
    report_id: int | None = None
    derived: str = ""


@dataclass
class SiteFacts:
    """Everything known about one zone, figure by figure."""

    zone: Zone
    facts: dict[str, Fact] = field(default_factory=dict)
    sectors: list[Any] | None = None  # None: no published report names any
    sectors_fact: Fact | None = None
    location: Fact | None = None  # value: (latitude, longitude, approximate)
    boundary: Fact | None = None
    plots: list[Plot] = field(default_factory=list)
    plots_fact: Fact | None = None

    def value(self, key: str) -> Any:
        fact = self.facts.get(key)
        return None if fact is None else fact.value

    def rows(self) -> list[tuple[str, Any, str, Fact | None]]:
        """(key, label, unit, fact or None) for every figure, in page order."""
        return [(key, label, unit, self.facts.get(key)) for key, label, unit in FIGURES]

    @property
    def status(self) -> str:
        return self.value("status") or self.zone.status

    @property
    def status_label(self) -> str:
        return str(dict(Zone.Status.choices).get(self.status, self.status))

    @property
    def available_ha(self) -> Decimal | None:
        return self.value("available_ha")

    @property
    def latitude(self) -> Decimal | None:
        return self.location.value[0] if self.location else None

    @property
    def longitude(self) -> Decimal | None:
        return self.location.value[1] if self.location else None


def published_reports(zones: Any) -> QuerySet:
    return (
        SiteReport.objects.filter(zone__in=zones, state=State.PUBLISHED)
        .prefetch_related("sectors", "plots")
        .order_by("zone_id", F("as_of").desc(nulls_last=True), "-id")
    )


def facts_for(zones: Any, reports: Any = None) -> dict[int, SiteFacts]:
    """The known figures of each zone, by zone id; ``reports`` defaults to the published."""
    zones = list(zones)
    result = {zone.pk: SiteFacts(zone=zone) for zone in zones}
    if reports is None:
        reports = published_reports(zones)
    for report in reports:
        found = result.get(report.zone_id)
        if found is not None:
            _take(found, report)
    for found in result.values():
        _from_zone(found)
        _derive_available(found)
    return result


def facts_of(zone: Zone) -> SiteFacts:
    return facts_for([zone])[zone.pk]


def _take(found: SiteFacts, report: SiteReport) -> None:
    """Add the figures of ``report`` that no newer report already gave."""

    def fact(key: str, value: Any) -> Fact:
        return Fact(key, value, report.as_of, tuple(report.source_urls), report.pk)

    for key in FIGURE_KEYS:
        value = getattr(report, key)
        if key not in found.facts and value not in (None, ""):
            found.facts[key] = fact(key, value)
    if found.location is None and report.latitude is not None and report.longitude is not None:
        found.location = fact(
            "location", (report.latitude, report.longitude, report.location_approximate)
        )
    if found.boundary is None and report.boundary:
        found.boundary = fact("boundary", report.boundary)
    if found.sectors is None:
        sectors = list(report.sectors.all())
        if sectors:
            found.sectors, found.sectors_fact = sectors, fact("sectors", sectors)
    if found.plots_fact is None:
        plots = list(report.plots.all())
        if plots:
            found.plots, found.plots_fact = plots, fact("plots", plots)


def _from_zone(found: SiteFacts) -> None:
    zone = found.zone
    for key, zone_field in ZONE_FIELDS.items():
        value = getattr(zone, zone_field)
        if key not in found.facts and value not in (None, ""):
            found.facts[key] = Fact(key, value, None, tuple(zone.source_urls))


def _derive_available(found: SiteFacts) -> None:
    if "available_ha" in found.facts:
        return
    leased = found.facts.get("leased_ha")
    base = found.facts.get("leasable_ha") or found.facts.get("industrial_ha")
    if leased is None or base is None:
        return
    value = max(Decimal(base.value) - Decimal(leased.value), Decimal(0))
    as_of = min((d for d in (base.as_of, leased.as_of) if d), default=None)
    how = (
        _("leasable land minus leased land")
        if base.key == "leasable_ha"
        else _("industrial land minus leased land")
    )
    found.facts["available_ha"] = Fact(
        "available_ha",
        value,
        as_of,
        tuple(dict.fromkeys(base.sources + leased.sources)),
        None,
        derived=str(how),
    )
