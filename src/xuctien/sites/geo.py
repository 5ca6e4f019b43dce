"""The little GeoJSON the sites app accepts: a Polygon or MultiPolygon in longitude, latitude."""

from typing import Any

from django.utils.translation import gettext as _

MAX_POINTS = 5000


def boundary_error(geometry: Any) -> str:
    """Why ``geometry`` is not a usable boundary, or "" when it is."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return _("A boundary is a GeoJSON geometry of type Polygon or MultiPolygon.")
    polygons = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    points = 0
    try:
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4:
                    return _("Each ring of a boundary needs at least four points.")
                for lon, lat in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        return _("A boundary point lies outside longitude and latitude limits.")
                    points += 1
    except (TypeError, ValueError):
        return _("A boundary's coordinates are lists of [longitude, latitude] pairs.")
    if points > MAX_POINTS:
        return _("A boundary may have at most %(count)s points.") % {"count": MAX_POINTS}
    return ""
