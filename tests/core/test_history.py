"""Every change to a record is kept: who, when, before and after."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import AgencyFactory
from xuctien.core.models import Agency, ChangeRecord
from xuctien.history import acting_as
from xuctien.models import StaleObjectError

pytestmark = pytest.mark.django_db


def test_creating_a_record_keeps_its_first_state(secretariat):
    with acting_as(secretariat):
        agency = AgencyFactory(code="SCT", name_vi="Sở Công Thương")

    (change,) = agency.history()
    assert change.action == ChangeRecord.Action.CREATE
    assert change.user == secretariat
    assert change.before is None
    assert change.after["name_vi"] == "Sở Công Thương"


def test_a_change_keeps_only_the_fields_that_changed(secretariat):
    agency = AgencyFactory(code="SCT", name_vi="Sở Công Thương")
    with acting_as(secretariat):
        agency.head = "Nguyễn Văn A"
        agency.save()

    change = agency.history().first()
    assert change.action == ChangeRecord.Action.UPDATE
    assert change.before == {"head": ""}
    assert change.after == {"head": "Nguyễn Văn A"}
    assert change.user == secretariat


def test_saving_without_a_change_writes_no_history():
    agency = AgencyFactory(code="SCT")
    agency.refresh_from_db()
    Agency.objects.get(pk=agency.pk).save()

    assert agency.history().count() == 1


def test_deleting_keeps_the_last_state(secretariat):
    agency = AgencyFactory(code="SCT", name_vi="Sở Công Thương")
    pk = agency.pk
    with acting_as(secretariat):
        Agency.objects.get(pk=pk).delete()

    change = ChangeRecord.objects.filter(object_id=str(pk)).first()
    assert change.action == ChangeRecord.Action.DELETE
    assert change.before["name_vi"] == "Sở Công Thương"
    assert change.after is None


def test_a_save_from_a_stale_copy_is_refused_and_loses_nothing():
    agency = AgencyFactory(code="SCT", head="")
    first = Agency.objects.get(pk=agency.pk)
    second = Agency.objects.get(pk=agency.pk)
    first.head = "Người thứ nhất"
    first.save()

    second.head = "Người thứ hai"
    with pytest.raises(StaleObjectError):
        second.save()

    assert Agency.objects.get(pk=agency.pk).head == "Người thứ nhất"


def test_a_batchs_history_rows_are_built_as_the_model_builds_them():
    """``record_batch`` builds its rows from the attributes of one record built the usual
    way: each row is its own record with the model's defaults and the values given."""
    from xuctien import history

    build = history._builder(ChangeRecord)
    values = {"content_type_id": 7, "object_id": "12", "action": "create", "batch_id": 3}
    first, second = build(**values), build(**{**values, "object_id": "13"})
    usual = ChangeRecord(**values)

    assert {k: v for k, v in vars(first).items() if k != "_state"} == {
        k: v for k, v in vars(usual).items() if k != "_state"
    }
    assert (first.object_id, second.object_id) == ("12", "13")
    assert first._state is not second._state
    assert (first._state.adding, first._state.db, first.pk) == (True, None, None)
    assert (first.user_id, first.request_id, first.before, first.after) == (None, "", None, None)
    # a record named by its relation rather than its id: built the usual way
    assert build(content_type=None, object_id="1").content_type_id is None


def test_a_model_with_a_default_made_per_record_is_built_the_usual_way():
    from xuctien import history
    from xuctien.screening.models import Screening

    assert history._builder(Screening) is Screening


def test_rows_inserted_together_get_their_creation_and_change_times():
    from xuctien.importing import insert_rows
    from xuctien.investments.models import Investor

    investors = [Investor(name=f"Investor {n}", country="VN") for n in range(3)]
    insert_rows(Investor, investors)

    for investor in investors:
        stored = Investor.objects.get(pk=investor.pk)
        assert investor.created_at is not None
        assert (stored.created_at, stored.updated_at) == (investor.created_at, investor.updated_at)


def test_snapshots_of_many_records_are_each_records_snapshot():
    """``history.snapshots`` (a bulk write's rows) gives what ``snapshot`` gives for each
    record: decimals, dates, an enum member, ids; a deferred field left out."""
    from decimal import Decimal

    from xuctien import history
    from xuctien.investments.models import CapitalEvent, Project, Stage

    project = Project(name="Dự án", stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 5, 1))
    project.capital_vnd = Decimal("1000.100")
    event = CapitalEvent(kind="registration", amount=Decimal("12.50"), date=dt.date(2024, 5, 1))
    event.project_id = 7
    deferred = Project(name="Lead")
    del deferred.__dict__["irc_date"]  # as a record read with ``.defer("irc_date")``
    records = [project, deferred]

    exclude = Project.history_exclude
    assert history.snapshots(Project, records, exclude) == [
        history.snapshot(r, exclude) for r in records
    ]
    assert "irc_date" not in history.snapshots(Project, [deferred], exclude)[0]
    assert history.snapshots(CapitalEvent, [event]) == [history.snapshot(event)]
    found = history.snapshots(Project, [project], exclude)[0]
    assert (found["capital_vnd"], found["irc_date"], found["stage"]) == (
        "1000.1",
        "2024-05-01",
        "irc_issued",
    )
    assert type(found["stage"]) is type(history.snapshot(project, exclude)["stage"])


def test_history_rows_inserted_without_their_ids_are_numbered_by_the_database():
    from django.contrib.contenttypes.models import ContentType

    from xuctien import history
    from xuctien.importing import insert_rows

    kind = ContentType.objects.get_for_model(Agency).pk
    build = history._builder(ChangeRecord)
    rows = [build(content_type_id=kind, object_id=str(n), action="create") for n in range(3)]
    before = ChangeRecord.objects.count()
    insert_rows(ChangeRecord, rows, ids=False)

    assert ChangeRecord.objects.count() == before + 3
    stored = ChangeRecord.objects.filter(object_id__in=["0", "1", "2"]).order_by("pk")
    assert [r.object_id for r in stored] == ["0", "1", "2"]
    assert len({r.pk for r in stored}) == 3


def test_a_records_history_is_found_by_one_index_of_kind_and_record():
    """The history is read by kind and record together (``for_object``, ``for_objects``,
    the history pages); the index on both serves a kind alone too. Neither column has
    an index of its own: tens of thousands of rows per import paid for three indexes
    that no query used (decision 0038)."""
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, ChangeRecord._meta.db_table)
    indexed = sorted(
        tuple(c["columns"]) for c in found.values() if c["index"] and not c["primary_key"]
    )
    assert ("content_type_id", "object_id") in indexed
    assert ("content_type_id",) not in indexed
    assert ("object_id",) not in indexed
    # the history's other readers keep theirs: newest first, a batch's rows, a person's
    assert {("at",), ("batch_id",), ("user_id",)} <= set(indexed)


def test_the_history_of_records_of_one_kind_is_theirs_alone(secretariat):
    """Same ids, other kinds: a record's history names its kind as well as its id."""
    from xuctien.core.models import Province

    with acting_as(secretariat):
        agency = AgencyFactory()
    other = ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(Province),
        object_id=str(agency.pk),
        object_repr="x",
        action="create",
    )
    assert other not in ChangeRecord.objects.for_object(agency)
    assert list(ChangeRecord.objects.for_object(agency)) == list(
        ChangeRecord.objects.for_objects([agency])
    )
