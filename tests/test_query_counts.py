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
