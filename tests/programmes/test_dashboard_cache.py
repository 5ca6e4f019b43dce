"""The dashboard's summary and cards, cached while what they show is unchanged.

The cached text is the page's own: a second visit answers the same HTML as the first (which
drew it), and every change the cards show draws it again: a figure, a target, an indicator
or a breakthrough changed even without ``save`` (a queryset's ``update``), the language,
the forecast panels, the province the links name.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ObservationFactory, TargetFactory
from tests.programmes.test_monitoring import resolution
from xuctien.programmes.models import Breakthrough, Indicator
from xuctien.programmes.views import monitoring as views

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("programmes:dashboard")


@pytest.fixture
def data(province, agency):
    return resolution(agency)


def page(client, **params) -> str:
    html = client.get(DASHBOARD, params).content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1X", html)


def test_a_second_visit_answers_the_same_page_from_the_cache(client, data):
    first = page(client)
    with CaptureQueriesContext(connection) as hit:
        second = page(client)

    assert second == first
    assert 'data-indicator="SHARE"' in second
    # neither the targets nor the figures are read again
    assert not [q for q in hit.captured_queries if "programmes_target" in q["sql"]]
    assert not [q for q in hit.captured_queries if "programmes_observation" in q["sql"]]


def test_the_cached_page_is_the_page_drawn_without_the_cache(client, data, monkeypatch):
    cached = [page(client), page(client)]

    monkeypatch.setattr(views.caching, "cache", lambda: DummyCache("", {}))

    assert page(client) == cached[0] == cached[1]


def test_a_new_figure_draws_the_cards_again(client, data):
    assert "12,43" in page(client)
    ObservationFactory(indicator=data["share"], period="2024", value=Decimal("13.5"))
    data["share"].observations.filter(value=Decimal("12.43")).delete()

    after = page(client)
    assert "13,5" in after
    assert "12,43" not in after.split('data-indicator="SHARE"')[1].split("</article>")[0]


def test_a_new_target_draws_the_cards_again(client, data):
    page(client)
    TargetFactory(indicator=data["share"], start_year=2026, year=2028, value=Decimal("77"))

    assert "2026–2028" in page(client)


def test_an_indicator_renamed_without_save_draws_the_cards_again(client, data):
    page(client)
    Indicator.objects.filter(code="SHARE").update(name_vi="Tên mới của chỉ tiêu")

    assert "Tên mới của chỉ tiêu" in page(client)


def test_a_breakthrough_renamed_without_save_draws_the_cards_again(client, data):
    page(client)
    Breakthrough.objects.filter(number=2).update(name_vi="Đột phá đổi tên")

    assert "Đột phá đổi tên" in page(client)


def test_each_language_has_its_own_cards(client, data):
    vietnamese, english = page(client), page(client, lang="en")

    assert "Đột phá" in vietnamese
    assert "Breakthrough 2" not in vietnamese
    assert "Breakthrough 2" in english
    cards = page(client, lang="vi").split('aria-labelledby="summary-title"')[1]
    assert cards == vietnamese.split('aria-labelledby="summary-title"')[1]


def test_the_forecast_panel_follows_the_investments_app(client, data, monkeypatch):
    from xuctien.programmes import computed

    monkeypatch.setitem(computed._providers, "CAPITAL", lambda *args: [])
    Indicator.objects.filter(code="CAPITAL").update(registry_feed="CAPITAL")
    monkeypatch.setattr(views, "forecast_panel_url", lambda: None)
    assert "hx-get" not in page(client)

    monkeypatch.setattr(views, "forecast_panel_url", lambda: "/investments/forecast/")
    assert 'hx-get="/investments/forecast/?indicator=CAPITAL"' in page(client)


def test_the_export_reads_the_cards_even_when_the_page_is_cached(client, data):
    page(client)
    response = client.get(DASHBOARD, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
