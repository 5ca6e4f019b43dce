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


def _province_with(code, stages, synthetic=0):
    """A province whose projects went through ``stages`` (each a list of (stage, day))."""
    from tests.factories import ProvinceFactory
    from xuctien.investments.models import StageChange

    province = ProvinceFactory(code=code, name_vi=f"Tỉnh {code}", name_en=code)
    for index, history in enumerate(stages):
        project = ProjectFactory(
            province=province,
            stage=history[-1][0],
            is_synthetic=index < synthetic,
            irc_date=dt.date(2024, 3, 1),
            capital_vnd=Decimal("1e12") * (index + 1),
            jobs_planned=10,
            investors=[],
        )
        StageChange.objects.bulk_create(
            StageChange(project=project, to_stage=stage, date=day) for stage, day in history
        )
    return province


def test_every_province_is_computed_together_as_each_alone():
    """Hand-computed. Province A: one project lead (1 Jan) -> prospect (11 Jan), one
    synthetic lead (1 Feb); province B: lead (1 Jan) -> prospect (4 Jan) -> lead again
    (9 Jan), the second synthetic too, and a lead with no history."""
    from xuctien.investments.models import Project

    day = dt.date
    lead, prospect = Stage.LEAD, Stage.PROSPECT
    a = _province_with(
        "AA",
        [[(lead, day(2025, 2, 1))], [(lead, day(2025, 1, 1)), (prospect, day(2025, 1, 11))]],
        synthetic=1,
    )
    b = _province_with(
        "BB",
        [
            [(lead, day(2025, 1, 1)), (prospect, day(2025, 1, 4)), (lead, day(2025, 1, 9))],
            [(lead, day(2025, 3, 1))],
        ],
        synthetic=2,
    )
    empty = _province_with("CC", [])
    ProjectFactory(province=b, stage=Stage.LEAD, investors=[], is_synthetic=False)

    together = aggregates.compute_each(Project.objects.all())
    assert set(together) == {a.pk, b.pk}  # a province without projects is left out
    for province in (a, b):
        alone = aggregates.compute(Project.objects.filter(province=province))
        assert together[province.pk] == alone
    assert aggregates.compute(Project.objects.filter(province=empty)) == aggregates.empty()

    one, other = together[a.pk], together[b.pk]
    assert (one.at[Stage.LEAD], one.at[Stage.PROSPECT], one.synthetic) == (1, 1, 1)
    assert (other.at[Stage.LEAD], other.at[Stage.PROSPECT], other.synthetic) == (3, 0, 2)
    assert (one.entered, one.went_on) == (Counter(lead=2, prospect=1), Counter(lead=1))
    assert (other.entered, other.went_on) == (Counter(lead=2, prospect=1), Counter(lead=1))
    assert one.stays == {Stage.LEAD: Counter({10: 1})}
    assert other.stays == {Stage.LEAD: Counter({3: 1}), Stage.PROSPECT: Counter({5: 1})}
    # real projects only: A's second (2 trillion); B's none but the one without history
    assert one.groups["year"] == {2024: [Decimal("2e12"), 10]}
    assert set(other.groups["year"]) == {None}


def test_a_national_page_computes_its_cold_provinces_in_as_many_queries_as_one(client):
    """The national user's analytics, every cache empty: the same number of queries for
    three provinces as for one."""
    from django.core.cache import cache

    from tests.factories import UserFactory
    from xuctien.core.roles import Role

    day = dt.date(2025, 1, 1)
    _province_with("AA", [[(Stage.LEAD, day)]])
    client.force_login(UserFactory(role=Role.NATIONAL))
    cache.clear()
    funnel, _groups, one = analytics(client)
    assert funnel[Stage.LEAD] == 1
    _province_with("BB", [[(Stage.LEAD, day)], [(Stage.PROSPECT, day)]])
    _province_with("CC", [[(Stage.LEAD, day)]])
    cache.clear()
    funnel, _groups, three = analytics(client)
    assert (funnel[Stage.LEAD], funnel[Stage.PROSPECT]) == (3, 1)
    assert three == one
