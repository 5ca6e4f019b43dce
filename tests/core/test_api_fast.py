"""``FastRepresentation`` writes what DRF's ``Serializer.to_representation`` writes."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory
from xuctien.actions import services
from xuctien.actions.api.serializers import OccurrenceSerializer, TaskSerializer
from xuctien.actions.api.views import LIST_OMITS
from xuctien.actions.models import Occurrence, Task, TaskGroup
from xuctien.aftercare.models import Rating
from xuctien.core.api import fast
from xuctien.core.api.fast import FastRepresentation
from xuctien.core.api.lists import without

pytestmark = pytest.mark.django_db

DRF = serializers.Serializer.to_representation


class PlainOccurrence(OccurrenceSerializer):
    to_representation = DRF


class PlainTask(TaskSerializer):
    occurrences = PlainOccurrence(many=True, read_only=True)
    to_representation = DRF


class Mixed(FastRepresentation, serializers.ModelSerializer):
    """Fields the fast path leaves to DRF: a property, a method, a timestamp, a nested
    serializer that is not fast, a choice's display, a key of a key."""

    title = serializers.CharField(read_only=True)
    shout = serializers.SerializerMethodField()
    agency_code = serializers.CharField(source="lead_agency.code", read_only=True)
    recurrence_label = serializers.CharField(source="get_recurrence_display", read_only=True)
    lead = serializers.SlugRelatedField(source="lead_agency", slug_field="code", read_only=True)
    plain_occurrences = PlainOccurrence(source="occurrences", many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            *("id", "title", "shout", "agency_code", "recurrence_label", "lead"),
            *("created_at", "deadline", "is_reference", "plain_occurrences", "group"),
        ]

    def get_shout(self, task: Task) -> str:
        return task.title_vi.upper()


class PlainMixed(Mixed):
    to_representation = DRF


@pytest.fixture
def tasks(agency, other_agency, secretariat):
    group = TaskGroup.objects.create(
        province=agency.province, plan="KH 1", number="II", name_vi="Đất đai"
    )
    one = services.create_task(
        secretariat,
        Task(
            title_vi="Quý & <năm>",
            title_en="",
            lead_agency=agency,
            start_date=date(2025, 1, 2),
            deadline=date(2025, 12, 31),
            recurrence="quarterly",
            due_day=15,
            group=group,
            note="ghi chú",
            source_url="https://example.org/a?b=1&c=2",
        ),
        [other_agency, AgencyFactory(code="SKH")],
        today=date(2025, 3, 1),
    )
    two = TaskFactory(lead_agency=other_agency, deadline=None, deadline_as_published="Quý IV")
    Occurrence.objects.filter(task=two).update(completed_at=date(2025, 7, 1), status="done_late")
    return [one, two]


def _all():
    """Every task in the API's order (the model's)."""
    return Task.objects.prefetch_related("coordinating_agencies", "occurrences")


def test_a_task_s_representation_is_drf_s(tasks):
    for task in _all():
        assert TaskSerializer(task).data == PlainTask(task).data
        fast = JSONRenderer().render(TaskSerializer(task).data)
        assert fast == JSONRenderer().render(PlainTask(task).data)


def test_fields_left_to_drf_are_drf_s(tasks):
    for task in _all():
        assert json.dumps(Mixed(task).data) == json.dumps(PlainMixed(task).data, default=str)


def test_the_task_api_list_is_the_plain_serializer_s(client, secretariat, tasks):
    client.force_login(secretariat)
    TaskFactory.create_batch(3, lead_agency=tasks[0].lead_agency)
    client.get("/api/v1/tasks/")  # the provinces' counts cached
    with CaptureQueriesContext(connection) as few:
        body = client.get("/api/v1/tasks/").json()
    plain = without(PlainTask, *LIST_OMITS)
    expected = json.loads(JSONRenderer().render(plain(_all(), many=True).data))
    assert body["results"] == expected
    assert "description" not in body["results"][0]

    TaskFactory.create_batch(10, lead_agency=tasks[0].lead_agency)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/tasks/?limit=100").json()["results"]) == 15
    assert len(more) == len(few)  # the left-out fields are never read one task at a time


