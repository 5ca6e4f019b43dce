"""API shapes of the pipeline. Confidential fields are left out for those who may not see them."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuctien.core.api.fast import FastRepresentation, Row, keyed, prefetched
from xuctien.core.api.versions import version_field
from xuctien.core.models import Locality, Zone
from xuctien.investments import access
from xuctien.investments.models import (
    CapitalEvent,
    ExchangeRate,
    Interaction,
    Investor,
    PriorityGroup,
    Project,
    Sector,
    Stage,
)

CONFIDENTIAL_PROJECT_FIELDS = (
    "expected_capital_vnd",
    "owner",
    "note",
    "stage_since",
    "version",
)


class InvestorSerializer(serializers.ModelSerializer):
    def to_representation(self, instance: Any) -> dict[str, Any]:
        # ``FastRepresentation``'s (a page of 100 is 1,100 fields), called rather than mixed
        # in: the mixin's docstring would become the schema's description of the component.
        return FastRepresentation.to_representation(self, instance)  # type: ignore[arg-type]

    class Meta:
        model = Investor
        fields = [
            "id",
            "name",
            "name_zh",
            "name_ko",
            "name_ja",
            "country",
            "parent_group",
            "website",
            "tax_code",
            "is_synthetic",
            "source_url",
        ]


class InvestorRefSerializer(serializers.Serializer):
    """An investor named in a project: its id, name and country."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()


class ProjectSerializer(serializers.ModelSerializer):
    """A project; the public facts for everybody, the rest for the pipeline's people."""

    vsic = serializers.CharField(source="sector.code", default="", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    locality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    investors = serializers.SerializerMethodField()
    priority_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    owner = serializers.CharField(
        source="owner.username", default=None, read_only=True, allow_null=True
    )

    #: Left out for those who may not see them: optional in the schema (core.api.schema).
    optional_in_schema = CONFIDENTIAL_PROJECT_FIELDS
    #: A list's rows read as values (``core.api.fast.rows``): the investors are the page's,
    #: read by the view (``page_investors``), no column of the row.
    fast_method_reads = {"investors": ()}

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "stage",
            "irc_number",
            "irc_date",
            "vsic",
            "zone",
            "locality",
            "fdi",
            "capital_vnd",
            "jobs_planned",
            "jobs_actual",
            "land_ha",
            "investors",
            "priority_groups",
            "is_synthetic",
            "is_aggregate",
            "source_url",
            *CONFIDENTIAL_PROJECT_FIELDS,
        ]

    @extend_schema_field(InvestorRefSerializer(many=True))
    def get_investors(self, project: Project) -> list[dict[str, Any]]:
        investors = project.__dict__.get(prefetched("investors"))
        if investors is None:
            investors = project.investors.all()
        return [{"id": i.pk, "name": i.name, "country": i.country} for i in investors]

    def to_representation(self, project: Project) -> dict[str, Any]:
        # ``FastRepresentation``'s, called rather than mixed in (as ``InvestorSerializer``)
        data = FastRepresentation.to_representation(self, project)  # type: ignore[arg-type]
        if not self._sees_confidential(project):
            for name in CONFIDENTIAL_PROJECT_FIELDS:
                data.pop(name, None)
        return data

    def _sees_confidential(self, project: Project) -> bool:
        """``project.sees_confidential`` of the request's user, whose zones are read once
        per serializer (a list's), not twice a project (a developer's list of 100 projects
        made 200 queries)."""
        request = self.context.get("request")
        if not request:
            return False
        zones = self.__dict__.get("_confidential_zones", False)
        if zones is False:
            zones = self.__dict__["_confidential_zones"] = access.confidential_zones(request.user)
        return zones is None or project.zone_id in zones


def page_investors(projects: list[Any]) -> list[Any]:
    """Set the investors of a page of ``projects`` (``ProjectSerializer.get_investors``), as
    ``project.investors.all()`` orders them, in one query of their ids, names and countries."""
    found: dict[int, list[Any]] = {project.pk: [] for project in projects}
    links = (
        keyed(Project.investors.through.objects.all(), "project_id", list(found))
        .order_by(*[f"investor__{name}" for name in Investor._meta.ordering])
        .values_list("project_id", "investor_id", "investor__name", "investor__country")
    )
    for project_id, pk, name, country in links:
        found[project_id].append(Row({"id": pk, "name": name, "country": country}))
    for project in projects:
        project.__dict__[prefetched("investors")] = found[project.pk]
    return projects


class ProjectWriteSerializer(serializers.ModelSerializer):
    """What a client sends to create or change a project (stage moves have their own call)."""

    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.LEAD, write_only=True)
    sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), required=False, allow_null=True
    )
    zone = serializers.SlugRelatedField(
        slug_field="code", queryset=Zone.objects.all(), required=False, allow_null=True
    )
    locality = serializers.SlugRelatedField(
        slug_field="code", queryset=Locality.objects.all(), required=False, allow_null=True
    )
    priority_groups = serializers.SlugRelatedField(
        slug_field="code", queryset=PriorityGroup.objects.all(), many=True, required=False
    )
    version = version_field(required=False, write_only=True)
    on = serializers.DateField(required=False, allow_null=True, write_only=True)

    class Meta:
        model = Project
        fields = [
            "name",
            "stage",
            "investors",
            "sector",
            "sector_text",
            "priority_groups",
            "zone",
            "locality",
            "place_text",
            "land_ha",
            "fdi",
            "jobs_planned",
            "jobs_actual",
            "irc_number",
            "irc_date",
            "expected_capital_vnd",
            "source_url",
            "note",
            "version",
            "on",
        ]
        extra_kwargs = {"investors": {"required": False}}


class ProjectUpdateSerializer(ProjectWriteSerializer):
    """A project as a client sends it back: with the version it read."""

    version = version_field(write_only=True)


class StageMoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = version_field()


class ExchangeRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["date", "currency", "kind", "rate", "source_url"]
        read_only_fields = fields


class CapitalEventSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, write_only=True)
    exchange_rate = ExchangeRateSerializer(
        read_only=True,
        allow_null=True,
        help_text="The sourced rate the VND amount was converted at; null when the source "
        "stated the VND figure itself, or while the amount waits for a rate.",
    )

    class Meta:
        model = CapitalEvent
        fields = [
            "id",
            "kind",
            "date",
            "amount",
            "currency",
            "rate_used",
            "exchange_rate",
            "amount_vnd",
            "source_url",
            "note",
            "version",
        ]
        read_only_fields = ["rate_used", "amount_vnd"]


class InteractionSerializer(serializers.ModelSerializer):
    version = version_field(required=False)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "investor",
            "project",
            "event",
            "kind",
            "date",
            "contacts",
            "notes",
            "next_step",
            "next_step_owner",
            "next_step_due",
            "next_step_done",
            "is_synthetic",
            "version",
        ]
        read_only_fields = ["is_synthetic"]


class InteractionUpdateSerializer(InteractionSerializer):
    """An interaction as a client sends it back: with the version it read."""

    version = version_field()
