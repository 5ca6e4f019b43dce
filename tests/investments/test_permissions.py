"""Who may see and change what: the role × action table, asked of models, pages and API.

Personas: anonymous, an investor, an officer of an ordinary department, leadership, the
secretariat, an administrator, an officer of the EZ board (promotion agency), and the
developer of zone KCN1. Records: a lead in KCN1, a lead in another zone, a project with
an IRC in another zone, and the contacts and interactions around the two leads.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.investments.factories import ContactFactory, InteractionFactory, ProjectFactory
from xuctien.investments.models import Contact, Interaction, Project, Stage

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

PERSONAS = [
    "anonymous",
    "investor",
    "officer",
    "leader",
    "secretariat",
    "admin_user",
    "promoter",
    "developer",
]
#                      view own lead, view other lead, view public, change own, change other
TABLE = {
    "anonymous": (False, False, True, False, False),
    "investor": (False, False, True, False, False),
    "officer": (False, False, True, False, False),
    "leader": (True, True, True, False, False),
    "secretariat": (True, True, True, True, True),
    "admin_user": (True, True, True, True, True),
    "promoter": (True, True, True, True, True),
    "developer": (True, False, True, True, False),
}


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def records(developer, other_zone, electronics):
    own = ProjectFactory(name="Own lead", stage=Stage.LEAD, zone=developer.zone)
    other = ProjectFactory(name="Other lead", stage=Stage.PROSPECT, zone=other_zone)
    public = ProjectFactory(
        name="Public", stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 1, 1), zone=other_zone
    )
    contacts = {
        "own": ContactFactory(investor=own.investors.get()),
        "other": ContactFactory(investor=other.investors.get()),
    }
    interactions = {
        "own": InteractionFactory(investor=own.investors.get(), project=own),
        "other": InteractionFactory(investor=other.investors.get(), project=other),
    }
    return {
        "own": own,
        "other": other,
        "public": public,
        "contacts": contacts,
        "interactions": interactions,
    }


def persona(request, name):
    return request.getfixturevalue(name)


def visible(model, user, obj, action="view"):
    return model.objects.restrict(user, action).filter(pk=obj.pk).exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_project_rules_follow_the_table(request, name, records):
    user = persona(request, name)
    view_own, view_other, view_public, change_own, change_other = TABLE[name]
    assert visible(Project, user, records["own"]) is view_own
    assert visible(Project, user, records["other"]) is view_other
    assert visible(Project, user, records["public"]) is view_public
    assert Project.permits(user, "change", records["own"]) is change_own
    assert Project.permits(user, "change", records["other"]) is change_other


@pytest.mark.parametrize("name", PERSONAS)
def test_contacts_and_interactions_are_confidential_like_the_leads(request, name, records):
    user = persona(request, name)
    view_own, view_other, *_rest = TABLE[name]
    assert visible(Contact, user, records["contacts"]["own"]) is view_own
    assert visible(Contact, user, records["contacts"]["other"]) is view_other
    assert visible(Interaction, user, records["interactions"]["own"]) is view_own
    assert visible(Interaction, user, records["interactions"]["other"]) is view_other


@pytest.mark.parametrize("name", PERSONAS)
def test_only_managers_delete_projects(request, name, records):
    user = persona(request, name)
    expected = name in ("secretariat", "admin_user")
    assert Project.permits(user, "delete", records["public"]) is expected


@pytest.mark.parametrize("name", PERSONAS)
def test_the_project_page_follows_the_table(client, request, name, records):
    user = persona(request, name)
    if name != "anonymous":
        client.force_login(user)
    view_own, view_other, *_rest = TABLE[name]
    for key, allowed in (("own", view_own), ("other", view_other), ("public", True)):
        response = client.get(reverse("investments:project-detail", args=[records[key].pk]))
        assert response.status_code == (200 if allowed else 404), key


@pytest.mark.parametrize("name", PERSONAS)
def test_the_api_follows_the_table(client, request, name, records):
    user = persona(request, name)
    if name != "anonymous":
        client.force_login(user)
    view_own, view_other, _public, change_own, _change_other = TABLE[name]
    listed = {p["name"] for p in client.get("/api/v1/projects/").json()["results"]}
    assert ("Own lead" in listed) is view_own
    assert ("Other lead" in listed) is view_other
    assert "Public" in listed
    url = f"/api/v1/projects/{records['own'].pk}/stage/"
    body = {"to_stage": Stage.PROSPECT, "version": records["own"].version}
    response = client.post(url, body, content_type="application/json")
    if change_own:
        assert response.status_code == 200
    else:
        assert response.status_code in (401, 403, 404)
        assert Project.objects.get(pk=records["own"].pk).stage == Stage.LEAD


@pytest.mark.parametrize("name", PERSONAS)
def test_the_public_api_never_shows_confidential_fields(client, request, name, records):
    user = persona(request, name)
    if name != "anonymous":
        client.force_login(user)
    detail = client.get(f"/api/v1/projects/{records['public'].pk}/").json()
    sees_all = name in ("leader", "secretariat", "admin_user", "promoter")
    assert ("note" in detail) is sees_all
    assert ("expected_capital_vnd" in detail) is sees_all


@pytest.mark.parametrize("name", PERSONAS)
def test_the_board_is_for_people_who_log_in(client, request, name, records):
    user = persona(request, name)
    if name != "anonymous":
        client.force_login(user)
    response = client.get(reverse("investments:board"))
    assert response.status_code == (302 if name == "anonymous" else 200)
    if name != "anonymous":
        shown = {p.name for column in response.context["columns"] for p in column["cards"]}
        assert ("Own lead" in shown) is TABLE[name][0]
        assert ("Other lead" in shown) is TABLE[name][1]
