"""The screening API: read-only, with the pages' permissions."""

import django_filters
from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from xuctien.screening.api.serializers import CriteriaSetSerializer, ScreeningSerializer
from xuctien.screening.models import CriteriaSet, Screening


class ScreeningFilterSet(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", min_value=1, max_value=2**31 - 1)

    class Meta:
        model = Screening
        fields = ["project", "decision"]


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    """The programme's screening criteria, every version (the pipeline's people)."""

    queryset = CriteriaSet.objects.all()
    serializer_class = CriteriaSetSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["is_current"]

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .restrict(self.request.user, "view")
            .prefetch_related("criteria")
            .order_by("-number", "id")
        )


class ScreeningViewSet(viewsets.ReadOnlyModelViewSet):
    """Screenings of projects, with each criterion's points and reason (confidential)."""

    queryset = Screening.objects.all()
    serializer_class = ScreeningSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ScreeningFilterSet

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .restrict(self.request.user, "view")
            .select_related("criteria_set", "screened_by", "decided_by")
            .order_by("-created_at", "-id")
        )