def test_keyed_reads_the_rows_of_the_keys_as_in_does(tasks):
    """``fast.keyed``: ``= ANY`` of one array on PostgreSQL, ``IN`` elsewhere, the same rows;
    keys that are not whole numbers are read by ``IN``."""
    every = Occurrence.objects.all()
    keys = [tasks[0].pk, tasks[1].pk, 2**40, tasks[0].pk]
    assert list(fast.keyed(every, "task_id", keys)) == list(every.filter(task_id__in=keys))
    assert list(fast.keyed(every, "task_id", [])) == []
    assert list(fast.keyed(every, "task_id", [str(tasks[1].pk)])) == list(
        every.filter(task_id=tasks[1].pk)
    )
    sql = str(fast.keyed(every, "task_id", keys).query)
    assert ("= ANY(" in sql) == (connection.vendor == "postgresql")


def test_a_nested_list_is_ordered_without_the_terms_of_its_key():
    """``fast._grouped``: the ordering's terms through the key the rows are grouped by are
    the same within each group and left out; an ordering without them is the model's."""
    ratings = fast._grouped(Rating.objects.all(), Rating._meta.get_field("request"))
    assert ratings.query.order_by == ("round",)
    occurrences = Occurrence.objects.all()
    assert fast._grouped(occurrences, Occurrence._meta.get_field("task")) is occurrences
    ordered = Rating.objects.order_by("-rated_on")
    assert fast._grouped(ordered, Rating._meta.get_field("request")) is ordered


class Converted(serializers.ModelSerializer):
    """Columns each converted as DRF converts them, for values of unexpected types too."""

    recurrence = serializers.ChoiceField(choices=[("monthly", "M")], read_only=True)

    class Meta:
        model = Task
        fields = ["id", "title_vi", "deadline", "is_reference", "due_day", "recurrence"]


def test_a_compiled_writer_writes_what_drf_writes_for_odd_values():
    """``fast.writer``'s compiled function (``_compiled``) converts a value of the type it
    expects inline and leaves any other value to the field, as DRF does."""
    odd = Task(
        id="7", title_vi=12, deadline="2025-01-02", is_reference="", due_day=True, recurrence="x"
    )
    plain = Task(id=8, title_vi="Tên", deadline=date(2025, 1, 2), recurrence="monthly")
    nothing = Task(id=9, title_vi=None, deadline=None, due_day=None, recurrence="")
    write = fast.writer(Converted())
    assert fast._SHAPES[Converted].compiled is not None
    assert type(Converted().fields["id"]) is serializers.BigIntegerField
    for task in (odd, plain, nothing):
        assert write(task) == DRF(Converted(), task)
        assert list(write(task)) == list(DRF(Converted(), task))


@pytest.mark.parametrize("places", [0, 2, 4])
def test_a_decimal_is_written_as_drf_writes_it(places):
    """``fast._decimal_text``: a value with the field's places as it is, any other by DRF
    (rounded, padded, refused), the same text."""
    from decimal import Decimal, InvalidOperation

    field = serializers.DecimalField(max_digits=6, decimal_places=places, read_only=True)
    convert = fast._converter(field)
    values = ["1", "1.5", "-0", "-0.00", "12.3456", "0.0001", "99999.99", "5E+1", "1234.5"]
    values += ["123456", "-12.00", "0.05", "NaN", "sNaN", "Infinity", "-Infinity"]
    for value in [*map(Decimal, values), 2.5, "3.25", 7]:
        try:
            expected = field.to_representation(value)
        except (InvalidOperation, ValueError) as error:
            with pytest.raises(type(error)):
                convert(value)
        else:
            assert convert(value) == expected, value
    number = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    assert fast._converter(number) == number.to_representation  # left to DRF
