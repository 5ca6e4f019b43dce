"""Charts read like the tables: years on the axis, a legend, the unit, Vietnamese numbers."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import BreakthroughFactory, IndicatorFactory, ObservationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_one_year_series_is_drawn_around_its_year_with_legend_and_unit(page, db):
    indicator = IndicatorFactory(code="FDI_USD", unit="tỷ USD", breakthrough=BreakthroughFactory())
    ObservationFactory(indicator=indicator, period="2023", value="1.9")

    page.goto(reverse("programmes:dashboard"))

    chart = page.locator('[data-indicator="FDI_USD"] [data-chart-drawn] svg')
    expect(chart).to_be_visible()
    labels = [t.strip() for t in chart.locator("text").all_text_contents()]
    years = [int(t) for t in labels if re.fullmatch(r"\d{4}", t)]
    assert years, labels
    assert min(years) >= 2022, labels  # not year 0 or 1000
    assert max(years) <= 2024, labels
    assert "tỷ USD" in labels  # the unit names the value axis
    assert "Thực hiện" in labels  # the legend names the series drawn
    assert "1,5" in labels or "2" in labels  # Vietnamese decimals on the value axis
