"""An investor sees and acts only on its own company's records, in pages and the API."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.portal import membership

pytestmark = pytest.mark.security


def test_companies_for_is_the_accepted_memberships_only(owner, company, other_company):
    assert list(membership.companies_for(owner)) == [company]


def test_companies_for_is_empty_for_other_roles(secretariat, company):
    from xuctien.portal.models import Membership

    Membership.objects.create(user=secretariat, investor=company, role="owner")
    assert not membership.companies_for(secretariat).exists()


def test_an_unaccepted_membership_grants_nothing(db, company):
    from xuctien.portal.models import Membership

    user = UserFactory(username="pending", role=Role.INVESTOR)
    Membership.objects.create(user=user, investor=company, role="staff")
    assert not membership.companies_for(user).exists()


def test_the_account_page_lists_only_our_projects(client, colleague, own_project, other_project):
    client.force_login(colleague)
    html = client.get(reverse("portal:account")).content.decode()
    assert own_project.name in html
    assert other_project.name not in html


def test_our_project_page_opens(client, colleague, own_project):
    client.force_login(colleague)
    response = client.get(reverse("portal:my-project", args=[own_project.pk]))
    assert response.status_code == 200
    assert own_project.name in response.content.decode()


def test_another_company_project_id_is_a_404_page(client, owner, other_project):
    client.force_login(owner)
    assert client.get(reverse("portal:my-project", args=[other_project.pk])).status_code == 404


def test_another_company_project_id_is_a_404_in_the_api(client, owner, own_project, other_project):
    client.force_login(owner)
    listing = client.get("/api/v1/portal/my-projects/").json()
    assert [row["id"] for row in listing["results"]] == [own_project.pk]
    assert client.get(f"/api/v1/portal/my-projects/{own_project.pk}/").status_code == 200
    assert client.get(f"/api/v1/portal/my-projects/{other_project.pk}/").status_code == 404


def test_the_api_of_my_projects_needs_a_login(client, own_project):
    assert client.get("/api/v1/portal/my-projects/").status_code in (401, 403)


def test_the_api_is_read_only(client, owner, own_project):
    client.force_login(owner)
    response = client.patch(
        f"/api/v1/portal/my-projects/{own_project.pk}/",
        {"name": "x"},
        content_type="application/json",
    )
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["portal:account", "portal:editor", "portal:staff-invite"])
def test_private_pages_send_anonymous_visitors_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_investor_cannot_reach_the_editor_pages(client, owner):
    client.force_login(owner)
    assert client.get(reverse("portal:editor")).status_code == 403
    assert client.get(reverse("portal:staff-invite")).status_code == 403


def test_an_investor_cannot_withdraw_another_company_invitation(
    client, owner, outsider, other_company
):
    from xuctien.portal import services
    from xuctien.portal.models import Invitation

    services.invite(outsider, investor=other_company, email="x@example.vn")
    invitation = Invitation.objects.get()
    client.force_login(owner)
    response = client.post(reverse("portal:invitation-revoke", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert not invitation.revoked


def test_the_api_publishes_only_published_articles(client, db):
    from tests.portal.factories import ArticleFactory

    ArticleFactory(slug="pub")
    ArticleFactory(slug="draft", status="draft")
    rows = client.get("/api/v1/portal/articles/").json()["results"]
    assert [row["slug"] for row in rows] == ["pub"]
    assert client.get("/api/v1/portal/articles/draft/").status_code == 404
