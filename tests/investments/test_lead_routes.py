"""The lead routing page: the pipeline's people read the rules, those who work it set them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.investments.factories import SectorFactory
from xuctien.core.roles import Role
from xuctien.investments.models import LeadRoute

URL = reverse("investments:lead-routes")


@pytest.fixture
def manufacturing(db):
    return SectorFactory(
        code="C", level="section", section="C", name_vi="Công nghiệp chế biến, chế tạo"
    )


def test_a_promoter_adds_a_rule_and_a_new_lead_follows_it(client, promoter, manufacturing):
    colleague = UserFactory(username="korea-desk", role=Role.AGENCY, agency=promoter.agency)
    client.force_login(promoter)
    data = {"section": "C", "country": "KR", "owner": colleague.pk, "next_step_days": 3}

    response = client.post(URL, data)

    assert response.status_code == 302
    route = LeadRoute.objects.get()
    assert (route.section, route.country, route.owner, route.next_step_days) == (
        "C",
        "KR",
        colleague,
        3,
    )
    assert route.history().first().user == promoter


def test_the_same_section_and_country_twice_is_refused(client, promoter, manufacturing):
    LeadRoute.objects.create(section="C", country="KR", owner=promoter)
    client.force_login(promoter)
    response = client.post(
        URL, {"section": "C", "country": "KR", "owner": promoter.pk, "next_step_days": 2}
    )
    assert response.status_code == 200
    assert LeadRoute.objects.count() == 1


def test_leadership_reads_the_rules_but_cannot_change_them(client, leader, promoter):
    LeadRoute.objects.create(owner=promoter)
    client.force_login(leader)
    page = client.get(URL)
    assert page.status_code == 200
    assert not page.context["may_change"]
    assert client.post(URL, {"owner": promoter.pk, "next_step_days": 2}).status_code == 403


@pytest.mark.parametrize("persona", ["developer", "officer", "investor"])
def test_people_outside_the_pipeline_do_not_see_the_rules(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_a_rule_is_removed(client, promoter):
    route = LeadRoute.objects.create(owner=promoter)
    client.force_login(promoter)
    client.post(reverse("investments:lead-route-delete", args=[route.pk]))
    assert not LeadRoute.objects.exists()


def test_only_those_who_may_read_the_rules_see_the_link_on_the_board(client, developer, promoter):
    client.force_login(developer)
    assert URL not in client.get(reverse("investments:board")).content.decode()
    client.force_login(promoter)
    assert URL in client.get(reverse("investments:board")).content.decode()
