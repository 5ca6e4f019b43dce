"""The developer's report page on a phone: the plot rows and the buttons fit 390 px (the
fieldset grew to its table's width, the two buttons did not wrap), a plot is listed and
saved, and saving the page again unchanged changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import ProvinceFactory, UserFactory, ZoneFactory
from xuctien.core.models import ChangeRecord
from xuctien.core.roles import Role
from xuctien.sites.models import Plot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_developer_lists_a_plot_on_a_phone(page):
    ProvinceFactory()
    park = ZoneFactory(code="KCN-DONGMAI", name_vi="KCN Đông Mai", status="operating")
    UserFactory(username="chudautu", role=Role.DEVELOPER, zone=park)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "chudautu")

    url = reverse("sites:zone-report", args=["KCN-DONGMAI"])
    # In English "Save and submit for approval" is long: the buttons wrap, the page does not widen.
    page.goto(url + "?lang=en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(url + "?lang=vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("textarea[name=source_url]", "Báo cáo của chủ đầu tư, 6/2026")
    page.fill("input[name=plots-0-code]", "CN-01")
    page.fill("input[name=plots-0-area_ha]", "2.5")
    page.select_option("select[name=plots-0-status]", "available")
    page.fill("input[name=plots-0-price_usd_m2]", "85")
    page.click("button[name=save]")
    expect(page.locator(".messages, [role=status]").first).to_be_visible()

    plot = Plot.objects.get()
    assert (plot.code, plot.area_ha, plot.price_usd_m2) == ("CN-01", Decimal("2.50"), 85)
    expect(page.locator("input[name=plots-0-code]")).to_have_value("CN-01")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    changes = ChangeRecord.objects.count()

    page.click("button[name=save]")  # unchanged
    expect(page.locator("input[name=plots-0-code]")).to_have_value("CN-01")
    assert Plot.objects.get().version == plot.version
    assert ChangeRecord.objects.filter(object_repr="CN-01").count() == 1
    assert ChangeRecord.objects.count() - changes <= 1  # at most the report's own save
