"""The pipeline's aggregates: computed in SQL per province, cached, invalidated by writes."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.investments import aggregates, services
from xuctien.investments.models import Stage

pytestmark = pytest.mark.django_db


def analytics(client):
    with CaptureQueriesContext(connection) as captured:
        context = client.get(reverse("investments:analytics")).context
    funnel = {row.stage: row.at for row in context["funnel"]}
    groups = {g["key"]: g["rows"] for g in context["groups"]}
    return funnel, groups, len(captured)


def test_the_analytics_are_cached_until_a_project_moves(client, promoter):
    project = ProjectFactory(name="Plant", stage=Stage.LEAD)
    client.force_login(promoter)
    funnel, _groups, cold = analytics(client)
    assert funnel[Stage.LEAD] == 1
    _funnel, _groups, warm = analytics(client)
    assert warm < cold

    services.move_stage(promoter, project, Stage.PROSPECT, on=dt.date(2025, 1, 2))

    funnel, _groups, _queries = analytics(client)
    assert (funnel[Stage.LEAD], funnel[Stage.PROSPECT]) == (0, 1)


def test_an_investors_new_country_shows_at_once(client, promoter):
    investor = InvestorFactory(name="Acme", country="JP")
    ProjectFactory(
        name="Plant",
        stage=Stage.OPERATING,
        irc_date=dt.date(2022, 1, 1),
        capital_vnd=Decimal("2e12"),
        jobs_planned=100,
        investors=[investor],
    )
    client.force_login(promoter)
    _funnel, groups, _queries = analytics(client)
    assert [(label, jobs) for label, _capital, jobs in groups["country"]] == [("Nhật Bản", 100)]

    investor.country = "KR"
    investor.save()

    _funnel, groups, _queries = analytics(client)
    assert [(label, jobs) for label, _capital, jobs in groups["country"]] == [("Hàn Quốc", 100)]


def test_the_totals_group_by_the_first_investor_and_label_the_unknown_alike(client, promoter):
    """Hand-computed: 2 + 3 trillion from Japan (first investor by name), 1 without one."""
    japan, korea = (
        InvestorFactory(name="A Japan", country="JP"),
        InvestorFactory(name="B Korea", country="KR"),
    )
    for name, capital, investors in [
        ("One", "2e12", [japan, korea]),
        ("Two", "3e12", [japan]),
        ("Three", "1e12", []),
    ]:
        ProjectFactory(
            name=name,
            stage=Stage.IRC_ISSUED,
            irc_date=dt.date(2024, 5, 1),
            capital_vnd=Decimal(capital),
            jobs_planned=10,
            investors=investors,
        )
    client.force_login(promoter)
    _funnel, groups, _queries = analytics(client)
    assert groups["country"] == [("Nhật Bản", Decimal(5), 20), ("—", Decimal(1), 10)]
    assert groups["year"] == [("2024", Decimal(6), 30)]


@pytest.mark.parametrize(
    ("days", "expected"),
    [({}, None), ({5: 1}, 5), ({1: 1, 3: 1}, 2.0), ({1: 2, 9: 1}, 1), ({2: 1, 4: 2, 10: 1}, 4.0)],
)
def test_the_weighted_median_is_the_median_of_the_values_repeated(days, expected):
    assert aggregates.weighted_median(Counter(days)) == expected
