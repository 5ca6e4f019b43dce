"""The forecast panel says what it counts, in words, and no chance for a closed period
or an empty pipeline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import IndicatorFactory, TargetFactory
from tests.investments.factories import ProjectFactory
from xuctien.investments.stages import Stage
from xuctien.programmes.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def capital():
    indicator = IndicatorFactory(
        code="MFG_INVEST_CAPITAL",
        registry_feed="capital",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal(50))
    TargetFactory(indicator=indicator, start_year=2021, year=2030, value=Decimal(100))
    return indicator


def panel(client, indicator) -> str:
    response = client.get(
        reverse("investments:forecast-panel"), {"indicator": indicator.code, "lang": "en"}
    )
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@freeze_time("2026-11-30")
def test_a_closed_period_gets_no_chance(client, capital, electronics):
    ProjectFactory(
        stage=Stage.DOSSIER,
        sector=electronics,
        expected_capital_vnd=Decimal(10**13),
        stage_since=dt.date(2026, 6, 1),
    )

    html = panel(client, capital)

    assert 'data-target-year="2025"' not in html  # the period is over: no chance for it
    assert 'data-target-year="2030"' in html
    assert "A period that is over gets no forecast" in html
    assert "9 chances in 10 of at least" in html  # 2030 is still open, with a pipeline
    assert "P10" not in html


@freeze_time("2026-11-30")
def test_an_empty_pipeline_gets_no_chance(client, capital):
    html = panel(client, capital)

    assert "data-probability" not in html
    assert "No project in the pipeline would add to it" in html
