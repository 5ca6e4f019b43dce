"""The task API's and the task list's count: the provinces' cached counts while unfiltered,
counted when filtered."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from xuctien.actions import services
from xuctien.actions.models import Task
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(db):
    """Two tasks in Quảng Ninh, one in Hải Phòng."""
    there = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    sct = AgencyFactory(code="SCT")
    TaskFactory(lead_agency=sct, title_vi="Quỹ đất")
    TaskFactory(lead_agency=sct, title_vi="Hạ tầng")
    TaskFactory(lead_agency=AgencyFactory(code="HSCT", province=there), title_vi="Cảng")
    return sct


def listed(user, params: dict | None = None) -> tuple[int, list[str]]:
    api = APIClient()
    api.force_authenticate(user)
    body = api.get("/api/v1/tasks/", params or {}).json()
    return body["count"], sorted(row["title_vi"] for row in body["results"])


def test_a_national_reader_counts_and_sees_both_provinces_tasks(two_provinces):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)

    assert listed(national) == (3, ["Cảng", "Hạ tầng", "Quỹ đất"])
    assert listed(national, {"limit": 1})[0] == 3


def test_a_province_s_secretariat_counts_its_own_tasks(secretariat, two_provinces):
    assert listed(secretariat) == (2, ["Hạ tầng", "Quỹ đất"])


def test_the_count_follows_a_new_task_and_a_filter(secretariat, two_provinces):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)
    assert listed(national)[0] == 3
    task = Task(
        title_vi="Mới", lead_agency=two_provinces, start_date=date(2025, 1, 2),
        deadline=date(2025, 6, 30),
    )  # fmt: skip
    services.create_task(secretariat, task, today=date(2025, 3, 1))

    assert listed(national)[0] == 4
    assert listed(national, {"q": "Cảng"}) == (1, ["Cảng"])


def paged(client, user, params: dict | None = None) -> tuple[int, list[str]]:
    client.force_login(user)
    response = client.get("/actions/", params or {})
    titles = sorted(task.title_vi for task in response.context["task_list"])
    return response.context["paginator"].count, titles


def test_the_task_list_counts_as_the_api(client, secretariat, two_provinces):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)
    assert paged(client, national) == (3, ["Cảng", "Hạ tầng", "Quỹ đất"])
    assert paged(client, national, {"page": 1})[0] == 3
    assert paged(client, secretariat) == (2, ["Hạ tầng", "Quỹ đất"])
    task = Task(
        title_vi="Mới", lead_agency=two_provinces, start_date=date(2025, 1, 2),
        deadline=date(2025, 6, 30),
    )  # fmt: skip
    services.create_task(secretariat, task, today=date(2025, 3, 1))

    assert paged(client, national)[0] == 4
    assert paged(client, national, {"q": "Cảng"}) == (1, ["Cảng"])
    assert paged(client, national, {"status": "not_started", "page": 1})[0] == 4
