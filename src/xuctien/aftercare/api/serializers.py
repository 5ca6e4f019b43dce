"""API representations of requests, their assignments, timeline and ratings."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuctien.aftercare.models import (
    Assignment,
    Category,
    Channel,
    Escalation,
    Rating,
    Request,
    RequestEvent,
    Status,
)
from xuctien.core.api.fast import FastListSerializer


@extend_schema_field(
    {"type": "string", "enum": list(Status.values)}, component_name="AftercareRequestStatusEnum"
)
class StatusField(serializers.CharField):
    """A request's status, described inline: "status" enums of other apps share the name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "agency",
            "round",
            "assigned_on",
            "working_days",
            "deadline",
            "started_on",
            "answered_on",
            "answer",
            "withdrawn",
        ]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    status = StatusField()
    escalation = serializers.ChoiceField(
        choices=Escalation.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = RequestEvent
        fields = ["kind", "on", "status", "agency", "escalation", "note"]
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["round", "score", "comment", "rated_on"]
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer):
    """Reads show the whole request; writes go through ``services.submit_request``."""

    # A list of them is written by ``FastListSerializer`` (the same JSON, a fraction of the
    # time: 100 requests with their assignments, events and ratings a page). The docstring
    # above is the schema's description.

    status = StatusField()
    assignments = AssignmentSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "enterprise",
            "project",
            "category",
            "title",
            "description",
            "channel",
            "received_on",
            "status",
            "escalation",
            "escalated_on",
            "answered_on",
            "closed_on",
            "round",
            "is_synthetic",
            "assignments",
            "events",
            "ratings",
        ]
        read_only_fields = [
            "status",
            "escalation",
            "escalated_on",
            "answered_on",
            "closed_on",
            "round",
            "enterprise",
            "project",
        ]
        list_serializer_class = FastListSerializer


class RequestCreateSerializer(serializers.Serializer):
    """What a new request needs; the company and project are checked against the user."""

    enterprise = serializers.IntegerField()
    project = serializers.IntegerField(required=False, allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    received_on = serializers.DateField(required=False)


class AnswerSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    answer = serializers.CharField()


class RateSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def to_service(self) -> dict[str, Any]:
        return {"score": self.validated_data["score"], "comment": self.validated_data["comment"]}
