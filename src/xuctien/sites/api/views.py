"""The zones API (published figures only) and site matching."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuctien.core.models import Zone
from xuctien.sites import facts as site_facts
from xuctien.sites import matching, services
from xuctien.sites.api.serializers import MatchSerializer, NeedsSerializer, ZoneSerializer
from xuctien.sites.filtersets import ZoneFilterSet


def zone_data(found: site_facts.SiteFacts) -> dict[str, Any]:
    zone = found.zone

    def fact(f: site_facts.Fact | None) -> dict[str, Any] | None:
        if f is None:
            return None
        value = f.value.isoformat() if hasattr(f.value, "isoformat") else str(f.value)
        return {"value": value, "as_of": f.as_of, "sources": list(f.sources), "derived": f.derived}

    location = None
    if found.location is not None:
        lat, lon, approximate = found.location.value
        location = {
            "latitude": lat,
            "longitude": lon,
            "approximate": approximate,
            "as_of": found.location.as_of,
            "sources": list(found.location.sources),
        }
    return {
        "code": zone.code,
        "name_vi": zone.name_vi,
        "name_en": zone.name_en,
        "kind": zone.kind,
        "parent": zone.parent.code if zone.parent else None,
        "status": found.status,
        "figures": {key: fact(found.facts.get(key)) for key in site_facts.FIGURE_KEYS},
        "location": location,
        "boundary": found.boundary.value if found.boundary else None,
        "sectors": [s.code for s in found.sectors] if found.sectors is not None else None,
        "plots": [
            {
                "code": p.code,
                "area_ha": p.area_ha,
                "status": p.status,
                "price_usd_m2": p.price_usd_m2,
            }
            for p in found.plots
        ],
    }


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Zones with their published land, occupancy, infrastructure and location; every figure
    with its date and sources, ``null`` where no published source states it. Drafts and
    reports waiting for approval are never served."""

    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = ZoneFilterSet

    def get_queryset(self) -> QuerySet:
        return Zone.objects.restrict(self.request.user, "view").select_related("parent")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        zones = page if page is not None else list(queryset)
        found = site_facts.facts_for(zones)
        # Through the serializer, so decimals are served as the schema says (text).
        data = ZoneSerializer([zone_data(found[z.pk]) for z in zones], many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.get_object()
        return Response(ZoneSerializer(zone_data(site_facts.facts_of(zone))).data)


class MatchViewSet(viewsets.ViewSet):
    """Needs in, every site ranked with the fit on each stated criterion, in words."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=NeedsSerializer, responses={200: MatchSerializer(many=True)})
    def create(self, request: Request) -> Response:
        given = NeedsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        sector = (data.pop("sector", "") or "").strip().upper()
        weights = data.pop("weights", {}) or {}
        from xuctien.investments.models import Sector

        known = Sector.objects.filter(code=sector).first() if sector else None
        needs = matching.Needs(
            sector=sector,
            sector_section=known.section if known and known.code != known.section else "",
            weights=weights,
            **{k: v for k, v in data.items() if v is not None},
        )
        matches, _found = services.match(needs)
        rows = [
            {
                "rank": rank,
                "code": m.site.code,
                "name": m.site.name,
                "status": m.site.status,
                "score": m.score,
                "blocked": m.blocked,
                "unknowns": m.unknowns,
                "fits": [
                    {
                        "criterion": f.criterion,
                        "outcome": f.outcome,
                        "text": f.text,
                        "weight": f.weight,
                    }
                    for f in m.fits
                ],
            }
            for rank, m in enumerate(matches, start=1)
        ]
        return Response(MatchSerializer(rows, many=True).data)
