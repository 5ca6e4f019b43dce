"""The dashboard in a real browser: every indicator of Resolution 01, its status, two languages."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from xuctien.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def resolution_01():
    call_command("load_quangninh", verbosity=0)
    programme = Programme.objects.first()
    return programme, list(programme.indicators.values_list("code", flat=True))


def every_card_has_a_status(page, codes: list[str]) -> None:
    for code in codes:
        card = page.locator(f'[data-indicator="{code}"]')
        expect(card).to_have_count(1)
        expect(card.locator("[data-status]").first).to_be_visible()
    assert page.locator(".indicator-card [data-status]").count() >= len(codes)


def test_the_dashboard_shows_every_indicator_with_its_status_in_both_languages(page, resolution_01):
    programme, codes = resolution_01
    assert codes

    page.goto(reverse("programmes:dashboard"))

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_contain_text(programme.name_vi)
    every_card_has_a_status(page, codes)

    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("[data-language=en]")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Breakthrough 1", exact=False).first).to_be_visible()
    expect(page.get_by_text("At a glance")).to_be_visible()
    every_card_has_a_status(page, codes)


def test_the_charts_are_drawn(page, resolution_01):
    page.goto(reverse("programmes:dashboard"))

    # static/js/charts.js marks each chart it drew; ECharts draws it as SVG.
    expect(page.locator("[data-chart-drawn] svg").first).to_be_visible()
    page.goto(reverse("programmes:indicator", args=["MFG_SHARE_GRDP"]))
    expect(page.locator("[data-chart=indicator-chart-data] svg")).to_be_visible()
