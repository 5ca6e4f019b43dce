"""``.only()``, ``.defer()`` and ``dumpdata`` work on history-keeping models.

The before-snapshot used to read every field when a record was loaded; reading a
deferred field loads it, which built another record, which took its own snapshot, and
so on until Python's recursion limit (``xuctien dumpdata`` failed this way).
"""

import json

import pytest
from django.core.management import call_command

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory
from xuctien.core.models import Agency
from xuctien.models import StaleObjectError

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_with_head():
    return AgencyFactory(code="SKH", name_vi="Sở Kế hoạch", head="Nguyễn Văn A")


def test_only_loads_a_record_without_touching_its_other_fields(agency_with_head):
    agency = Agency.objects.only("code").get(pk=agency_with_head.pk)

    assert agency.code == "SKH"
    assert "head" in agency.get_deferred_fields()


def test_reading_a_deferred_field_gives_its_stored_value(agency_with_head):
    agency = Agency.objects.defer("head", "role").get(pk=agency_with_head.pk)

    assert agency.head == "Nguyễn Văn A"


def test_saving_a_record_loaded_with_only_keeps_history_of_the_change(agency_with_head):
    agency = Agency.objects.only("code", "head").get(pk=agency_with_head.pk)
    agency.head = "Trần Thị B"
    agency.save()

    change = agency.history().first()
    assert change.before == {"head": "Nguyễn Văn A"}
    assert change.after == {"head": "Trần Thị B"}
    agency_with_head.refresh_from_db()
    assert agency_with_head.head == "Trần Thị B"
    assert agency_with_head.name_vi == "Sở Kế hoạch"


def test_a_deferred_field_read_then_changed_keeps_its_true_before_value(agency_with_head):
    agency = Agency.objects.defer("head").get(pk=agency_with_head.pk)
    assert agency.head == "Nguyễn Văn A"  # loads it
    agency.head = "Trần Thị B"
    agency.save()

    change = agency.history().first()
    assert change.before == {"head": "Nguyễn Văn A"}
    assert change.after == {"head": "Trần Thị B"}


def test_deleting_a_record_loaded_with_only_keeps_its_whole_last_state(agency_with_head):
    agency = Agency.objects.only("pk").get(pk=agency_with_head.pk)
    agency.delete()

    change = agency_with_head.history().first()
    assert change.action == "delete"
    assert change.before["head"] == "Nguyễn Văn A"
    assert change.before["name_vi"] == "Sở Kế hoạch"


def test_dumpdata_writes_records_with_many_to_many_links(tmp_path, agency_with_head, agency):
    task = TaskFactory(lead_agency=agency_with_head)
    task.coordinating_agencies.add(agency)
    output = tmp_path / "dump.json"

    call_command("dumpdata", "core", "actions", output=str(output), verbosity=0)

    records = json.loads(output.read_text(encoding="utf-8"))
    (dumped,) = [r for r in records if r["model"] == "actions.task" and r["pk"] == task.pk]
    assert dumped["fields"]["coordinating_agencies"] == [agency.pk]


def test_a_deferred_field_set_without_being_read_keeps_its_true_before_value(agency_with_head):
    agency = Agency.objects.only("id").get(pk=agency_with_head.pk)
    agency.head = "Trần Thị B"
    agency.save()

    change = agency.history().first()
    assert change.before == {"head": "Nguyễn Văn A"}
    assert change.after == {"head": "Trần Thị B"}
    assert agency.version == 2


def test_a_record_loaded_with_defer_saves_with_history_and_its_version(agency_with_head):
    agency = Agency.objects.defer("head", "name_vi").get(pk=agency_with_head.pk)
    agency.code = "SKHDT"
    agency.save()

    change = agency.history().first()
    assert (change.before, change.after) == ({"code": "SKH"}, {"code": "SKHDT"})
    stale = Agency.objects.defer("head").get(pk=agency_with_head.pk)
    stale.version = 1  # read before the save above
    stale.code = "X"
    with pytest.raises(StaleObjectError):
        stale.save()


def test_many_records_loaded_with_only_build_no_snapshot_until_saved(agency_with_head):
    agencies = list(Agency.objects.only("id", "code"))

    assert all("_history_before_values" not in a.__dict__ for a in agencies)
    assert all(a._history_before == {"id": a.pk, "code": a.code} for a in agencies)
