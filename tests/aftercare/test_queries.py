"""The aftercare pages and the API list read as many queries for many requests as for a few,
for a provincial secretariat and for a national reader of two provinces."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.aftercare.conftest import request_in_cycle
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core.roles import Role
from xuctien.investments.stages import Stage

pytestmark = pytest.mark.django_db

PAGES = [
    ("aftercare:request-list", {}),
    ("aftercare:request-list", {"company": "Công ty", "overdue": "true"}),
    ("aftercare:warnings", {}),
    ("aftercare:warnings", {"kind": "overdue_requests"}),
    ("aftercare:scorecard", {"year": 2025}),
    ("aftercare:enterprise-search", {"q": "Công ty"}),
]


def requests(count: int, start: int) -> None:
    """Requests in Quảng Ninh and Hải Phòng, each on a project stuck in its dossier, with an
    overdue assignment, a late answer or a rated one."""
    for province in (ProvinceFactory(), ProvinceFactory(code="HP", name_vi="Hải Phòng")):
        agency = AgencyFactory(code="SCT", province=province)
        for n in range(start, start + count):
            company = InvestorFactory(name=f"Công ty {province.code} {n}")
            project = ProjectFactory(
                investors=[company],
                province=province,
                stage=Stage.DOSSIER,
                stage_since=date(2020, 1, 1),
            )
            score = 4 if n % 3 == 2 else None
            request_in_cycle(
                company, province, agency, n, n, score, project=project, title=f"Yêu cầu {n}"
            )


def count(client, url: str, params: dict) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # factories write past the services that bump the cached scores
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture(params=["secretariat", "national"])
def reader(request):  # type: ignore[no-untyped-def]
    if request.param == "secretariat":
        return request.getfixturevalue("secretariat")
    return UserFactory(username="quocgia", role=Role.NATIONAL)


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_a_page_does_not_query_once_per_request(client, reader, name, params):
    client.force_login(reader)
    requests(3, 0)
    url = reverse(name)
    few = count(client, url, params)
    requests(12, 3)
    assert count(client, url, params) == few


def test_the_api_list_does_not_query_once_per_request(reader):
    api = APIClient()
    api.force_authenticate(reader)
    requests(3, 0)
    url = "/api/v1/aftercare/requests/"
    api.get(url)  # the user's memberships are read once and kept on the user
    cache.clear()  # cold both times: the national count is cached (``aftercare.counts``)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    requests(12, 3)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = api.get(url, {"limit": 10})
    assert len(many) == len(few)
    seen = 30 if reader.role == Role.NATIONAL else 15  # the secretariat: their province only
    assert response.json()["count"] == seen
    assert len(response.json()["results"]) == 10


def test_the_national_reader_sees_both_provinces_warnings_and_scores(client):
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    requests(2, 0)
    warnings = client.get(reverse("aftercare:warnings")).content.decode()
    assert 'data-kind="stage" data-count="4"' in warnings
    scorecard = client.get(reverse("aftercare:scorecard"), {"year": 2025, "period": "year"})
    totals = scorecard.context["totals"]
    # two agencies called SCT, one a province: 2 requests each, one on time (n=0: open and
    # overdue; n=1: answered late)
    assert [(t.assigned, t.late, t.overdue) for t in totals] == [(2, 1, 1), (2, 1, 1)]


def test_a_provincial_secretariat_sees_only_their_province_s_warnings(client, secretariat):
    client.force_login(secretariat)
    requests(2, 0)
    warnings = client.get(reverse("aftercare:warnings")).content.decode()
    assert 'data-kind="stage" data-count="2"' in warnings
