"""API shapes of the screening: the criteria versions and the screenings of projects."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuctien.screening import services
from xuctien.screening.models import CriteriaSet, Criterion, Screening


class CriterionSerializer(serializers.ModelSerializer):
    threshold_unit = serializers.CharField(source="unit", read_only=True)

    class Meta:
        model = Criterion
        fields = ["key", "weight", "threshold", "threshold_unit", "threshold_source"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "number",
            "is_current",
            "recommend_at",
            "discuss_at",
            "reason",
            "updated_at",
            "criteria",
        ]


class ResultSerializer(serializers.Serializer):
    """One criterion's points and the reason in words (in the request's language)."""

    key = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=2)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    status = serializers.ChoiceField(choices=["met", "not_met", "unknown", "no_norm"])
    reason = serializers.CharField()


class ScreeningSerializer(serializers.ModelSerializer):
    criteria_version = serializers.IntegerField(source="criteria_set.number", read_only=True)
    results = serializers.SerializerMethodField()
    screened_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Screening
        fields = [
            "id",
            "project",
            "criteria_version",
            "stage",
            "points",
            "possible",
            "percent",
            "brown",
            "computed",
            "decision",
            "recommendation",
            "reason",
            "screened_by",
            "created_at",
            "decided_by",
            "decided_at",
            "results",
        ]

    @extend_schema_field(ResultSerializer(many=True))
    def get_results(self, obj: Screening) -> list[dict[str, Any]]:
        return ResultSerializer(services.lines(obj.result_objects), many=True).data
