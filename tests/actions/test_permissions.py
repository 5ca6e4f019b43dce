"""Every role against every read and write of the action programme, pages and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

ROLES = [
    "admin_user",
    "secretariat",
    "leader",
    "officer",
    "other_officer",
    "developer",
    "investor",
    "anonymous",
]
INTERNAL = {"admin_user", "secretariat", "leader", "officer", "other_officer"}
MANAGERS = {"admin_user", "secretariat"}

# action -> the roles allowed. ``officer`` leads own_task; ``other_officer`` coordinates it.
ALLOWED = {
    "page: list tasks": INTERNAL,
    "page: read a task": INTERNAL,
    "page: overdue list": INTERNAL,
    "page: scorecard": INTERNAL,
    "page: add a task": MANAGERS,
    "page: edit a task": MANAGERS | {"officer"},
    "page: report progress": MANAGERS | {"officer"},
    "page: comment": MANAGERS | {"officer", "other_officer"},  # lead and coordinating
    "page: import a plan": MANAGERS,
    "api: list tasks": INTERNAL,
    "api: read a task": INTERNAL,
    "api: add a task": MANAGERS,
    "api: edit a task": MANAGERS | {"officer"},
    "api: report progress": MANAGERS | {"officer"},
}


def _page_get(client, name, *args):
    response = client.get(reverse(name, args=args))
    return response.status_code


def _edit_data(task, user_role):
    data = {"version": task.version, "description": "Cập nhật", "expected_output": "", "note": ""}
    if user_role in MANAGERS:
        data.update(
            title_vi=task.title_vi,
            lead_agency=task.lead_agency_id,
            recurrence="none",
            start_date="2025-01-02",
            deadline="2025-06-30",
        )
    return data


def _do(action, client, api, task, role, agency):
    occurrence = task.occurrences.get()
    pages = {
        "page: list tasks": lambda: client.get(reverse("actions:task-list")),
        "page: read a task": lambda: client.get(reverse("actions:task-detail", args=[task.pk])),
        "page: overdue list": lambda: client.get(reverse("actions:overdue")),
        "page: scorecard": lambda: client.get(reverse("actions:scorecard")),
        "page: add a task": lambda: client.post(
            reverse("actions:task-add"),
            {
                "title_vi": "Mới",
                "lead_agency": agency.pk,
                "recurrence": "none",
                "deadline": "2025-12-31",
            },
        ),
        "page: edit a task": lambda: client.post(
            reverse("actions:task-edit", args=[task.pk]), _edit_data(task, role)
        ),
        "page: report progress": lambda: client.post(
            reverse("actions:occurrence-report", args=[occurrence.pk]),
            {
                "text": "Tiến độ",
                "percent": 30,
                "reported_on": "2025-03-01",
                "version": occurrence.version,
            },
        ),
        "page: comment": lambda: client.post(
            reverse("actions:task-comment", args=[task.pk]), {"text": "Ý kiến"}
        ),
        "page: import a plan": lambda: client.get(reverse("actions:import")),
        "api: list tasks": lambda: api.get(reverse("action-task-list")),
        "api: read a task": lambda: api.get(reverse("action-task-detail", args=[task.pk])),
        "api: add a task": lambda: api.post(
            reverse("action-task-list"),
            {"title_vi": "API", "lead_agency": agency.pk, "deadline": "2025-12-31"},
            format="json",
        ),
        "api: edit a task": lambda: api.patch(
            reverse("action-task-detail", args=[task.pk]),
            {"description": "API", "version": task.version},
            format="json",
        ),
        "api: report progress": lambda: api.post(
            reverse("progress-report-list"),
            {
                "occurrence": occurrence.pk,
                "text": "API",
                "percent": 20,
                "reported_on": "2025-03-01",
            },
            format="json",
        ),
    }
    return pages[action]()


def _outcome(response):
    if response.status_code in (401,) or (
        response.status_code == 302 and "/login/" in response["Location"]
    ):
        return "login"
    if response.status_code in (200, 201) or response.status_code == 302:
        return "allow"
    assert response.status_code in (403, 404), response.status_code
    return "deny"


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(request, role, action, own_task, agency, client, settings):
    settings.LANGUAGE_CODE = "en"
    api = APIClient()
    if role != "anonymous":
        user = request.getfixturevalue(role)
        client.force_login(user)
        api.force_authenticate(user)
    response = _do(action, client, api, own_task, role, agency)
    if role == "anonymous":
        expected = {"login"} if action.startswith("page") else {"login", "deny"}
    else:
        expected = {"allow" if role in ALLOWED[action] else "deny"}
    assert _outcome(response) in expected, getattr(response, "content", b"")[:300]
