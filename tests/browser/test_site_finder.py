"""An investor on the portal states needs, sees ranked parks on the map and in a list, and
asks about one; the inquiry is a lead in the pipeline with the needs and the site. Map
tiles are blocked: the parks still draw on the plain background."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import UserFactory, ZoneFactory
from tests.investments.factories import SectorFactory
from tests.sites.factories import SiteReportFactory
from xuctien.core.roles import Role
from xuctien.investments.models import Project
from xuctien.sites.models import SiteNeeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_investor_finds_a_site_and_asks_about_it(page, settings):
    settings.XT_MAP_TILES = "https://tiles.invalid/{z}/{x}/{y}.png"
    page.route("https://tiles.invalid/**", lambda route: route.abort())
    manufacturing = SectorFactory(code="C", level="section", section="C", name_vi="Chế biến")
    electronics = SectorFactory(code="26", level="division", section="C", name_vi="Điện tử")
    big = ZoneFactory(code="KCN-BIG", name_vi="KCN Lớn", name_en="Big Park", status="operating")
    small = ZoneFactory(
        code="KCN-SMALL", name_vi="KCN Nhỏ", name_en="Small Park", status="operating"
    )
    SiteReportFactory(
        zone=big,
        available_ha=Decimal(42),
        power_kv=220,
        latitude=Decimal("20.95"),
        longitude=Decimal("106.80"),
        as_of=dt.date(2025, 6, 30),
        sectors=[manufacturing],
    )
    SiteReportFactory(
        zone=small,
        available_ha=Decimal(12),
        power_kv=110,
        latitude=Decimal("21.50"),
        longitude=Decimal("107.90"),
        sectors=[electronics],
    )

    page.goto(reverse("portal:site-finder", args=[big.province.slug]) + "?lang=en")
    page.fill("input[name=land_min_ha]", "30")
    page.select_option("select[name=sector]", "26")
    page.fill("input[name=power_kv]", "110")
    page.click("button:has-text('Find sites')")

    results = page.locator(".match-list > li")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text("Big Park")
    expect(results.nth(0)).to_contain_text("needs 30 ha; 42 ha available")
    expect(results.nth(0)).to_contain_text("needs 110 kV; park has 220 kV")
    expect(results.nth(1)).to_contain_text("Ruled out")
    expect(results.nth(1)).to_contain_text("needs 30 ha; only 12 ha available")
    # Both parks drawn on the map although no tile could load.
    markers = page.locator("#matches-map path.zone-marker")
    expect(markers).to_have_count(2)
    expect(page.locator("#matches-map")).to_have_attribute("data-drawn", "2")

    results.nth(0).get_by_role("link", name="Ask about this site").click()
    expect(page.locator("h1")).to_contain_text("Big Park")
    page.fill("input[name=company]", "Minh hoạ Electronics Co.")
    page.select_option("select[name=country]", "JP")
    page.fill("input[name=contact_name]", "Tanaka")
    page.fill("input[name=email]", "tanaka@example.org")
    page.fill("textarea[name=message]", "We would like to visit the park.")
    page.check("input[name=consent]")
    page.click("button:has-text('Send')")
    expect(page.locator("body")).to_contain_text("Thank")

    lead = Project.objects.get(investors__name="Minh hoạ Electronics Co.")
    assert lead.stage == "lead"
    assert lead.zone == big
    assert lead.sector == electronics
    assert lead.land_ha == Decimal(30)
    needs = SiteNeeds.objects.get(project=lead)
    assert needs.zone == big
    assert needs.needs["land_min_ha"] == "30"
    assert needs.needs["power_kv"] == 110
    assert needs.needs["sector"] == "26"

    # The Centre's officer sees the lead in the pipeline with the needs and the site.
    UserFactory(username="thuky", role=Role.SECRETARIAT)
    log_in(page, "thuky")
    page.goto(reverse("investments:project-detail", args=[lead.pk]) + "?lang=en")
    site_panel = page.locator("section[aria-labelledby=project-site-title]")
    expect(site_panel).to_contain_text("Big Park")
    expect(site_panel).to_contain_text("Needs stated by the investor")
    expect(site_panel).to_contain_text("Grid voltage needed (kV): 110")
    expect(site_panel.locator("path.zone-marker")).to_have_count(1)
