"""The screening API: criteria versions and screenings, read with the pages' permissions."""

from django.urls import reverse

from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.screening import services


def test_screenings_of_a_project_with_their_reasons(client, criteria, promoter, dossier):
    services.screen(promoter, dossier)
    client.force_login(promoter)
    data = client.get(reverse("screening-list"), {"project": dossier.pk}).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert (item["points"], item["possible"], item["criteria_version"]) == ("10.00", "50.00", 1)
    jobs = next(r for r in item["results"] if r["key"] == "jobs")
    assert jobs["status"] == "no_norm"
    assert jobs["reason"]


def test_outsiders_read_no_screening_and_no_criteria(client, criteria, promoter, dossier):
    services.screen(promoter, dossier)
    client.force_login(UserFactory(username="nhadautu", role=Role.INVESTOR))
    assert client.get(reverse("screening-list")).json()["count"] == 0
    assert client.get(reverse("screening-criteria-list")).json()["count"] == 0


def test_criteria_versions(client, criteria, leader):
    client.force_login(leader)
    data = client.get(reverse("screening-criteria-list")).json()
    assert data["results"][0]["number"] == 1
    assert len(data["results"][0]["criteria"]) == 10
