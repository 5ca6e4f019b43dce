"""In a browser: open a real project's edit page, press Save without touching anything.

The project's IRC date, and with it the dashboard's capital-attracted card, must be as
before. The date picker used to receive a localised 31/03/2021, which Chromium discards,
so the unchanged save erased the date and the card fell from on track to off track.
"""

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.investments.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_project():
    """Quảng Ninh's data as loaded for the province; a real project with an IRC date."""
    call_command("load_quangninh", verbosity=0)
    UserFactory(username="thuky", role=Role.SECRETARIAT)
    real = Project.objects.filter(irc_date__isnull=False, is_synthetic=False, is_aggregate=False)
    counted = real.filter(Q(capital_events__isnull=False)).distinct().order_by("irc_date", "pk")
    return counted.first() or real.order_by("pk").first()


def capital_card(page) -> tuple[str, str]:
    """The capital-attracted card's status and its figure, as the dashboard shows them."""
    page.goto(reverse("programmes:dashboard"))
    card = page.locator('[data-indicator="MFG_INVEST_CAPITAL"]')
    expect(card).to_have_count(1)
    status = card.locator(".indicator-card__status [data-status]").first
    figure = card.locator(".facts dd").first
    return status.get_attribute("data-status"), figure.inner_text()


def test_saving_a_project_unchanged_keeps_its_irc_date_and_the_dashboard(page, real_project):
    project = real_project
    assert project is not None
    irc_date = project.irc_date
    log_in(page, "thuky")
    before = capital_card(page)

    page.goto(reverse("investments:project-update", args=[project.pk]))
    expect(page.locator("input[name=irc_date]")).to_have_value(irc_date.isoformat())
    with page.expect_navigation():
        page.locator("form.narrow button[type=submit]").click()

    assert page.url.endswith(reverse("investments:project-detail", args=[project.pk]))
    project.refresh_from_db()
    assert project.irc_date == irc_date
    assert capital_card(page) == before
    assert before[0] != "no_data"  # the card had a figure to lose
