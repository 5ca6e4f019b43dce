"""The main pages run a fixed number of queries, however many tasks there are."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db

#: Measured: session, user, the user's memberships (their provinces), then the page (the
#: list: count, the lead agency filter (how many, at most 301, then the agencies), the
#: solution groups of the filter (programme data), the tasks). The filters the page does not
#: show (the agency it coordinates, the task group) are not rendered.
TASK_LIST_QUERIES = 8
#: Unfiltered, the list is counted from its provinces' cached task counts (decision 0036):
#: cold, their generations and one grouped count; warm, the generations only (no count).
TASK_LIST_COLD = TASK_LIST_QUERIES + 1
#: Session, user, memberships (their provinces), then the page: the generations of the
#: folded scores and, not cached yet, the generation of the cached occurrence groups and the
#: groups of the province; the agencies' names; the aftercare section the same way
#: (generations twice, groups; no agency to name here).
SCORECARD_QUERIES = 10
#: Once cached, the page reads neither groups nor their generations: four queries fewer.
SCORECARD_WARM = 6


def tasks(count: int) -> None:
    for number in range(count):
        TaskFactory(lead_agency=AgencyFactory(code=f"Q{number % 4}"))


def queries(client, url: str, params: dict | None = None) -> int:
    cache.clear()  # the rows were added by factories, not by the services that bump the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("actions:task-list", None, TASK_LIST_COLD),
        ("actions:task-list", {"status": "not_started", "outcome": "overdue"}, TASK_LIST_QUERIES),
        ("actions:scorecard", {"year": 2025}, SCORECARD_QUERIES),
    ],
)
def test_a_page_does_not_query_once_per_task(client, secretariat, name, params, expected):
    client.force_login(secretariat)
    tasks(3)
    few = queries(client, reverse(name), params)
    tasks(30)

    assert queries(client, reverse(name), params) == few == expected


def test_the_unfiltered_task_list_once_counted_counts_no_task(client, secretariat):
    client.force_login(secretariat)
    tasks(5)
    url = reverse("actions:task-list")
    assert queries(client, url) == TASK_LIST_COLD
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured) == TASK_LIST_QUERIES
    assert not [q for q in captured if 'COUNT(*) AS "__count" FROM "actions_task"' in q["sql"]]


def test_the_scorecard_once_counted_reads_no_occurrence(client, secretariat):
    client.force_login(secretariat)
    tasks(5)
    url = reverse("actions:scorecard")
    assert queries(client, url, {"year": 2025}) == SCORECARD_QUERIES
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"year": 2025})
    assert len(captured) == SCORECARD_WARM


def test_a_national_reader_s_scorecard_counts_every_province_in_as_many_queries(client):
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    elsewhere = ProvinceFactory(code="HP", name_vi="Hải Phòng")

    def both(count: int) -> None:
        tasks_in_two_provinces(count, elsewhere)

    url = reverse("actions:scorecard")
    both(3)
    few = queries(client, url, {"year": 2025, "period": "year"})
    both(30)
    assert queries(client, url, {"year": 2025, "period": "year"}) == few
    # session, user, the provinces; per aggregate: the generations of the folded scores and
    # of the groups, the groups of both provinces in one query, the agencies' names (no
    # aftercare agency to name)
    assert few == 3 + (2 + 1 + 1) + (2 + 1)
    content = client.get(url, {"year": 2025, "period": "year"}).content.decode()
    assert content.count('data-agency="') == 6  # three agencies in each province


@pytest.mark.parametrize("persona", ["secretariat", "national"])
@pytest.mark.parametrize("url", [reverse_lazy("actions:overdue"), "/api/v1/tasks/"])
def test_the_overdue_list_and_the_api_read_as_much_for_two_provinces(client, request, persona, url):
    from rest_framework.test import APIClient

    reader = (
        request.getfixturevalue("secretariat")
        if persona == "secretariat"
        else UserFactory(username="quocgia", role=Role.NATIONAL)
    )
    api = APIClient()
    api.force_authenticate(reader)
    client.force_login(reader)
    get = api.get if str(url).startswith("/api/") else client.get
    elsewhere = ProvinceFactory(code="HP", name_vi="Hải Phòng")

    def both(count: int) -> None:
        tasks_in_two_provinces(count, elsewhere)

    both(3)
    get(str(url))  # the user's memberships are read once and kept on the user
    with CaptureQueriesContext(connection) as few:
        assert get(str(url)).status_code == 200
    both(20)
    with CaptureQueriesContext(connection) as many:
        assert get(str(url)).status_code == 200
    assert len(many) == len(few)


def tasks_in_two_provinces(count: int, elsewhere) -> None:
    """``count`` tasks here and as many in ``elsewhere``, led by three agencies in each."""
    for number in range(count):
        TaskFactory(lead_agency=AgencyFactory(code=f"Q{number % 3}"), is_synthetic=False)
        agency = AgencyFactory(code=f"H{number % 3}", province=elsewhere)
        TaskFactory(lead_agency=agency, is_synthetic=False)
