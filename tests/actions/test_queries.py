"""The main pages run a fixed number of queries, however many tasks there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

#: Measured: session, user, the user's memberships (their provinces), then the page (the
#: list: count, two agency filters, the solution groups of the filter (programme data), the
#: task groups filter, the tasks).
TASK_LIST_QUERIES = 9
#: The memberships, real tasks, synthetic tasks apart, the aftercare section.
SCORECARD_QUERIES = 6


def tasks(count: int) -> None:
    for number in range(count):
        TaskFactory(lead_agency=AgencyFactory(code=f"Q{number % 4}"))


def queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("actions:task-list", None, TASK_LIST_QUERIES),
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
