"""The API: list and read by visibility, create for one's own company, answer, rate."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from xuctien.aftercare.models import Request

pytestmark = pytest.mark.django_db

URL = "/api/v1/aftercare/requests/"


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_an_investor_files_for_their_company_and_it_is_routed(investor_member, company, land_rule):
    data = {
        "enterprise": company.pk,
        "category": "land",
        "title": "Đất",
        "description": "x",
        "channel": "hotline",
    }
    response = _api(investor_member).post(URL, data)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["channel"]) == ("assigned", "portal")
    assert body["assignments"][0]["agency"] == land_rule.agency_id


def test_the_assigned_agency_answers_and_the_enterprise_rates(
    investor_member, officer, land_request
):
    assignment = land_request.assignments.get()
    answered = _api(officer).post(
        f"{URL}{land_request.pk}/answer/", {"assignment": assignment.pk, "answer": "Đã xử lý."}
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    rated = _api(investor_member).post(f"{URL}{land_request.pk}/rate/", {"score": 4})
    assert rated.status_code == 201
    assert rated.json()["ratings"][0]["score"] == 4


def test_an_officer_of_the_agency_cannot_rate(officer, land_request):
    land_request.status = "answered"
    land_request.save()
    assert _api(officer).post(f"{URL}{land_request.pk}/rate/", {"score": 5}).status_code == 403


def test_an_officer_lists_only_the_requests_of_their_agency(
    officer, other_officer, land_request, permit_rule, investor_member, company
):
    from xuctien.aftercare import services

    permit = services.submit_request(
        investor_member, company, category="construction", title="Phép", description="x"
    )
    mine = [r["id"] for r in _api(officer).get(URL).json()["results"]]
    theirs = [r["id"] for r in _api(other_officer).get(URL).json()["results"]]
    assert (mine, theirs) == ([land_request.pk], [permit.pk])
    other = _api(other_officer).post(
        f"{URL}{land_request.pk}/answer/",
        {"assignment": land_request.assignments.get().pk, "answer": "x"},
    )
    assert other.status_code == 404


def test_the_api_uses_the_page_filters(leader, land_request, other_request):
    body = _api(leader).get(URL, {"enterprise": land_request.enterprise_id}).json()
    assert [r["id"] for r in body["results"]] == [land_request.pk]


def test_leadership_reads_but_cannot_file(leader, company, land_rule):
    data = {"enterprise": company.pk, "category": "land", "title": "x", "description": "y"}
    assert _api(leader).post(URL, data).status_code == 404
    assert not Request.objects.exists()


def test_the_secretariat_records_a_hotline_call(secretariat, company, land_rule):
    data = {
        "enterprise": company.pk,
        "category": "land",
        "title": "Gọi",
        "description": "y",
        "channel": "hotline",
        "received_on": "2025-01-23",
    }
    body = _api(secretariat).post(URL, data).json()
    assert (body["channel"], body["assignments"][0]["deadline"]) == ("hotline", "2025-02-06")
    assert Request.objects.get().received_on == date(2025, 1, 23)
