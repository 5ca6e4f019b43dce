"""Every role against every page, step and API call of aftercare.

``investor`` acts for the request's company; ``other_investor`` for another company;
``officer``'s agency (SCT) holds the request; ``other_officer``'s agency does not.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from xuctien.aftercare import services

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

ROLES = [
    "admin_user",
    "secretariat",
    "leader",
    "officer",
    "other_officer",
    "developer",
    "investor_member",
    "other_investor",
    "anonymous",
]
MANAGERS = {"admin_user", "secretariat"}
READ_ALL = MANAGERS | {"leader"}
INTERNAL = READ_ALL | {"officer", "other_officer"}
INVESTORS = {"investor_member", "other_investor"}

ALLOWED = {
    "page: list requests": INTERNAL | INVESTORS,
    "page: read the request": READ_ALL | {"officer", "investor_member"},
    "page: new request": MANAGERS | INVESTORS,
    "page: routing rules": INTERNAL,
    "page: escalations": READ_ALL,
    "page: patterns": READ_ALL,
    "page: early warning": READ_ALL,
    "page: scorecard": INTERNAL,
    "page: route the request": MANAGERS,
    "page: answer": MANAGERS | {"officer"},
    "page: rate": {"investor_member"},
    "page: reopen": MANAGERS | {"investor_member"},
    "api: list requests": INTERNAL | INVESTORS,
    "api: read the request": READ_ALL | {"officer", "investor_member"},
    "api: answer": MANAGERS | {"officer"},
    "api: rate": {"investor_member"},
}

PAGES = {
    "page: list requests": "aftercare:request-list",
    "page: new request": "aftercare:request-add",
    "page: routing rules": "aftercare:routing",
    "page: escalations": "aftercare:escalations",
    "page: patterns": "aftercare:patterns",
    "page: early warning": "aftercare:warnings",
    "page: scorecard": "aftercare:scorecard",
}


def _answered(req, officer):
    services.answer(officer, req.assignments.get(), "Đã xử lý.")
    req.refresh_from_db()


def _do(action, client, api, req, officer, other_agency):
    """Try ``action``; True when it went through."""
    assignment = req.assignments.get()
    detail = reverse("aftercare:request-detail", args=[req.pk])
    if action in PAGES:
        return client.get(reverse(PAGES[action])).status_code == 200
    if action == "page: read the request":
        return client.get(detail).status_code == 200
    if action == "page: route the request":
        client.post(
            reverse("aftercare:request-route", args=[req.pk]), {"agencies": [other_agency.pk]}
        )
        return req.assignments.count() == 2
    if action == "page: answer":
        client.post(reverse("aftercare:assignment-answer", args=[assignment.pk]), {"answer": "x"})
        assignment.refresh_from_db()
        return assignment.answered_on is not None
    if action == "page: rate":
        _answered(req, officer)
        client.post(reverse("aftercare:request-rate", args=[req.pk]), {"score": 3})
        return req.ratings.exists()
    if action == "page: reopen":
        _answered(req, officer)
        client.post(reverse("aftercare:request-reopen", args=[req.pk]), {"reason": "Chưa xong"})
        req.refresh_from_db()
        return req.status == "reopened"
    return _do_api(action, api, req, officer, assignment)


def _do_api(action, api, req, officer, assignment):
    url = f"/api/v1/aftercare/requests/{req.pk}/"
    if action == "api: list requests":
        response = api.get("/api/v1/aftercare/requests/")
        return response.status_code == 200
    if action == "api: read the request":
        return api.get(url).status_code == 200
    if action == "api: answer":
        return (
            api.post(f"{url}answer/", {"assignment": assignment.pk, "answer": "x"}).status_code
            == 200
        )
    if action == "api: rate":
        _answered(req, officer)
        return api.post(f"{url}rate/", {"score": 3}).status_code == 201
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_permission_table(action, role, request, client, land_request, officer, other_agency):
    api = APIClient()
    if role != "anonymous":
        user = request.getfixturevalue(role)
        client.force_login(user)
        api.force_authenticate(user)
    done = _do(action, client, api, land_request, officer, other_agency)
    assert done == (role in ALLOWED[action]), f"{role} {action}"
