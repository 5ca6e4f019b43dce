"""The reports pages as the secretariat, an agency officer and leadership use them."""

import pytest
from django.urls import reverse

from tests.language import foreign_texts
from xuctien.reports import services
from xuctien.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(programme, indicators, tasks, secretariat, no_pdf):
    report = services.create_draft(secretariat, programme, "2024", signer_name="Nguyễn Văn A")
    return services.issue(secretariat, report)


def written(report: Report) -> list[str]:
    return [report.summary, report.issuing_body, *[f.original_name for f in report.files.all()]]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_reports_page_is_in_one_language(client, issued, secretariat, language):
    draft = services.create_draft(secretariat, issued.programme, "2024-Q2")
    client.force_login(secretariat)
    for url in (
        reverse("reports:list"),
        reverse("reports:create"),
        reverse("reports:detail", args=[issued.pk]),
        reverse("reports:detail", args=[draft.pk]),
        reverse("reports:report-edit", args=[draft.pk]),
        reverse("reports:history"),
    ):
        response = client.get(url, {"lang": language})
        assert response.status_code == 200, url
        html = response.content.decode()
        assert foreign_texts(html, language, written(issued) + written(draft)) == [], url


def test_the_issued_page_shows_the_frozen_figures_number_and_files(client, issued, leader):
    client.force_login(leader)
    page = client.get(reverse("reports:detail", args=[issued.pk]), {"lang": "vi"}).content
    page = page.decode()
    assert "Số, ký hiệu: 01/BC-UBND" in page
    assert "12,43" in page
    assert "Chậm tiến độ" in page
    assert "15 (2025)" in page  # a year, not "2.025"
    for file in issued.files.all():
        assert file.get_absolute_url() in page
    assert "Ban hành báo cáo" not in page  # leadership reads, never issues


def test_a_new_draft_starts_on_the_first_programme_and_last_year(client, programme, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("reports:create")).content.decode()
    assert f'<option value="{programme.pk}" selected>' in page


def test_an_officer_drafts_only_for_their_agency(client, programme, officer, other_agency):
    client.force_login(officer)
    response = client.post(
        reverse("reports:create"),
        {"programme": programme.pk, "period": "2024", "agency": other_agency.pk},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_issuing_without_a_signer_says_what_is_missing(client, programme, secretariat, no_pdf):
    report = services.create_draft(secretariat, programme, "2024")
    client.force_login(secretariat)
    response = client.post(reverse("reports:issue", args=[report.pk]), follow=True)
    assert "Hãy ghi họ tên người ký trước khi ban hành báo cáo." in response.content.decode()
    assert not Report.objects.get(pk=report.pk).is_issued


def test_the_draft_preview_downloads_a_docx(client, programme, secretariat):
    report = services.create_draft(secretariat, programme, "2024")
    client.force_login(secretariat)
    response = client.get(reverse("reports:preview", args=[report.pk]), {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == services.DOCX_TYPE
    assert response.content.startswith(b"PK")
