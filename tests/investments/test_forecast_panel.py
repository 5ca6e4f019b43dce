"""The forecast panel says what it counts, in words, and no chance for a closed period
or an empty pipeline; it counts its province's pipeline, at once after a write, and a large
one in the background."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import IndicatorFactory, ProvinceFactory, TargetFactory
from tests.investments.factories import ProjectFactory
from xuctien.investments import analytics, tasks
from xuctien.investments.models import StageChange
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


def pipeline_project(sector, province=None, **fields):
    fields.setdefault("stage", Stage.DOSSIER)
    if province is not None:
        fields["province"] = province
    return ProjectFactory(
        sector=sector,
        expected_capital_vnd=Decimal(10**13),
        stage_since=dt.date(2026, 6, 1),
        **fields,
    )


@freeze_time("2026-11-30")
def test_another_provinces_pipeline_is_not_counted(client, capital, electronics):
    pipeline_project(electronics)  # Quảng Ninh, the indicator's province
    hanoi = ProvinceFactory(code="HN", name_vi="Hà Nội")
    pipeline_project(electronics, hanoi)
    pipeline_project(electronics, hanoi)

    assert "1 pipeline project counted" in panel(client, capital)


@freeze_time("2026-11-30")
def test_a_project_saved_is_counted_at_the_next_look(client, capital, electronics):
    pipeline_project(electronics)
    assert "1 pipeline project counted" in panel(client, capital)  # now cached

    second = pipeline_project(electronics)
    assert "2 pipeline projects counted" in panel(client, capital)

    second.stage = Stage.WITHDRAWN
    second.save()
    assert "1 pipeline project counted" in panel(client, capital)


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued for a worker and not run (the worker is the test)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    return default_task_backend.results


@freeze_time("2026-11-30")
def test_a_large_pipeline_is_computed_in_the_background(
    client, capital, electronics, monkeypatch, queued_tasks
):
    monkeypatch.setattr(analytics, "INLINE_LIMIT", 1)
    pipeline_project(electronics)
    pipeline_project(electronics)

    html = panel(client, capital)
    assert "Computing the forecast" in html
    assert 'hx-trigger="every 2s"' in html
    assert "data-target-year" not in html
    assert "Computing the forecast" in panel(client, capital)  # polled: still queued
    assert len(queued_tasks) == 1  # once, not once per poll

    assert tasks.compute_forecast.call(*queued_tasks[0].args) == {"targets": 1, "projects": 2}

    html = panel(client, capital)
    assert "2 pipeline projects counted" in html
    assert "hx-trigger" not in html  # the answer is there: polling stops
    assert 'data-target-year="2030"' in html


@freeze_time("2026-11-30")
def test_a_pipeline_below_the_limit_is_computed_at_once(client, capital, electronics, queued_tasks):
    pipeline_project(electronics)

    assert "1 pipeline project counted" in panel(client, capital)
    assert queued_tasks == []


def with_history(sector, count):
    for _ in range(count):
        project = pipeline_project(sector)
        StageChange.objects.create(project=project, to_stage=Stage.LEAD, date=dt.date(2025, 1, 1))
        StageChange.objects.create(
            project=project, to_stage=Stage.DOSSIER, date=dt.date(2026, 6, 1)
        )


@freeze_time("2026-11-30")
def test_the_panel_reads_a_constant_number_of_queries(
    client, capital, electronics, django_assert_max_num_queries
):
    with_history(electronics, 2)
    with CaptureQueriesContext(connection) as few:
        panel(client, capital)
    cache.clear()
    with_history(electronics, 8)
    with django_assert_max_num_queries(len(few)):
        assert "10 pipeline projects counted" in panel(client, capital)
    with django_assert_max_num_queries(len(few) - 3):  # cached: no stage change, pipeline, IRC
        panel(client, capital)


@freeze_time("2026-11-30")
def test_with_the_in_process_task_backend_a_large_pipeline_is_answered_at_once(
    client, capital, electronics, monkeypatch
):
    monkeypatch.setattr(analytics, "INLINE_LIMIT", 1)
    pipeline_project(electronics)
    pipeline_project(electronics)

    html = panel(client, capital)

    assert "Computing the forecast" not in html
    assert "2 pipeline projects counted" in html
