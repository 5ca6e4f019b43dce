"""The main page of every app reads as many queries for many rows as for a few.

Each case adds rows the page shows, measures, adds many more, and measures again: the
count must not move. (The task list and the scorecard: tests/actions/test_queries.py;
the programme dashboard: tests/programmes/test_views_monitoring.py.)
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgencyFactory, UserFactory, ZoneFactory
from tests.investments.factories import CapitalEventFactory, InvestorFactory, ProjectFactory
from tests.portal.factories import ArticleFactory
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Stage

pytestmark = pytest.mark.django_db

STAGES = [Stage.LEAD, Stage.SITE_VISIT, Stage.IRC_ISSUED, Stage.OPERATING, Stage.WITHDRAWN]


def projects(count: int, start: int) -> None:
    zone = ZoneFactory(code=f"Z{start}")
    for n in range(start, start + count):
        stage = STAGES[n % len(STAGES)]
        irc = (
            dt.date(2020 + n % 5, 1 + n % 12, 1)
            if stage in (Stage.IRC_ISSUED, Stage.OPERATING)
            else None
        )
        project = ProjectFactory(
            name=f"Project {n}",
            stage=stage,
            irc_date=irc,
            zone=zone,
            jobs_planned=10 * n,
            investors=[InvestorFactory(country=["JP", "KR", "CN"][n % 3])],
        )
        if irc:
            CapitalEventFactory(project=project, date=irc, amount=Decimal(10**11))


def requests(count: int, start: int) -> None:
    secretariat = UserFactory(username=f"clerk{start}", role=Role.SECRETARIAT)
    agency = Agency.objects.get(code="SCT")
    RoutingRule.objects.get_or_create(
        category=Category.LAND, defaults={"agency": agency, "working_days": 5}
    )
    for n in range(start, start + count):
        company = InvestorFactory(name=f"Company {n}")
        aftercare.submit_request(
            secretariat,
            company,
            category=Category.LAND,
            title=f"Request {n}",
            description="Đất chưa được bàn giao.",
            received_on=dt.date(2025, 3, 3),
            today=dt.date(2025, 3, 3),
        )


def articles(count: int, start: int) -> None:
    for n in range(start, start + count):
        ArticleFactory(slug=f"news-{n}")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def promoter(db):
    board = AgencyFactory(code="BQLKKT", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=board)


@pytest.mark.parametrize(
    ("page", "rows", "persona"),
    [
        ("investments:board", projects, "promoter"),
        ("investments:project-list", projects, "promoter"),
        ("investments:project-list", projects, None),
        ("investments:investor-list", projects, "promoter"),
        ("investments:analytics", projects, "promoter"),
        ("investments:analytics", projects, None),
        ("aftercare:request-list", requests, "secretariat"),
        ("portal:home", articles, None),
        ("portal:home", projects, None),
    ],
)
def test_a_main_page_does_not_query_once_per_row(client, request, agency, page, rows, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    url = reverse(page, args=["quang-ninh"]) if page.startswith("portal:") else reverse(page)
    rows(3, 0)
    few = count_queries(client, url)
    rows(12, 100)

    assert count_queries(client, url) == few


# --- Home, national, portal, sites, screening, labour, reports and their API lists ------
# Rows go to two provinces (Quảng Ninh and Hải Phòng), so the national persona and a
# person with a role in each read rows of both.


def two_provinces() -> list:
    from tests.factories import ProvinceFactory

    return [
        ProvinceFactory(),
        ProvinceFactory(code="HP", slug="hai-phong", name_vi="TP Hải Phòng", name_en="Hai Phong"),
    ]


def indicators(count: int, start: int) -> None:
    """Provinces each with a programme whose indicator is mapped to a national one, with a
    target and a figure (the national pages: one row per province)."""
    from tests.factories import (
        IndicatorFactory,
        ObservationFactory,
        ProgrammeFactory,
        ProvinceFactory,
        TargetFactory,
    )
    from xuctien.national.models import CatalogueIndicator, CatalogueMapping

    catalogue, _ = CatalogueIndicator.objects.get_or_create(
        code="GRDP_GROWTH",
        defaults={"name_vi": "Tăng trưởng GRDP", "unit": "%", "behaviour": "level"},
    )
    for n in range(start, start + count):
        province = ProvinceFactory(code=f"P{n}", name_vi=f"Tỉnh {n}", name_en=f"Province {n}")
        indicator = IndicatorFactory(programme=ProgrammeFactory(province=province), code=f"I{n}")
        TargetFactory(indicator=indicator)
        ObservationFactory(indicator=indicator, value=Decimal(n))
        CatalogueMapping.objects.create(indicator=indicator, catalogue=catalogue)
        ProjectFactory(province=province, expected_capital_vnd=Decimal(10**9))


def province_indicators(count: int, start: int) -> None:
    """Indicators of Quảng Ninh's programme, each with a target and a figure."""
    from tests.factories import IndicatorFactory, ObservationFactory, TargetFactory

    for n in range(start, start + count):
        indicator = IndicatorFactory(code=f"QN_{n}")
        TargetFactory(indicator=indicator)
        ObservationFactory(indicator=indicator)


