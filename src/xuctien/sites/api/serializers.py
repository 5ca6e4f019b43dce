"""The zones API's shapes: every figure with its value, date and sources; null is unknown."""

from rest_framework import serializers

from xuctien.sites import matching
from xuctien.sites.facts import FIGURES


class FactSerializer(serializers.Serializer):
    value = serializers.CharField(
        allow_null=True, help_text="The figure, as text (decimals exact)."
    )
    as_of = serializers.DateField(allow_null=True, help_text="The date the figure describes.")
    sources = serializers.ListField(child=serializers.CharField())
    derived = serializers.CharField(help_text="How a derived figure was reached; empty if stated.")


def _fact_fields() -> dict:
    return {
        key: FactSerializer(allow_null=True, help_text=str(label)) for key, label, _u in FIGURES
    }


FiguresSerializer = type("FiguresSerializer", (serializers.Serializer,), _fact_fields())


class LocationSerializer(serializers.Serializer):
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    approximate = serializers.BooleanField()
    as_of = serializers.DateField(allow_null=True)
    sources = serializers.ListField(child=serializers.CharField())


class PlotSerializer(serializers.Serializer):
    code = serializers.CharField()
    area_ha = serializers.DecimalField(max_digits=10, decimal_places=2)
    status = serializers.CharField()
    price_usd_m2 = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class ZoneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    figures = FiguresSerializer()
    location = LocationSerializer(allow_null=True)
    boundary = serializers.JSONField(allow_null=True)
    sectors = serializers.ListField(child=serializers.CharField(), allow_null=True)
    plots = PlotSerializer(many=True)


class NeedsSerializer(serializers.Serializer):
    land_min_ha = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        max_value=100000,
        required=False,
        allow_null=True,
    )
    land_max_ha = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        max_value=100000,
        required=False,
        allow_null=True,
    )
    sector = serializers.CharField(
        required=False, allow_blank=True, max_length=5, help_text="A VSIC 2018 section or division."
    )
    power_kv = serializers.IntegerField(
        min_value=0, max_value=1000, required=False, allow_null=True
    )
    water_m3_day = serializers.DecimalField(
        max_digits=12,
        decimal_places=0,
        min_value=0,
        max_value=10**8,
        required=False,
        allow_null=True,
    )
    wastewater_m3_day = serializers.DecimalField(
        max_digits=12,
        decimal_places=0,
        min_value=0,
        max_value=10**8,
        required=False,
        allow_null=True,
    )
    workforce = serializers.IntegerField(
        min_value=0, max_value=10**6, required=False, allow_null=True
    )
    port_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, max_value=5000, required=False, allow_null=True
    )
    border_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, max_value=5000, required=False, allow_null=True
    )
    needed_by = serializers.DateField(required=False, allow_null=True)
    weights = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=matching.MAX_WEIGHT),
        required=False,
        help_text="Weight per criterion (" + ", ".join(matching.CRITERIA) + "), 0 to 5.",
    )

    def validate_weights(self, value: dict) -> dict:
        unknown = set(value) - set(matching.CRITERIA)
        if unknown:
            raise serializers.ValidationError(f"Unknown criteria: {', '.join(sorted(unknown))}")
        return value

    def validate(self, data: dict) -> dict:
        low, high = data.get("land_min_ha"), data.get("land_max_ha")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"land_max_ha": "Below land_min_ha."})
        return data


class FitSerializer(serializers.Serializer):
    criterion = serializers.ChoiceField(choices=list(matching.CRITERIA))
    outcome = serializers.ChoiceField(
        choices=[matching.FIT, matching.PARTIAL, matching.MISS, matching.BLOCKED, matching.UNKNOWN]
    )
    text = serializers.CharField()
    weight = serializers.IntegerField()


class MatchSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    score = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="Percent of possible points."
    )
    blocked = serializers.BooleanField()
    unknowns = serializers.IntegerField()
    fits = FitSerializer(many=True)
