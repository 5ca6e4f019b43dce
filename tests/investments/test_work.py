"""Editing pages: a project's facts, capital, interactions, and one's own next steps."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.investments.factories import InteractionFactory, ProjectFactory
from xuctien.investments import analytics, services
from xuctien.investments.models import AttractionTarget, PromotionEvent, Stage

pytestmark = pytest.mark.django_db


def test_the_edit_page_saves_through_the_service(client, promoter, electronics):
    project = ProjectFactory(name="Old name", sector=electronics)
    client.force_login(promoter)
    url = reverse("investments:project-update", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "New name",
            "sector": electronics.pk,
            "fdi": "on",
            "investors": [project.investors.get().pk],
            "version": project.version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "New name"


def test_the_edit_page_refuses_a_stale_form(client, promoter, electronics):
    project = ProjectFactory(name="Old", sector=electronics)
    seen = project.version
    services.update_project(promoter, project, name="Changed meanwhile")
    client.force_login(promoter)
    response = client.post(
        reverse("investments:project-update", args=[project.pk]),
        {"name": "Mine", "sector": electronics.pk, "version": seen},
    )
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.name == "Changed meanwhile"


def test_leadership_cannot_open_the_edit_page(client, leader):
    project = ProjectFactory()
    client.force_login(leader)
    response = client.get(reverse("investments:project-update", args=[project.pk]))
    assert response.status_code == 403


def test_capital_recorded_on_the_page_reaches_the_project(client, promoter):
    project = ProjectFactory(stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 1, 1))
    client.force_login(promoter)
    client.post(
        reverse("investments:capital-create", args=[project.pk]),
        {"kind": "registration", "date": "2024-01-01", "amount": "500", "currency": "VND"},
    )
    project.refresh_from_db()
    assert project.capital_vnd == Decimal(500)


def call_with_next_step(client, project, owner) -> None:
    """A call about ``project`` recorded with a next step for ``owner`` (signed in)."""
    client.post(
        reverse("investments:interaction-create", args=[project.investors.get().pk]),
        {
            "kind": "call",
            "date": "2025-05-05",
            "project": project.pk,
            "notes": "Call",
            "next_step": "Send land map",
            "next_step_owner": owner.pk,
            "next_step_due": "2025-05-12",
        },
    )


def test_an_interaction_goes_on_its_owners_next_steps(client, promoter, leader):
    project = ProjectFactory()
    client.force_login(promoter)
    call_with_next_step(client, project, promoter)
    steps = client.get(reverse("investments:next-steps")).context["steps"]
    assert [s.next_step for s in steps] == ["Send land map"]
    client.post(reverse("investments:next-steps"), {"pk": steps[0].pk})
    assert list(client.get(reverse("investments:next-steps")).context["steps"]) == []


def test_the_funnel_counts_entries_conversions_and_median_days():
    d = dt.date
    rows = analytics.funnel_rows(
        [
            [("lead", d(2024, 1, 1)), ("prospect", d(2024, 1, 11)), ("irc_issued", d(2024, 3, 1))],
            [("lead", d(2024, 1, 1)), ("withdrawn", d(2024, 1, 31))],
            [("lead", d(2024, 2, 1))],
        ]
    )
    lead = rows[0]
    assert (lead.entered, lead.went_on, lead.median_days) == (3, 1, 20)  # stays of 10 and 30
    assert lead.conversion == pytest.approx(1 / 3)
    prospect = rows[1]
    assert (prospect.entered, prospect.went_on, prospect.median_days) == (1, 1, 50)


def test_an_event_is_traced_to_the_projects_and_capital_it_led_to(promoter):
    event = PromotionEvent.objects.create(
        name="Seoul", kind="conference", start_date=dt.date(2024, 4, 1)
    )
    project = ProjectFactory(stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 9, 1))
    services.add_capital_event(
        promoter, project, kind="registration", date=dt.date(2024, 9, 1), amount=Decimal(700)
    )
    InteractionFactory(investor=project.investors.get(), project=project, event=event)
    (outcome,) = analytics.event_outcomes(promoter)
    assert (outcome.projects, outcome.ircs, outcome.capital_vnd) == (1, 1, Decimal(700))


def test_another_provinces_events_are_not_among_the_outcomes(promoter):
    """Regression: the analytics listed every province's (confidential) events."""
    from tests.factories import ProvinceFactory

    hai_phong = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    PromotionEvent.objects.create(
        name="Busan", kind="conference", start_date=dt.date(2024, 4, 1), province=hai_phong
    )
    PromotionEvent.objects.create(
        name="Seoul", kind="conference", start_date=dt.date(2024, 4, 1), province=promoter.province
    )
    assert [o.event.name for o in analytics.event_outcomes(promoter)] == ["Seoul"]


def test_attraction_targets_stand_beside_what_the_zone_won(client, promoter, own_zone):
    AttractionTarget.objects.create(
        zone=own_zone, year=2025, quarter=2, capital_vnd=Decimal(1000), projects=2
    )
    project = ProjectFactory(zone=own_zone, stage=Stage.IRC_ISSUED, irc_date=dt.date(2025, 5, 5))
    services.add_capital_event(
        promoter, project, kind="registration", date=dt.date(2025, 5, 5), amount=Decimal(400)
    )
    client.force_login(promoter)
    ((_target, capital, count),) = client.get(reverse("investments:analytics")).context[
        "attraction"
    ]
    assert (capital, count) == (Decimal(400), 1)


def test_the_project_list_needs_a_fixed_number_of_queries(
    client, promoter, electronics, django_assert_max_num_queries
):
    for n in range(15):
        ProjectFactory(
            name=f"P{n}", stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 1, 1), sector=electronics
        )
    client.force_login(promoter)
    with django_assert_max_num_queries(15):
        client.get(reverse("investments:project-list"))


def test_a_next_step_past_a_thousand_is_marked_done_from_the_page(client, promoter):
    """The page's hidden id is written as a number (it read "1.234" in Vietnamese)."""
    import re

    from xuctien.investments.models import Interaction

    project = ProjectFactory()
    client.force_login(promoter)
    call_with_next_step(client, project, promoter)
    Interaction.objects.get().participants.clear()  # keyed by the old id
    Interaction.objects.update(id=1234)
    page = client.get(reverse("investments:next-steps")).content.decode()
    posted = re.search(r'name="pk" value="([^"]+)"', page).group(1)
    assert posted == "1234"
    client.post(reverse("investments:next-steps"), {"pk": posted})
    assert list(client.get(reverse("investments:next-steps")).context["steps"]) == []