def zones(count: int, start: int) -> None:
    for province in two_provinces():
        for n in range(start, start + count):
            ZoneFactory(province=province, code=f"{province.code}-KCN{n}")


def site_reports(count: int, start: int) -> None:
    from tests.sites.factories import SiteReportFactory
    from xuctien.sites.models import State

    for province in two_provinces():
        for n in range(start, start + count):
            zone = ZoneFactory(province=province, code=f"{province.code}-R{n}")
            SiteReportFactory(province=province, zone=zone, state=State.SUBMITTED)


def opportunities(count: int, start: int) -> None:
    from tests.portal.factories import OpportunityFactory

    for n in range(start, start + count):
        OpportunityFactory(code=f"opp-{n}")


def needs(count: int, start: int) -> None:
    from xuctien.labour.models import Need, Occupation

    occupation, _ = Occupation.objects.get_or_create(
        code="72", defaults={"name_vi": "Thợ cơ khí", "name_en": "Metal, machinery"}
    )
    for province in two_provinces():
        for n in range(start, start + count):
            zone = ZoneFactory(province=province, code=f"{province.code}-N{n}")
            Need.objects.create(
                province=province,
                enterprise=InvestorFactory(name=f"Company {province.code} {n}"),
                project=ProjectFactory(zone=zone),
                zone=zone,
                occupation=occupation,
                level="intermediate",
                number=10 + n,
                year=2027,
            )


def programme_years(count: int, start: int) -> None:
    from xuctien.labour.models import Institution, Occupation, Programme, ProgrammeYear

    occupation, _ = Occupation.objects.get_or_create(
        code="72", defaults={"name_vi": "Thợ cơ khí", "name_en": "Metal, machinery"}
    )
    for province in two_provinces():
        for n in range(start, start + count):
            school = Institution.objects.create(
                province=province, code=f"{province.code}-CD{n}", kind="college",
                name_vi=f"Trường {n}",
            )  # fmt: skip
            programme = Programme.objects.create(
                institution=school, occupation=occupation, level="intermediate", name_vi="Cơ khí"
            )
            ProgrammeYear.objects.create(programme=programme, year=2027, graduates=40)


def reports(count: int, start: int) -> None:
    from tests.factories import ProgrammeFactory
    from xuctien.reports import services as report_services

    author = UserFactory(username=f"author{start}", role=Role.SECRETARIAT)
    programme = ProgrammeFactory()
    for n in range(start, start + count):
        period = f"{2010 + n % 100}" if n < 100 else f"{2010 + n % 100}-Q2"
        report_services.create_draft(author, programme, period)


def screened_projects(count: int, start: int) -> None:
    """Projects in clusters inside parks inside an economic zone, with the criteria."""
    from xuctien.screening.criteria import load_starting_criteria
    from xuctien.screening.models import CriteriaSet

    if not CriteriaSet.objects.exists():
        load_starting_criteria()
    zone = ZoneFactory(code=f"KKT{start}", kind="economic_zone")
    for n in range(start, start + count):
        park = ZoneFactory(code=f"KCN{n}", parent=zone)
        cluster = ZoneFactory(code=f"CCN{n}", parent=park, kind="industrial_cluster")
        ProjectFactory(zone=cluster, stage=STAGES[n % len(STAGES)], irc_date=dt.date(2024, 1, 1))


def irc_projects(count: int, start: int) -> None:
    """Projects holding an IRC in both provinces, some with a jobs report."""
    from xuctien.labour.models import JobsReport

    for province in two_provinces():
        zone = ZoneFactory(province=province, code=f"{province.code}-J{start}")
        for n in range(start, start + count):
            project = ProjectFactory(zone=zone, irc_date=dt.date(2024, 1, 1), jobs_planned=n)
            if n % 2:
                JobsReport.objects.create(project=project, year=2025, workers=n)


@pytest.fixture
def two_province_reader(promoter):
    """A promotion officer in Quảng Ninh who is also Hải Phòng's secretariat."""
    from tests.factories import ProvinceFactory
    from xuctien.core.models import Membership

    hai_phong = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    Membership.objects.create(user=promoter, province=hai_phong, role=Role.SECRETARIAT)
    return promoter


@pytest.fixture
def national(db):
    return UserFactory(username="quocgia", role=Role.NATIONAL)


@pytest.fixture
def secretariat_of_two(db):
    """The secretariat of Quảng Ninh who is the secretariat of Hải Phòng too."""
    from xuctien.core.models import Membership

    _qn, hp = two_provinces()
    person = UserFactory(username="thuky2", role=Role.SECRETARIAT)
    Membership.objects.create(user=person, province=hp, role=Role.SECRETARIAT)
    return person


def _url(page: str) -> str:
    if page.startswith("portal:") and page != "portal:account":
        return reverse(page, args=["quang-ninh"])
    if page == "national:province":
        return reverse(page, args=["QN"])
    return reverse(page)


