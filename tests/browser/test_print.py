"""The dashboard and the indicator page print on A4: no menu, nothing wider than the paper."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The printable width of A4 with the stylesheet's 10 mm side margins, in CSS pixels.
A4_PRINTABLE = round((210 - 20) / 25.4 * 96)


@pytest.fixture
def paper(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": A4_PRINTABLE, "height": 1100}
    )
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def test_the_dashboard_and_indicator_page_fit_a4_without_the_menu(paper):
    call_command("load_quangninh", verbosity=0)

    for url in (
        reverse("programmes:dashboard"),
        reverse("programmes:indicator", args=["MFG_SHARE_GRDP"]),
    ):
        paper.goto(url)
        expect(paper.locator("[data-chart-drawn] svg").first).to_be_attached()
        expect(paper.locator(".topbar")).to_be_hidden()
        expect(paper.locator(".footer")).to_be_hidden()
        width = paper.evaluate("document.documentElement.scrollWidth")
        assert width <= A4_PRINTABLE, f"{url} is {width} px wide on paper"
        chart = paper.locator("[data-chart-drawn] svg").first.bounding_box()
        assert chart["x"] + chart["width"] <= A4_PRINTABLE
