"""API representations of tasks, occurrences and progress reports."""

from rest_framework import serializers

from xuctien.actions.models import Occurrence, ProgressReport, Task
from xuctien.core.api.fast import FastRepresentation
from xuctien.core.api.versions import version_field
from xuctien.core.models import Agency


class OccurrenceSerializer(FastRepresentation, serializers.ModelSerializer):
    class Meta:
        model = Occurrence
        fields = ["id", "period_label", "due_date", "status", "completed_at", "percent", "version"]
        read_only_fields = fields


class TaskSerializer(FastRepresentation, serializers.ModelSerializer):
    """Writes go through ``services``; status and percent follow the occurrences.

    Read through ``FastRepresentation``: a list of 100 tasks and their occurrences is some
    4,000 fields."""

    coordinating_agencies = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Agency.objects.all(), required=False
    )
    occurrences = OccurrenceSerializer(many=True, read_only=True)
    version = version_field(required=False)

    class Meta:
        model = Task
        fields = [
            "id",
            "title_vi",
            "title_en",
            "description",
            "programme",
            "breakthrough",
            "solution_group",
            "lead_agency",
            "coordinating_agencies",
            "coordinating_note",
            "expected_output",
            "start_date",
            "deadline",
            "deadline_working_days",
            "deadline_as_published",
            "recurrence",
            "due_day",
            "due_month",
            "plan",
            "plan_number",
            "group",
            "status",
            "percent",
            "is_reference",
            "is_synthetic",
            "source_url",
            "note",
            "version",
            "occurrences",
        ]
        read_only_fields = ["status", "percent", "is_reference", "plan", "plan_number", "group"]


class TaskUpdateSerializer(TaskSerializer):
    """A task as a client sends it back: with the version it read."""

    version = version_field()


class ProgressReportSerializer(FastRepresentation, serializers.ModelSerializer):
    occurrence = serializers.PrimaryKeyRelatedField(queryset=Occurrence.objects.all())
    version = serializers.IntegerField(
        required=False, write_only=True, help_text="The occurrence version the report was read at."
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "occurrence",
            "agency",
            "author",
            "text",
            "percent",
            "reported_on",
            "version",
        ]
        read_only_fields = ["agency", "author"]