@pytest.mark.parametrize(
    ("page", "rows", "persona"),
    [
        ("home", requests, "secretariat"),
        ("home", requests, "secretariat_of_two"),
        ("national:index", indicators, "national"),
        ("national:province", province_indicators, "national"),
        ("national-indicator-list", indicators, "national"),
        ("province-list", indicators, None),
        ("zone-list", zones, None),
        ("zone-list", zones, "national"),
        ("zone-list", zones, "secretariat_of_two"),
        ("api-zone-list", zones, "national"),
        ("portal:zones", zones, None),
        ("portal:site-finder", zones, None),
        ("portal:article-list", articles, None),
        ("portal:opportunity-list", opportunities, None),
        ("portal-article-list", articles, None),
        ("portal-opportunity-list", opportunities, None),
        ("sites:finder", zones, "secretariat"),
        ("sites:review", site_reports, "secretariat"),
        ("sites:review", site_reports, "secretariat_of_two"),
        ("sites:review", site_reports, "national"),
        ("labour:need-list", needs, "secretariat"),
        ("labour:need-list", needs, "secretariat_of_two"),
        ("labour:need-list", needs, "national"),
        ("labour:gaps", needs, "secretariat"),
        ("labour:supply", programme_years, None),
        ("labour-demand-list", needs, "national"),
        ("labour-demand-list", needs, "secretariat_of_two"),
        ("labour-supply-list", programme_years, None),
        ("labour-gap-list", needs, "secretariat"),
        ("screening:analytics", screened_projects, "secretariat"),
        ("screening:analytics", screened_projects, "national"),
        ("labour:jobs", irc_projects, "secretariat"),
        ("labour:jobs", irc_projects, "secretariat_of_two"),
        ("labour:jobs", irc_projects, "national"),
        ("reports:list", reports, "secretariat"),
        ("reports:list", reports, "national"),
    ],
)
def test_a_page_of_the_nation_reads_as_many_queries_for_many_rows(
    client, request, agency, page, rows, persona
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    from django.core.cache import caches

    url = _url(page)

    def cold_and_warm() -> tuple[int, int]:
        """Every cache empty, then filled: the rows added since read from the database once,
        as the new rows of a cached page are; the counts may not grow with the rows."""
        for cache in caches.all(initialized_only=True):
            cache.clear()
        return count_queries(client, url), count_queries(client, url)

    rows(2, 0)
    count_queries(client, url)  # once to fill the process's own memos (the feeds' settings)
    few = cold_and_warm()
    rows(6, 100)

    assert cold_and_warm() == few


def projects_in_two_provinces(count: int, start: int) -> None:
    from tests.factories import ProvinceFactory

    projects(count, start)
    hai_phong = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    zone = ZoneFactory(code=f"HP{start}", province=hai_phong)
    for n in range(start, start + count):
        ProjectFactory(
            name=f"Hải Phòng {n}",
            stage=STAGES[n % len(STAGES)],
            zone=zone,
            investors=[InvestorFactory(country="JP")],
        )


LISTS = [
    "investments:board",
    "investments:project-list",
    "investments:investor-list",
    "investments:analytics",
]
API_LISTS = ["/api/v1/projects/", "/api/v1/investors/"]


@pytest.mark.parametrize("persona", ["two_province_reader", "national", None])
@pytest.mark.parametrize("page", LISTS + API_LISTS)
def test_a_pipeline_page_of_several_provinces_does_not_query_once_per_row(
    client, request, agency, page, persona
):
    if page == "investments:board" and persona is None:
        return  # the board is for people who sign in
    if persona:
        client.force_login(request.getfixturevalue(persona))
    url = page if page.startswith("/") else reverse(page)
    projects_in_two_provinces(3, 0)
    few = count_queries(client, url)
    few_searched = count_queries(client, url + "?q=project")
    projects_in_two_provinces(12, 100)

    assert count_queries(client, url) == few
    assert count_queries(client, url + "?q=project") == few_searched


@pytest.mark.parametrize("persona", ["promoter", "national", None])
@pytest.mark.parametrize("page", ["investments:project-detail", "investments:investor-detail"])
def test_a_record_page_does_not_query_once_per_related_row(client, request, agency, page, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    investor = InvestorFactory(name="Shared")
    project = ProjectFactory(
        name="Plant", stage=Stage.OPERATING, irc_date=dt.date(2022, 1, 1), investors=[investor]
    )
    record = project if page.endswith("project-detail") else investor
    CapitalEventFactory(project=project, date=dt.date(2022, 1, 1), amount=Decimal(10**11))
    few = count_queries(client, reverse(page, args=[record.pk]))
    for n in range(10):
        CapitalEventFactory(project=project, date=dt.date(2022, 2, 1 + n), amount=Decimal(10**9))
        ProjectFactory(
            name=f"Plant {n}", stage=Stage.OPERATING, irc_date=dt.date(2023, 1, 1),
            investors=[investor],
        )  # fmt: skip

    assert count_queries(client, reverse(page, args=[record.pk])) == few
