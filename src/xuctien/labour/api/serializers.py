from rest_framework import serializers

from xuctien.labour.models import Need, ProgrammeYear
from xuctien.programmes.api.serializers import BoundSerializer


class NeedSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    occupation = serializers.CharField(source="occupation.code", read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "project",
            "occupation",
            "level",
            "number",
            "year",
            "quarter",
            "zone",
            "locality",
            "foreign_experts",
            "channel",
            "is_synthetic",
        ]


class SupplySerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="programme.institution.name", read_only=True)
    programme = serializers.CharField(source="programme.name", read_only=True)
    occupation = serializers.CharField(
        source="programme.occupation.code", read_only=True, allow_null=True, default=None
    )
    level = serializers.CharField(source="programme.level", read_only=True)

    class Meta:
        model = ProgrammeYear
        fields = [
            "id",
            "institution",
            "programme",
            "occupation",
            "level",
            "year",
            "enrolment",
            "graduates",
            "graduates_at_least",
            "source_url",
        ]


class GapSerializer(serializers.Serializer):
    """One cell of the gap: its figures as bounds (decision 0022) and the records behind it."""

    occupation = serializers.CharField()
    level = serializers.CharField()
    year = serializers.IntegerField()
    demand = BoundSerializer(allow_null=True)
    supply = BoundSerializer(allow_null=True)
    gap = BoundSerializer(allow_null=True)
    proposes_task = serializers.BooleanField()
    enterprises = serializers.IntegerField()
    needs = serializers.ListField(child=serializers.IntegerField())
    programmes = serializers.ListField(child=serializers.IntegerField())
