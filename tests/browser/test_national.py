"""The national page in Chromium: both demo provinces ranked, a chart per indicator, in
both languages, on a 390 px phone without sideways scrolling. Screenshots are kept for the
review (``XT_SCREENSHOTS`` names the folder; a temporary one otherwise)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_phone import PHONE, assert_no_sideways_scroll
from tests.conftest import log_in
from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.national.shipped import load_shipped_provinces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "heading", "growth"),
    [
        ("vi", "So sánh các tỉnh", "Tốc độ tăng trưởng GRDP"),
        ("en", "Provinces compared", "GRDP growth"),
    ],
)
def test_the_national_page_ranks_both_provinces_on_a_phone(
    browser, live_server, tmp_path, language, heading, growth
):
    call_command("load_quangninh", verbosity=0)
    load_shipped_provinces()
    UserFactory(username="quocgia", role=Role.NATIONAL, language=language)
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN" if language == "vi" else "en-US", viewport=PHONE
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "quocgia")
    page.goto(f"/national/?lang={language}")

    expect(page.locator("h1")).to_have_text(heading)
    section = page.locator('[data-catalogue="VN_GRDP_GROWTH"]')
    expect(section.locator("h2")).to_contain_text(growth)
    ranks = section.locator("tbody tr")
    expect(ranks).to_have_count(2)
    expect(ranks.nth(0)).to_have_attribute("data-province", "QN")
    expect(ranks.nth(0).locator("[data-rank]")).to_have_text("1")
    expect(ranks.nth(1)).to_have_attribute("data-province", "BN")
    expect(ranks.nth(1).locator("[data-rank]")).to_have_text("2")
    expect(section.locator("[data-chart-drawn] svg").first).to_be_visible()  # ECharts drew it
    assert_no_sideways_scroll(page)

    folder = Path(os.environ.get("XT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"national-{language}-390.png"), full_page=True)
    page.goto("/national/provinces/BN/")
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(folder / f"national-province-{language}-390.png"), full_page=True)
    context.close()
