from rest_framework import serializers

from xuctien.core.models import Province
from xuctien.national.models import CatalogueIndicator


class ProvinceSerializer(serializers.ModelSerializer):
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Province
        fields = [
            "code",
            "slug",
            "name_vi",
            "name_en",
            "valid_from",
            "valid_to",
            "successor",
            "source_url",
        ]


class StandingSerializer(serializers.Serializer):
    """One province on one national indicator."""

    province = serializers.CharField(source="province.code", help_text="Province code")
    indicator = serializers.CharField(
        source="indicator.code", help_text="The province's own indicator"
    )
    status = serializers.CharField(
        help_text="achieved, on_track, at_risk, off_track, not_determinable, to_date, "
        "no_data, or no_target (a figure with no target for its year)"
    )
    year = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    gap = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, help_text="Actual minus expected"
    )
    rank = serializers.IntegerField(allow_null=True, help_text="1 is best; equal figures tie")


class CatalogueIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueIndicator
        fields = ["code", "name_vi", "name_en", "unit", "unit_en", "behaviour", "direction"]


class ComparisonSerializer(CatalogueIndicatorSerializer):
    standings = StandingSerializer(many=True, read_only=True)

    class Meta(CatalogueIndicatorSerializer.Meta):
        fields = [*CatalogueIndicatorSerializer.Meta.fields, "standings"]
