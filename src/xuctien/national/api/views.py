"""Provinces (public: the portal lists them) and the national comparison (national roles)."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuctien.core.models import Province
from xuctien.national import comparison
from xuctien.national.api.serializers import ComparisonSerializer, ProvinceSerializer
from xuctien.national.models import CatalogueIndicator
from xuctien.national.permissions import sees_nation


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The provinces onboarded, with their validity and successor; looked up by code."""

    queryset = Province.objects.select_related("successor")
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []


class SeesNation(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return sees_nation(request.user)


class NationalIndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The national catalogue with every province ranked on it (national roles only)."""

    queryset = CatalogueIndicator.objects.all()
    serializer_class = ComparisonSerializer
    permission_classes = [SeesNation]
    lookup_field = "code"
    filter_backends: list[Any] = []

    def _comparisons(self) -> dict[str, comparison.Comparison]:
        return {c.catalogue.code: c for c in comparison.compare()}

    @extend_schema(responses=ComparisonSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        comparisons = list(self._comparisons().values())
        page = self.paginate_queryset(comparisons)
        data = [self._data(c) for c in (page if page is not None else comparisons)]
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=ComparisonSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = self._comparisons().get(kwargs.get("code", ""))
        if found is None:
            raise Http404
        return Response(self._data(found))

    def _data(self, found: comparison.Comparison) -> dict[str, Any]:
        data = dict(ComparisonSerializer(found.catalogue).data)
        data["standings"] = (
            ComparisonSerializer().fields["standings"].to_representation(found.standings)
        )
        return data
