"""Site matching: an investor's needs against what is known of each park, explained.

Pure: no database. ``rank(needs, sites)`` takes the needs and a list of ``Site`` (the
published figures of each zone, see ``sites.services.sites_for_matching``) and returns
every site with a fit for each criterion the investor stated, in words.

Each stated criterion ends in one of five outcomes:

* ``fit`` — the park meets the need (1 point times the criterion's weight);
* ``partial`` — the park meets the lower end of a range (half the points);
* ``miss`` — the park falls short, but it is not a reason to rule the park out;
* ``blocked`` — a hard constraint: not enough land for the smallest need, or the sector
  is not among those the park accepts. A blocked site ranks after every other one;
* ``unknown`` — the figure is not published; it earns nothing and is counted apart, so
  missing data never passes for a fit.

The score is the points earned over the points possible (the sum of the weights of the
stated criteria), in percent. Sites rank: not blocked first, then by score, then by the
number of unknowns (fewer first), then by name.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuctien.core.templatetags.xuctien import format_number

FIT, PARTIAL, MISS, BLOCKED, UNKNOWN = "fit", "partial", "miss", "blocked", "unknown"
POINTS = {FIT: Decimal(1), PARTIAL: Decimal("0.5"), MISS: Decimal(0), BLOCKED: Decimal(0)}
OUTCOME_LABELS = {
    FIT: gettext_lazy("Fits"),
    PARTIAL: gettext_lazy("Partly fits"),
    MISS: gettext_lazy("Falls short"),
    BLOCKED: gettext_lazy("Rules the site out"),
    UNKNOWN: gettext_lazy("Unknown"),
}
#: The criteria, in the order they are shown, with their labels.
CRITERIA = {
    "land": gettext_lazy("Land"),
    "sector": gettext_lazy("Sector"),
    "power": gettext_lazy("Power"),
    "water": gettext_lazy("Water"),
    "wastewater": gettext_lazy("Wastewater"),
    "workforce": gettext_lazy("Workforce"),
    "port": gettext_lazy("Seaport"),
    "border": gettext_lazy("Border gate"),
    "timeline": gettext_lazy("Timeline"),
}
DEFAULT_WEIGHT = 1
MAX_WEIGHT = 5
#: Zone statuses whose land can be handed over now.
READY = frozenset({"operating"})
NOT_A_SITE = frozenset({"revoked"})


@dataclass(frozen=True)
class Needs:
    """What the investor needs; ``None`` means "not stated" and the criterion is skipped."""

    land_min_ha: Decimal | None = None
    land_max_ha: Decimal | None = None
    sector: str = ""  # a VSIC 2018 code: a section letter ("C") or a division ("26")
    sector_section: str = ""  # the section of a division ("C" for "26")
    power_kv: int | None = None
    water_m3_day: Decimal | None = None
    wastewater_m3_day: Decimal | None = None
    workforce: int | None = None
    port_km: Decimal | None = None  # the nearest seaport at most this far
    border_km: Decimal | None = None  # the nearest border gate at most this far
    needed_by: dt.date | None = None
    weights: dict[str, int] = field(default_factory=dict)

    def weight(self, criterion: str) -> int:
        return int(self.weights.get(criterion, DEFAULT_WEIGHT))


@dataclass(frozen=True)
class Site:
    """The published figures of one zone, as the engine reads them (``None``: unknown)."""

    zone_id: int
    code: str
    name: str
    status: str = "unknown"
    available_ha: Decimal | None = None
    #: the VSIC codes the park accepts; ``None`` when no source lists them
    sectors: tuple[str, ...] | None = None
    power_kv: int | None = None
    water_m3_day: Decimal | None = None
    wastewater_m3_day: Decimal | None = None
    workforce: int | None = None
    seaport_km: Decimal | None = None
    border_gate_km: Decimal | None = None
    available_from: dt.date | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class Fit:
    criterion: str
    outcome: str
    text: str
    weight: int

    @property
    def label(self) -> str:
        return str(CRITERIA[self.criterion])

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def points(self) -> Decimal:
        return POINTS.get(self.outcome, Decimal(0)) * self.weight


@dataclass(frozen=True)
class Match:
    site: Site
    fits: tuple[Fit, ...]

    @property
    def blocked(self) -> bool:
        return any(f.outcome == BLOCKED for f in self.fits)

    @property
    def unknowns(self) -> int:
        return sum(1 for f in self.fits if f.outcome == UNKNOWN)

    @property
    def possible(self) -> Decimal:
        return Decimal(sum(f.weight for f in self.fits))

    @property
    def points(self) -> Decimal:
        return sum((f.points for f in self.fits), Decimal(0))

    @property
    def score(self) -> Decimal:
        """Points earned over points possible, in percent, to one decimal place."""
        if not self.possible:
            return Decimal(0)
        return (self.points * 100 / self.possible).quantize(Decimal("0.1"))

    @property
    def blocks(self) -> list[Fit]:
        return [f for f in self.fits if f.outcome == BLOCKED]


def rank(needs: Needs, sites: list[Site]) -> list[Match]:
    """Every site that is a site at all (not revoked), best first, each fit explained."""
    matches = [Match(site, tuple(_fits(needs, site))) for site in sites]
    matches = [m for m in matches if m.site.status not in NOT_A_SITE]
    return sorted(matches, key=lambda m: (m.blocked, -m.score, m.unknowns, m.site.name))


def _fits(needs: Needs, site: Site) -> list[Fit]:
    checks = (
        ("land", _land),
        ("sector", _sector),
        ("power", _power),
        ("water", _water),
        ("wastewater", _wastewater),
        ("workforce", _workforce),
        ("port", _port),
        ("border", _border),
        ("timeline", _timeline),
    )
    fits = []
    for criterion, check in checks:
        weight = needs.weight(criterion)
        found = check(needs, site)
        if found is not None and weight > 0:
            outcome, text = found
            fits.append(Fit(criterion, outcome, text, weight))
    return fits


def _n(value: Any) -> str:
    """A figure as pages write it: trailing zeros dropped, the reader's separators."""
    number = Decimal(value).normalize()
    places = max(-number.as_tuple().exponent, 0)
    return format_number(number, min(places, 2))


