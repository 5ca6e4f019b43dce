"""An investor sees and touches only their own company's requests; anonymous users nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from xuctien.aftercare import services
from xuctien.aftercare.models import Category, Rating

pytestmark = [pytest.mark.security, pytest.mark.django_db]

PDF = b"%PDF-1.4\n%minimal\n"


@pytest.fixture
def secret_file(other_request):
    from xuctien.aftercare.services import _attach

    return _attach(other_request, SimpleUploadedFile("hop-dong.pdf", PDF))


def _pages(req, assignment):
    return [
        ("get", reverse("aftercare:request-detail", args=[req.pk])),
        ("post", reverse("aftercare:request-rate", args=[req.pk])),
        ("post", reverse("aftercare:request-close", args=[req.pk])),
        ("post", reverse("aftercare:request-reopen", args=[req.pk])),
        ("post", reverse("aftercare:request-route", args=[req.pk])),
        ("post", reverse("aftercare:assignment-answer", args=[assignment.pk])),
        ("post", reverse("aftercare:assignment-start", args=[assignment.pk])),
        ("post", reverse("aftercare:assignment-reassign", args=[assignment.pk])),
    ]


def test_guessing_another_companys_request_ids_in_pages_gives_404(
    client, investor_member, other_request, officer
):
    services.answer(officer, other_request.assignments.get(), "Đã trả lời.")
    client.force_login(investor_member)
    for method, url in _pages(other_request, other_request.assignments.get()):
        data = {"score": 1, "reason": "x", "answer": "x"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    other_request.refresh_from_db()
    assert other_request.status == "answered"
    assert not Rating.objects.exists()


def test_the_list_shows_only_the_own_companys_requests(
    client, investor_member, land_request, other_request
):
    client.force_login(investor_member)
    response = client.get(reverse("aftercare:request-list"))
    ids = [r.pk for r in response.context["requests"]]
    assert ids == [land_request.pk]
    assert b"Other Co., Ltd" not in response.content


def test_the_enterprise_filter_lists_no_other_company(client, investor_member, other_request):
    client.force_login(investor_member)
    response = client.get(reverse("aftercare:request-list"), {"q": ""})
    choices = list(response.context["filterset"].form.fields["enterprise"].queryset)
    assert other_request.enterprise not in choices


def test_another_companys_attachment_cannot_be_downloaded(
    client, investor_member, other_investor, secret_file
):
    client.force_login(investor_member)
    assert client.get(reverse("aftercare:attachment", args=[secret_file.pk])).status_code == 404
    client.force_login(other_investor)
    response = client.get(reverse("aftercare:attachment", args=[secret_file.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_api_hides_another_companys_request(investor_member, land_request, other_request):
    api = APIClient()
    api.force_authenticate(investor_member)
    listed = api.get("/api/v1/aftercare/requests/").json()
    assert [r["id"] for r in listed["results"]] == [land_request.pk]
    assert api.get(f"/api/v1/aftercare/requests/{other_request.pk}/").status_code == 404


def test_the_api_refuses_to_change_another_companys_request(
    investor_member, other_request, officer
):
    services.answer(officer, other_request.assignments.get(), "Đã trả lời.")
    api = APIClient()
    api.force_authenticate(investor_member)
    base = f"/api/v1/aftercare/requests/{other_request.pk}"
    assert api.post(f"{base}/rate/", {"score": 1}).status_code == 404
    answer = {"assignment": other_request.assignments.get().pk, "answer": "x"}
    assert api.post(f"{base}/answer/", answer).status_code == 404
    assert not Rating.objects.exists()


def test_the_api_refuses_a_request_for_another_company(investor_member, other_company):
    api = APIClient()
    api.force_authenticate(investor_member)
    data = {"enterprise": other_company.pk, "category": "land", "title": "x", "description": "y"}
    assert api.post("/api/v1/aftercare/requests/", data).status_code == 404
    assert not other_company.aftercare_requests.exists()


def test_an_investor_cannot_attach_a_project_of_another_company(
    investor_member, company, other_company
):
    from tests.investments.factories import ProjectFactory

    theirs = ProjectFactory(investors=[other_company])
    api = APIClient()
    api.force_authenticate(investor_member)
    data = {
        "enterprise": company.pk,
        "project": theirs.pk,
        "category": "land",
        "title": "x",
        "description": "y",
    }
    assert api.post("/api/v1/aftercare/requests/", data).status_code == 400


def test_an_investor_without_a_company_sees_nothing(client, investor, other_request):
    client.force_login(investor)
    response = client.get(reverse("aftercare:request-list"))
    assert list(response.context["requests"]) == []
    assert client.get(reverse("aftercare:request-add")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["request-list", "request-add", "routing", "escalations", "patterns", "warnings", "scorecard"],
)
def test_anonymous_users_are_sent_to_log_in(client, name):
    response = client.get(reverse(f"aftercare:{name}"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_users_get_nothing_from_the_api(other_request):
    api = APIClient()
    assert api.get("/api/v1/aftercare/requests/").status_code in (401, 403)
    assert api.get(f"/api/v1/aftercare/requests/{other_request.pk}/").status_code in (401, 403)
    data = {
        "enterprise": other_request.enterprise_id,
        "category": "land",
        "title": "x",
        "description": "y",
    }
    assert api.post("/api/v1/aftercare/requests/", data).status_code in (401, 403)


def test_anonymous_users_cannot_download_attachments(client, secret_file):
    response = client.get(reverse("aftercare:attachment", args=[secret_file.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.pdf", b"<script>alert(1)</script>"),
        ("virus.exe", b"MZ\x90\x00"),
        ("fake.docx", b"PK\x03\x04not really a document"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg in disguise"),
    ],
)
def test_files_of_the_wrong_type_or_content_are_refused(
    client, investor_member, company, land_rule, name, content
):
    client.force_login(investor_member)
    data = {
        "enterprise": company.pk,
        "category": Category.LAND,
        "title": "Có tệp",
        "description": "x",
        "files": [SimpleUploadedFile(name, content)],
    }
    response = client.post(reverse("aftercare:request-add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not company.aftercare_requests.exists()


def test_a_file_over_10_mb_is_refused(investor_member, company, land_rule):
    from django.core.exceptions import ValidationError

    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        services.submit_request(
            investor_member,
            company,
            files=[big],
            category=Category.LAND,
            title="x",
            description="y",
        )


def test_the_enterprise_does_not_see_the_internal_reform_task(
    client, investor_member, secretariat, land_request, agency
):
    task = services.turn_into_task(secretariat, [land_request], agency, title_vi="Nội bộ")
    client.force_login(investor_member)
    response = client.get(reverse("aftercare:request-detail", args=[land_request.pk]))
    assert task.title_vi.encode() not in response.content
    client.force_login(secretariat)
    response = client.get(reverse("aftercare:request-detail", args=[land_request.pk]))
    assert task.title_vi.encode() in response.content
