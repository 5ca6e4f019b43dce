"""The programme API's shapes: indicators with their current targets, assessments, figures.

Decimals are strings (never floats) without trailing zeros: "9.8", "13.96", "50000".
"""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuctien.programmes.models import Indicator, Observation
from xuctien.programmes.monitoring import IndicatorReport, report


@extend_schema_field({"type": "string", "format": "decimal", "example": "13.96"})
class PlainDecimalField(serializers.Field):
    """A Decimal as a plain string: no exponent, no trailing zeros."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal) -> str:
        text = format(Decimal(value), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class BaselineSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = PlainDecimalField()


class TargetSerializer(serializers.Serializer):
    start_year = serializers.IntegerField()
    year = serializers.IntegerField()
    value = PlainDecimalField()


def report_for(indicator: Indicator) -> IndicatorReport:
    """The indicator's assessment, computed once per serialised indicator."""
    cached = getattr(indicator, "_api_report", None)
    if cached is None:
        cached = indicator._api_report = report(indicator)
    return cached


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator, its current baseline and targets, and its headline status."""

    name = serializers.CharField(read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    breakthrough = serializers.IntegerField(
        source="breakthrough.number", read_only=True, allow_null=True
    )
    baseline = serializers.SerializerMethodField()
    targets = TargetSerializer(source="current_targets", many=True, read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "behaviour",
            "direction",
            "baseline",
            "targets",
            "programme",
            "breakthrough",
            "status",
        ]

    @extend_schema_field(BaselineSerializer(allow_null=True))
    def get_baseline(self, indicator: Indicator) -> dict[str, Any] | None:
        baseline = indicator.current_baseline()
        return BaselineSerializer(baseline).data if baseline else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, indicator: Indicator) -> str:
        """The headline year's status (achieved, on_track, at_risk, off_track, no_data),
        or "no_target" when nothing is quantified."""
        result = report_for(indicator)
        return result.status if result.spec is not None else "no_target"


class AssessmentSerializer(serializers.Serializer):
    """One assessed year (a ``monitoring.Row``)."""

    year = serializers.IntegerField()
    target_year = serializers.IntegerField(source="target.year", allow_null=True)
    actual = PlainDecimalField()
    expected = PlainDecimalField()
    gap = PlainDecimalField()
    percent_of_target = PlainDecimalField()
    projection = PlainDecimalField()
    still_needed = PlainDecimalField()
    status = serializers.CharField()
    rule = serializers.CharField(source="rule_text")
    provisional = serializers.BooleanField(source="is_provisional")


class ObservationSerializer(serializers.ModelSerializer):
    """A reported figure with its period, place, source and approval."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    locality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    value = PlainDecimalField()
    value_high = PlainDecimalField()
    source_urls = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "period",
            "period_kind",
            "year",
            "locality",
            "zone",
            "value",
            "value_high",
            "qualifier",
            "estimate",
            "accepted",
            "status",
            "source",
            "source_urls",
            "reported_as",
            "note",
            "approved_at",
        ]
        read_only_fields = fields
