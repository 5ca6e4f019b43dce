"""What a map of zones draws: one GeoJSON feature per zone with a point (and its boundary
where one is published), with the layers it belongs to (status, available land band)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Zone
from xuctien.core.templatetags.xuctien import format_number

#: Available land bands (ha): (key, label, lower bound inclusive, upper bound exclusive).
BANDS = (
    ("unknown", _("Available land unknown"), None, None),
    ("none", _("No land available"), Decimal(0), Decimal("0.01")),
    ("small", _("Under 50 ha available"), Decimal("0.01"), Decimal(50)),
    ("medium", _("50 to 200 ha available"), Decimal(50), Decimal(200)),
    ("large", _("200 ha or more available"), Decimal(200), None),
)


def band(available: Decimal | None) -> str:
    if available is None:
        return "unknown"
    for key, _label, low, high in BANDS[1:]:
        if available >= low and (high is None or available < high):
            return key
    return "unknown"


def feature(found: Any, match: Any = None, rank: int | None = None) -> dict[str, Any] | None:
    """The zone as a GeoJSON feature, or None when no source places it."""
    zone = found.zone
    if found.location is None and found.boundary is None:
        return None
    available = found.available_ha
    props = {
        "code": zone.code,
        "name": zone.name,
        "url": reverse("zone-detail", args=[zone.code]),
        "status": found.status,
        "statusLabel": str(found.status_label),
        "band": band(available),
        "available": (
            f"{format_number(available)} ha" if available is not None else str(_("unknown"))
        ),
        "approximate": bool(found.location and found.location.value[2]),
    }
    if match is not None:
        props["rank"] = rank
        props["score"] = f"{format_number(match.score)}%"
        props["blocked"] = match.blocked
    geometry: dict[str, Any] | None = None
    if found.location is not None:
        lat, lon, _approx = found.location.value
        geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
    features = []
    if geometry is not None:
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    if found.boundary is not None:
        features.append(
            {
                "type": "Feature",
                "geometry": found.boundary.value,
                "properties": {**props, "boundary": True},
            }
        )
    return {"features": features}


def map_context(found_list: list[Any], matches: list[Any] | None = None) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    by_zone = {m.site.zone_id: (i, m) for i, m in enumerate(matches or [], start=1)}
    placed, missing = 0, []
    for found in found_list:
        rank, match = by_zone.get(found.zone.pk, (None, None))
        item = feature(found, match, rank)
        if item:
            placed += 1
            features.extend(item["features"])
        else:
            missing.append(found.zone)
    statuses = sorted({f["properties"]["status"] for f in features})
    labels = dict(Zone.Status.choices)
    return {
        "map_data": {"type": "FeatureCollection", "features": features},
        "map_statuses": [(s, labels.get(s, s)) for s in statuses],
        "map_bands": [
            (key, label)
            for key, label, *_b in BANDS
            if any(f["properties"]["band"] == key for f in features)
        ],
        "map_placed": placed,
        "map_tiles": settings.XT_MAP_TILES,
        "map_attribution": settings.XT_MAP_ATTRIBUTION,
        "map_total": len(found_list),
        "map_missing": missing,
    }
