"""Every change to a record is kept: who, when, before and after."""

import pytest

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
