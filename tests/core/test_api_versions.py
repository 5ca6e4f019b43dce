"""Every update through the API carries the version read: 428 without it, 409 when stale."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, UserFactory
from tests.investments.factories import InteractionFactory, ProjectFactory
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoter():
    agency = AgencyFactory(code="BQLKKT", kind="board")
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=agency)


@pytest.fixture
def api(promoter):
    client = APIClient()
    client.force_authenticate(promoter)
    return client


def _task(promoter):
    promoter.role = Role.SECRETARIAT
    promoter.save()
    task = TaskFactory()
    return reverse("action-task-detail", args=[task.pk]), task, "description"


def _project(promoter):
    project = ProjectFactory(note="Ghi chú của người khác")
    return reverse("project-detail", args=[project.pk]), project, "note"


def _interaction(promoter):
    interaction = InteractionFactory(notes="Ghi chú của người khác")
    return reverse("interaction-detail", args=[interaction.pk]), interaction, "notes"


RECORDS = {"task": _task, "project": _project, "interaction": _interaction}


@pytest.mark.parametrize("record", sorted(RECORDS))
@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_update_without_a_version_is_428_and_writes_nothing(api, promoter, record, method):
    url, instance, text = RECORDS[record](promoter)
    body = api.get(url).json()
    body.pop("version")
    body[text] = "Ghi đè"

    response = getattr(api, method)(url, body, format="json")

    assert response.status_code == 428
    assert "version" in response.json()["detail"]
    instance.refresh_from_db()
    assert getattr(instance, text) != "Ghi đè"


@pytest.mark.parametrize("record", sorted(RECORDS))
def test_a_stale_update_is_409_with_the_current_version(api, promoter, record):
    url, instance, text = RECORDS[record](promoter)
    read = api.get(url).json()
    first = api.patch(url, {text: "Người khác", "version": read["version"]}, format="json")
    assert first.status_code == 200

    response = api.patch(url, {text: "Của tôi", "version": read["version"]}, format="json")

    assert response.status_code == 409
    assert response.json()["version"] == read["version"] + 1
    instance.refresh_from_db()
    assert getattr(instance, text) == "Người khác"


@pytest.mark.parametrize("record", sorted(RECORDS))
def test_an_update_from_the_current_version_goes_through(api, promoter, record):
    url, instance, text = RECORDS[record](promoter)
    read = api.get(url).json()

    response = api.patch(url, {text: "Mới", "version": read["version"]}, format="json")

    assert response.status_code == 200, response.json()
    instance.refresh_from_db()
    assert getattr(instance, text) == "Mới"


def test_a_version_that_is_not_a_number_is_a_400(api, promoter):
    url = _project(promoter)[0]
    response = api.patch(url, {"note": "x", "version": "abc"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_stage_move_without_a_version_is_428(api):
    project = ProjectFactory()
    url = reverse("project-stage", args=[project.pk])
    response = api.post(url, {"to_stage": "prospect", "on": str(dt.date(2025, 1, 2))})
    assert response.status_code == 428


def test_the_schema_documents_the_version_on_every_update(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path in ("/api/v1/tasks/{id}/", "/api/v1/projects/{id}/", "/api/v1/interactions/{id}/"):
        for method in ("put", "patch"):
            operation = schema["paths"][path][method]
            assert {"409", "428"} <= set(operation["responses"]), (path, method)
            assert "version" in operation["description"]
        put_body = operation_body(schema, schema["paths"][path]["put"])
        assert "version" in put_body["required"]


def operation_body(schema: dict, operation: dict) -> dict:
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