def _land(needs: Needs, site: Site) -> tuple[str, str] | None:
    low, high = needs.land_min_ha, needs.land_max_ha
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    wanted = (
        _("needs %(ha)s ha") % {"ha": _n(low)}
        if low == high
        else _("needs %(low)s–%(high)s ha") % {"low": _n(low), "high": _n(high)}
    )
    if site.available_ha is None:
        return UNKNOWN, _("%(wanted)s; available land unknown") % {"wanted": wanted}
    have = _("%(ha)s ha available") % {"ha": _n(site.available_ha)}
    text = f"{wanted}; {have}"
    if site.available_ha < low:
        return BLOCKED, _("%(wanted)s; only %(have)s") % {"wanted": wanted, "have": have}
    return (FIT if site.available_ha >= high else PARTIAL), text


def _sector(needs: Needs, site: Site) -> tuple[str, str] | None:
    if not needs.sector:
        return None
    if site.sectors is None:
        return UNKNOWN, _("sector %(code)s; the park's sectors are not published") % {
            "code": needs.sector
        }
    accepted = set(site.sectors)
    if needs.sector in accepted or (needs.sector_section and needs.sector_section in accepted):
        return FIT, _("sector %(code)s is among the park's sectors") % {"code": needs.sector}
    return BLOCKED, _("sector %(code)s is not among the park's sectors (%(list)s)") % {
        "code": needs.sector,
        "list": ", ".join(sorted(accepted)),
    }


def _at_least(need: Any, have: Any, wanted: str, has: str, unknown: str) -> tuple[str, str] | None:
    if need is None:
        return None
    if have is None:
        return UNKNOWN, unknown
    text = f"{wanted}; {has}"
    return (FIT if have >= need else MISS), text


def _power(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.power_kv is None:
        return None
    return _at_least(
        needs.power_kv,
        site.power_kv,
        _("needs %(kv)s kV") % {"kv": _n(needs.power_kv)},
        _("park has %(kv)s kV") % {"kv": _n(site.power_kv or 0)},
        _("needs %(kv)s kV; the park's voltage is unknown") % {"kv": _n(needs.power_kv)},
    )


def _water(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.water_m3_day is None:
        return None
    return _at_least(
        needs.water_m3_day,
        site.water_m3_day,
        _("needs %(m3)s m³/day of water") % {"m3": _n(needs.water_m3_day)},
        _("park supplies %(m3)s m³/day") % {"m3": _n(site.water_m3_day or 0)},
        _("needs %(m3)s m³/day of water; the park's supply is unknown")
        % {"m3": _n(needs.water_m3_day)},
    )


def _wastewater(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.wastewater_m3_day is None:
        return None
    return _at_least(
        needs.wastewater_m3_day,
        site.wastewater_m3_day,
        _("needs %(m3)s m³/day treated") % {"m3": _n(needs.wastewater_m3_day)},
        _("park treats %(m3)s m³/day") % {"m3": _n(site.wastewater_m3_day or 0)},
        _("needs %(m3)s m³/day treated; the park's treatment capacity is unknown")
        % {"m3": _n(needs.wastewater_m3_day)},
    )


def _workforce(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.workforce is None:
        return None
    return _at_least(
        needs.workforce,
        site.workforce,
        _("needs %(n)s workers") % {"n": _n(needs.workforce)},
        _("%(n)s workers available") % {"n": _n(site.workforce or 0)},
        _("needs %(n)s workers; the workforce available is unknown") % {"n": _n(needs.workforce)},
    )


def _within(limit: Any, distance: Any, wanted: str, has: str, unknown: str):
    if limit is None:
        return None
    if distance is None:
        return UNKNOWN, unknown
    return (FIT if distance <= limit else MISS), f"{wanted}; {has}"


def _port(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.port_km is None:
        return None
    return _within(
        needs.port_km,
        site.seaport_km,
        _("a seaport within %(km)s km") % {"km": _n(needs.port_km)},
        _("nearest seaport %(km)s km away") % {"km": _n(site.seaport_km or 0)},
        _("a seaport within %(km)s km; the distance is unknown") % {"km": _n(needs.port_km)},
    )


def _border(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.border_km is None:
        return None
    return _within(
        needs.border_km,
        site.border_gate_km,
        _("a border gate within %(km)s km") % {"km": _n(needs.border_km)},
        _("nearest border gate %(km)s km away") % {"km": _n(site.border_gate_km or 0)},
        _("a border gate within %(km)s km; the distance is unknown") % {"km": _n(needs.border_km)},
    )


def _timeline(needs: Needs, site: Site) -> tuple[str, str] | None:
    if needs.needed_by is None:
        return None
    wanted = _("land needed by %(date)s") % {"date": _date(needs.needed_by)}
    if site.available_from is not None:
        ok = site.available_from <= needs.needed_by
        has = _("available from %(date)s") % {"date": _date(site.available_from)}
        return (FIT if ok else MISS), f"{wanted}; {has}"
    if site.status in READY:
        return FIT, _("%(wanted)s; the park is operating") % {"wanted": wanted}
    return UNKNOWN, _("%(wanted)s; no date published for the park's land") % {"wanted": wanted}


def _date(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")
