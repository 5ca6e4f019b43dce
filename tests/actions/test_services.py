"""Creating tasks, reporting progress, commenting, and refusing stale saves."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import AgencyFactory, UserFactory
from xuctien.actions import services
from xuctien.actions.models import Occurrence, Task
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db


def make(secretariat, agency, **fields):
    defaults = {"title_vi": "Báo cáo", "lead_agency": agency, "is_synthetic": True}
    return services.create_task(secretariat, Task(**{**defaults, **fields}), today=date(2025, 1, 1))


def test_a_quarterly_task_gets_an_occurrence_per_quarter(secretariat, agency):
    task = make(
        secretariat,
        agency,
        recurrence="quarterly",
        start_date=date(2025, 1, 1),
        deadline=date(2025, 12, 31),
    )
    assert list(task.occurrences.values_list("period_label", "due_date")) == [
        ("2025-Q1", date(2025, 3, 31)),
        ("2025-Q2", date(2025, 6, 30)),
        ("2025-Q3", date(2025, 9, 30)),
        ("2025-Q4", date(2025, 12, 31)),
    ]


def test_a_deadline_in_working_days_skips_tet(secretariat, agency):
    task = make(secretariat, agency, start_date=date(2025, 1, 24), deadline_working_days=5)
    assert task.deadline == date(2025, 2, 7)
    assert task.occurrences.get().due_date == date(2025, 2, 7)


def test_a_task_without_a_deadline_is_refused(secretariat, agency):
    with pytest.raises(ValidationError):
        make(secretariat, agency)


def test_only_the_secretariat_creates_tasks(officer, agency):
    with pytest.raises(PermissionDenied):
        make(officer, agency, deadline=date(2025, 6, 30))


def test_reporting_100_percent_on_time_marks_it_done(officer, own_task):
    occurrence = own_task.occurrences.get()
    services.report_progress(
        officer,
        occurrence,
        text="Xong",
        percent=100,
        reported_on=date(2025, 6, 30),
        today=date(2025, 7, 1),
    )
    occurrence.refresh_from_db()
    own_task.refresh_from_db()
    assert (occurrence.status, occurrence.completed_at) == ("done", date(2025, 6, 30))
    assert (own_task.status, own_task.percent) == ("done", 100)


def test_reporting_after_the_deadline_marks_it_done_late(officer, own_task):
    occurrence = own_task.occurrences.get()
    services.report_progress(
        officer,
        occurrence,
        text="Muộn",
        percent=100,
        reported_on=date(2025, 7, 3),
        today=date(2025, 7, 3),
    )
    own_task.refresh_from_db()
    assert own_task.status == "done_late"


def test_partial_progress_then_the_deadline_passes(officer, own_task):
    occurrence = own_task.occurrences.get()
    services.report_progress(
        officer,
        occurrence,
        text="Đang làm",
        percent=40,
        reported_on=date(2025, 6, 1),
        today=date(2025, 6, 1),
    )
    assert Occurrence.objects.get(pk=occurrence.pk).status == "in_progress"
    assert services.recompute_overdue(date(2025, 7, 1)) == 1
    own_task.refresh_from_db()
    assert own_task.status == "overdue"


def test_another_agency_cannot_report(other_officer, own_task):
    with pytest.raises(PermissionDenied):
        services.report_progress(other_officer, own_task.occurrences.get(), text="x", percent=10)


def test_leadership_cannot_report(leader, own_task):
    with pytest.raises(PermissionDenied):
        services.report_progress(leader, own_task.occurrences.get(), text="x", percent=10)


def test_a_stale_report_is_refused_with_who_changed_it(officer, secretariat, own_task):
    occurrence = own_task.occurrences.get()
    read_at = occurrence.version
    services.report_progress(
        secretariat,
        Occurrence.objects.get(pk=occurrence.pk),
        text="Thư ký cập nhật",
        percent=50,
        version=read_at,
        reported_on=date(2025, 3, 1),
        today=date(2025, 3, 1),
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.report_progress(
            officer,
            Occurrence.objects.get(pk=occurrence.pk),
            text="Của tôi",
            percent=30,
            version=read_at,
            reported_on=date(2025, 3, 1),
            today=date(2025, 3, 1),
        )
    assert "thuky" in conflict.value.message
    assert conflict.value.current.percent == 50
    assert occurrence.reports.count() == 1  # the stale report wrote nothing


def test_a_stale_task_edit_is_refused(secretariat, admin_user, own_task):
    first, second = Task.objects.get(pk=own_task.pk), Task.objects.get(pk=own_task.pk)
    first.description = "Phiên bản A"
    services.update_task(secretariat, first, version=own_task.version)
    second.description = "Phiên bản B"
    with pytest.raises(services.EditConflict):
        services.update_task(admin_user, second, version=own_task.version)
    assert Task.objects.get(pk=own_task.pk).description == "Phiên bản A"


def test_an_agency_edits_its_task_but_cannot_move_the_deadline(officer, own_task):
    task = Task.objects.get(pk=own_task.pk)
    task.description = "Chi tiết hơn"
    services.update_task(officer, task)
    task = Task.objects.get(pk=own_task.pk)
    task.deadline = date(2025, 12, 31)
    with pytest.raises(PermissionDenied):
        services.update_task(officer, task)


def test_the_lead_and_a_coordinating_agency_comment_but_an_outside_agency_does_not(
    officer, other_officer, own_task
):
    comment = services.add_comment(other_officer, own_task, "Sở Xây dựng sẽ hỗ trợ")
    own = services.add_comment(officer, own_task, "Sở Công Thương đã làm việc với nhà đầu tư")
    outsider = UserFactory(
        username="ngoai", role=Role.AGENCY, agency=AgencyFactory(code="STC", name_vi="Sở Tài chính")
    )
    assert (comment.agency.code, own.agency.code) == ("SXD", "SCT")
    with pytest.raises(PermissionDenied):
        services.add_comment(outsider, own_task, "Không được")


def test_attachments_are_checked_for_type_content_and_size(officer, own_task):
    occurrence = own_task.occurrences.get()
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf")
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as error:
        services.report_progress(officer, occurrence, text="x", percent=10, files=[fake, exe])
    assert len(error.value.message_dict["files"]) == 2
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    report = services.report_progress(officer, occurrence, text="x", percent=10, files=[good])
    attachment = report.attachments.get()
    assert (attachment.original_name, attachment.size) == ("bao-cao.pdf", 12)


def test_an_attachment_over_10_mb_is_refused(officer, own_task):
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        services.report_progress(
            officer, own_task.occurrences.get(), text="x", percent=10, files=[big]
        )


@pytest.mark.parametrize(
    ("start", "deadline"),
    [("0001-01-01", "9999-12-31"), ("2000-01-01", "2999-12-31"), ("2025-01-01", "2036-01-01")],
)
def test_a_recurring_task_over_an_implausible_span_is_refused_not_a_server_error(
    secretariat, agency, start, deadline
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(secretariat)
    payload = {"title_vi": "Báo cáo hằng quý", "lead_agency": agency.pk, "recurrence": "quarterly",
               "start_date": start, "deadline": deadline}  # fmt: skip

    response = api.post("/api/v1/tasks/", payload, format="json")

    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_recurring_task_of_ten_years_is_accepted(secretariat, agency):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(secretariat)
    payload = {"title_vi": "Báo cáo hằng năm", "lead_agency": agency.pk, "recurrence": "yearly",
               "start_date": "2025-01-01", "deadline": "2034-12-31"}  # fmt: skip

    response = api.post("/api/v1/tasks/", payload, format="json")

    assert response.status_code == 201
    assert Task.objects.get().occurrences.count() == 10
