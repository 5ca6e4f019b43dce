"""Read-only programme API: approved figures are public, like a statistics portal."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuctien.programmes import caching, computed
from xuctien.programmes.api.serializers import (
    AssessmentSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    headlines,
    report_for,
)
from xuctien.programmes.filtersets import IndicatorFilterSet, ObservationFilterSet
from xuctien.programmes.models import Indicator, Observation
from xuctien.programmes.monitoring import assess_indicators, with_targets


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators with their baseline, current targets and status; looked up by code."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"

    def get_queryset(self) -> QuerySet:
        return with_targets(super().get_queryset().restrict(self.request.user, "view"))

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        """The page's indicators, each with what it shows of its report (``headlines``):
        from the cache beside the reports, the others assessed together (or their reports
        from the cache), not one by one."""
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        found = caching.briefs(list(page), "api", assess_indicators, headlines)
        for indicator in page:
            indicator._api_headline = found[indicator.pk]
        return page

    @extend_schema(
        summary="The indicator's assessment, one entry per year",
        responses=AssessmentSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="assessments", pagination_class=None, filterset_class=None)
    def assessments(self, request: Request, code: str | None = None) -> Response:
        """Actual, expected, gap, % of target, projection, still needed and status per year,
        with the rule that gave the status; only approved figures count."""
        rows = report_for(self.get_object()).rows
        computed.read_sources([row.figure for row in rows])
        return Response(AssessmentSerializer(rows, many=True).data)


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Reported figures; anonymous readers see approved ones only."""

    queryset = Observation.objects.select_related("indicator", "locality", "zone")
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(self.request.user, "view")
