"""Issuing: the figures frozen, the number given, the files kept, nothing changed after."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ObservationFactory
from xuctien.reports import services
from xuctien.reports.models import IssuedReportError, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme, indicators, tasks, secretariat):
    report = services.create_draft(secretariat, programme, "2024")
    report.signer_name = "Nguyễn Văn A"
    return services.save_draft(secretariat, report)


def share_row(snapshot):
    return next(i for i in snapshot["indicators"] if i["code"] == "MFG_SHARE")


def test_issuing_numbers_freezes_and_keeps_both_files(draft, secretariat, no_pdf):
    report = services.issue(secretariat, draft, on=date(2025, 3, 5))
    assert (report.status, report.number, report.number_year) == ("issued", 1, 2025)
    assert report.number_and_symbol == "01/BC-UBND"
    assert (report.issued_by, report.issued_on) == (secretariat, date(2025, 3, 5))
    assert share_row(report.snapshot)["actual"] == "12.4300"
    assert sorted(f.format for f in report.files.all()) == ["docx", "pdf"]
    assert report.files.get(format="docx").original_name == "01-BC-UBND-2024.docx"


def test_figures_approved_later_do_not_change_an_issued_report(
    draft, secretariat, indicators, no_pdf
):
    report = services.issue(secretariat, draft, on=date(2025, 3, 5))
    docx_before = report.files.get(format="docx").file.read()
    share, _empty = indicators
    share.observations.all().delete()
    ObservationFactory(indicator=share, period="2024", value=Decimal("14.5"))
    report.refresh_from_db()
    assert share_row(services.snapshot_for(report))["actual"] == "12.4300"
    assert services.render_docx(report) == services.render_docx(report)  # from the snapshot
    assert report.files.get(format="docx").file.read() == docx_before
    live = services.create_draft(secretariat, report.programme, "2024")
    assert share_row(services.snapshot_for(live))["actual"] == "14.5000"


def test_an_issued_report_and_its_files_cannot_change(draft, secretariat, no_pdf):
    report = services.issue(secretariat, draft)
    report.summary = "Sửa sau khi ban hành"
    with pytest.raises(IssuedReportError):
        report.save()
    with pytest.raises(IssuedReportError):
        Report.objects.get(pk=report.pk).delete()
    with pytest.raises(IssuedReportError):
        report.files.first().delete()
    with pytest.raises(PermissionDenied):
        services.save_draft(secretariat, Report.objects.get(pk=report.pk))
    with pytest.raises(PermissionDenied):
        services.issue(secretariat, Report.objects.get(pk=report.pk))


def test_numbers_run_on_within_the_year_and_a_taken_one_is_refused(
    programme, secretariat, draft, no_pdf
):
    services.issue(secretariat, draft, on=date(2025, 3, 5))
    second = services.create_draft(secretariat, programme, "2025-Q1", signer_name="B")
    assert services.issue(secretariat, second, on=date(2025, 4, 2)).number == 2
    third = services.create_draft(secretariat, programme, "2025-Q2", signer_name="B")
    with pytest.raises(ValidationError, match="01/BC-UBND"):
        services.issue(secretariat, third, number=1, on=date(2025, 7, 2))
    assert services.issue(secretariat, third, on=date(2026, 1, 5)).number == 1  # a new year


def test_a_report_is_not_issued_without_its_signer(programme, secretariat, no_pdf):
    report = services.create_draft(secretariat, programme, "2024")
    with pytest.raises(ValidationError, match="người ký"):
        services.issue(secretariat, report)


def test_who_may_draft_what(programme, secretariat, leader, officer, other_officer, agency):
    services.create_draft(officer, programme, "2024", agency)
    for user, kwargs in (
        (officer, {}),  # an officer never drafts the programme's report
        (leader, {}),
        (leader, {"agency": agency}),
        (other_officer, {"agency": agency}),  # nor another agency's
    ):
        with pytest.raises(PermissionDenied):
            services.create_draft(user, programme, "2024", **kwargs)
    assert services.create_draft(secretariat, programme, "2024", agency).symbol == "BC-SCT"


def test_an_issued_file_is_downloaded_only_by_those_who_may_read_the_report(
    client, programme, tasks, officer, other_officer, leader, agency, no_pdf
):
    report = services.create_draft(officer, programme, "2024", agency, signer_name="C")
    report = services.issue(officer, report)
    url = report.files.get(format="docx").get_absolute_url()
    for user, status in ((officer, 200), (leader, 200), (other_officer, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url).status_code == 302


def test_a_report_written_twice_is_the_same_bytes_whatever_the_clock(
    draft, secretariat, indicators, no_pdf, monkeypatch
):
    """The zip dated each part when written (to two seconds): two writes of one snapshot
    straddling a two-second mark differed (CI, a slow machine)."""
    import time
    import zipfile

    report = services.issue(secretariat, draft, on=date(2025, 3, 5))
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = services.render_docx(report)
    monkeypatch.setattr(time, "time", lambda: now + 10)
    assert services.render_docx(report) == first
    parts = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {p.date_time for p in parts} == {(1980, 1, 1, 0, 0, 0)}
    assert "word/document.xml" in {p.filename for p in parts}
