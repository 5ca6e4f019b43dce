"""The labour API: the same filters, visibility and engine as the pages."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response

from xuctien.labour import permissions, services
from xuctien.labour.api.serializers import (
    GapSerializer,
    NeedSerializer,
    SupplySerializer,
)
from xuctien.labour.filtersets import GapFilterSet, NeedFilterSet, SupplyFilterSet
from xuctien.labour.models import Need, ProgrammeYear


class ReadsNeeds(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated
        return permissions.reads_gaps(request.user) or permissions.enters_needs(request.user)


class ReadsGaps(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated
        return permissions.reads_gaps(request.user)


class DemandViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Enterprises' needs the caller may see (private)."""

    queryset = Need.objects.all()
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    permission_classes = [ReadsNeeds]

    def get_queryset(self) -> Any:
        return Need.objects.restrict(self.request.user, "view").select_related(
            "enterprise", "occupation"
        )


class SupplyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Institutions' programmes and yearly figures (public facts)."""

    queryset = ProgrammeYear.objects.select_related(
        "programme__institution", "programme__occupation"
    ).order_by("id")
    serializer_class = SupplySerializer
    filterset_class = SupplyFilterSet
    permission_classes = [AllowAny]


class GapViewSet(viewsets.GenericViewSet):
    """The gap by occupation, level and year (internal people)."""

    serializer_class = GapSerializer
    filterset_class = GapFilterSet
    permission_classes = [ReadsGaps]
    pagination_class = None

    def get_queryset(self) -> Any:
        return Need.objects.restrict(self.request.user, "view")

    @extend_schema(responses=GapSerializer(many=True))
    def list(self, request: Any) -> Response:
        from xuctien.labour.views import current_province

        filterset = GapFilterSet(request.GET, queryset=self.get_queryset(), request=request)
        filters = filterset.form.cleaned_data if filterset.is_valid() else {}
        synthetic = filters.get("data") == "synthetic"
        province = current_province(required=False)
        view = services.load_gap(province, filterset.qs, filters, synthetic)
        rows = [
            {
                "occupation": c.occupation,
                "level": c.level,
                "year": c.year,
                "demand": c.demand,
                "supply": c.supply,
                "gap": c.gap,
                "proposes_task": c.proposes(view.assumptions.threshold),
                "enterprises": len(c.enterprise_ids),
                "needs": c.need_ids,
                "programmes": [*c.programme_ids, *c.unassigned_ids],
            }
            for c in view.cells
        ]
        return Response(GapSerializer(rows, many=True).data)
