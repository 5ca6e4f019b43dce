"""Every uploaded file downloads, through one access-checked view, only for who may see it.

Progress-report attachments, enterprises' request attachments and article pictures, each
asked for by every persona: the file for those the record's permission rule lets see it,
a 404 for the rest (anonymous visitors are sent to sign in for non-public files).
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.actions.factories import TaskFactory
from tests.investments.factories import InvestorFactory
from tests.portal.factories import ArticleFactory
from xuctien.actions import services as actions
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.portal.models import Article, ArticleImage, Membership

pytestmark = [pytest.mark.django_db, pytest.mark.security]

PDF = b"%PDF-1.4\n%minimal\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PERSONAS = [
    "admin_user", "secretariat", "leader", "officer", "other_officer", "developer", "investor"
]  # fmt: skip


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_file(officer, agency):
    """A progress report's PDF on a task led by the officer's agency (SCT)."""
    occurrence = TaskFactory(lead_agency=agency).occurrences.get()
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    report = actions.report_progress(officer, occurrence, text="x", percent=10, files=[upload])
    return report.attachments.get()


@pytest.fixture
def request_file(investor, agency):
    """A land request's PDF from the investor's company, routed to the officer's agency."""
    company = InvestorFactory(name="Công ty TNHH Minh Hoạ", is_synthetic=True)
    Membership.objects.create(
        user=investor, investor=company, role=Membership.Role.OWNER, accepted_at=timezone.now()
    )
    RoutingRule.objects.create(category=Category.LAND, agency=agency, working_days=5)
    request = aftercare.submit_request(
        investor,
        company,
        files=[SimpleUploadedFile("hop-dong.pdf", PDF, content_type="application/pdf")],
        category=Category.LAND,
        title="Chậm bàn giao đất",
        description="Đất chưa được bàn giao.",
        received_on=date(2025, 1, 23),
        is_synthetic=True,
        today=date(2025, 1, 23),
    )
    return request.attachments.get()


def picture(status: str) -> ArticleImage:
    article = ArticleFactory(status=status)
    return ArticleImage.objects.create(
        article=article,
        file=SimpleUploadedFile("anh.png", PNG),
        content_type="image/png",
        size=len(PNG),
        alt="Nhà máy",
    )


def download(client, request, persona: str | None, url: str):
    if persona is not None:
        client.force_login(request.getfixturevalue(persona))
    return client.get(url)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_report_attachment_is_for_the_action_programmes_people(
    client, request, persona, report_file
):
    response = download(client, request, persona, report_file.get_absolute_url())

    if persona in ("developer", "investor"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert content(response) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert 'filename="bao-cao.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_request_attachment_is_for_its_company_its_agency_and_the_province(
    client, request, persona, request_file
):
    response = download(client, request, persona, request_file.get_absolute_url())

    if persona in ("other_officer", "developer"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert content(response) == PDF


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_articles_picture_is_for_the_editors_only(client, request, persona):
    image = picture(Article.Status.DRAFT)

    response = download(client, request, persona, image.get_absolute_url())

    assert response.status_code == (200 if persona in ("admin_user", "secretariat") else 404)


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_a_published_articles_picture_is_for_everyone(client, request, persona):
    image = picture(Article.Status.PUBLISHED)

    response = download(client, request, persona, image.get_absolute_url())

    assert response.status_code == 200
    assert content(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"


def test_anonymous_visitors_are_sent_to_sign_in_for_attachments(client, report_file, request_file):
    for attachment in (report_file, request_file):
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get(picture(Article.Status.DRAFT).get_absolute_url()).status_code == 404


def test_every_download_is_private_and_never_sniffed_or_run(client, secretariat, report_file):
    client.force_login(secretariat)

    response = client.get(report_file.get_absolute_url())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_media_directory_is_not_served(client, secretariat, report_file):
    client.force_login(secretariat)

    assert client.get(f"/media/{report_file.file.name}").status_code == 404


def test_the_task_page_links_report_files_to_the_checked_view(client, secretariat, report_file):
    client.force_login(secretariat)
    task = report_file.report.occurrence.task

    page = client.get(reverse("actions:task-detail", args=[task.pk])).content.decode()

    assert f'href="{report_file.get_absolute_url()}"' in page
    assert "/media/" not in page


def test_an_unknown_kind_or_a_missing_file_is_a_404(client, secretariat, report_file):
    client.force_login(secretariat)
    report_file.file.delete(save=False)
    # the record still names its file, which is gone from the disk
    type(report_file).objects.filter(pk=report_file.pk).update(file="actions/reports/gone.pdf")

    assert client.get(reverse("file", args=["nothing", 1])).status_code == 404
    assert client.get(report_file.get_absolute_url()).status_code == 404
