"""The report's figures are the dashboard's: Quảng Ninh's real data loaded, every indicator's
figure and status in the report for a year equal those the dashboard shows for that year."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from tests.factories import UserFactory
from xuctien.programmes.models import Programme
from xuctien.programmes.views.monitoring import DashboardView
from xuctien.reports import figures
from xuctien.reports.periods import parse

pytestmark = pytest.mark.django_db


def test_every_indicator_matches_the_dashboard_for_quang_ninh():
    call_command("load_quangninh", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    programme = Programme.objects.get(code="NQ01")
    request = RequestFactory().get("/")
    request.user = UserFactory(username="quantri-bc", is_superuser=True)
    view = DashboardView(request=request, kwargs={"programme": "NQ01"})
    cards = [item for group in view.get_context_data()["groups"] for item in group["reports"]]
    years = {item.headline.year for item in cards if item.headline is not None}
    checked = 0
    for year in sorted(years):
        rows = {row["code"]: row for row in figures.indicator_figures(programme, parse(str(year)))}
        for item in cards:
            if item.headline is None or item.headline.year != year:
                continue
            row = rows[item.indicator.code]
            actual = item.headline.result.actual
            assert row["actual"] == (None if actual is None else str(actual)), item.indicator
            assert row["status"] == item.status, item.indicator
            checked += 1
    assert checked == len([item for item in cards if item.headline is not None]) > 10
