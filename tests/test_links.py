"""Links and buttons only where the role may follow them.

For every role, the pages of its menu are opened from its home page, and every link shown
on them is followed once per kind of page: none may answer 403. A page that offers a
link its user may not open is a dead end, and the menu and the pages share the rule.
"""

from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    ObservationFactory,
    TargetFactory,
    UserFactory,
)
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.actions import services as actions
from xuctien.actions.models import Task
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.core.roles import Role
from xuctien.investments.stages import Stage
from xuctien.portal.models import Membership
from xuctien.programmes.models import Observation

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

#: Links not to follow: other sites' pages, the Django admin (its own permissions), files.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/api/")
#: Kinds of page (URL names) opened per page kind; enough to meet every link they show.
PER_KIND = 2


class Links(HTMLParser):
    """The site-relative targets of ``<a href>`` and of GET forms' ``action``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self._add(values.get("href"))
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self._add(values.get("action"))

    def _add(self, url: str | None) -> None:
        if url and url.startswith("/") and not url.startswith("//"):
            self.found.append(url)


def links_on(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


def kind_of(url: str) -> str | None:
    path = urlsplit(url).path
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


@pytest.fixture
def world(secretariat, agency, other_agency, officer, developer, investor):
    """One of each record a main page lists, seen from every role."""
    today = timezone.localdate()
    indicator = IndicatorFactory(code="MFG")
    TargetFactory(indicator=indicator)
    ObservationFactory(indicator=indicator)
    ObservationFactory(indicator=indicator, period="2022", status=Observation.Status.SUBMITTED)
    task = Task(
        title_vi="Báo cáo quý",
        title_en="Quarterly report",
        lead_agency=agency,
        start_date=today - timedelta(days=60),
        deadline=today + timedelta(days=5),
        is_synthetic=True,
    )
    actions.create_task(secretariat, task, [other_agency], today=today)
    company = InvestorFactory(name="Công ty minh hoạ", is_synthetic=True)
    Membership.objects.create(
        user=investor, investor=company, role=Membership.Role.OWNER, accepted_at=timezone.now()
    )
    ProjectFactory(
        name="Nhà máy minh hoạ",
        investors=[company],
        zone=developer.zone,
        stage=Stage.IRC_ISSUED,
        irc_date=date(2024, 5, 2),
        is_synthetic=True,
    )
    ProjectFactory(name="Đầu mối minh hoạ", is_synthetic=True)
    RoutingRule.objects.create(category=Category.LAND, agency=agency, working_days=5)
    aftercare.submit_request(
        investor,
        company,
        category=Category.LAND,
        title="Chậm bàn giao đất",
        description="Đất chưa được bàn giao.",
        is_synthetic=True,
    )


PERSONAS = [
    "admin_user",
    "secretariat",
    "leader",
    "officer",
    "board_officer",
    "developer",
    "investor",
]


@pytest.fixture
def board_officer(db):
    """An officer of the economic-zone board: a promotion agency, which edits the portal."""
    board = AgencyFactory(code="QEZA", kind="board", name_vi="Ban Quản lý KKT")
    return UserFactory(username="banqlkkt", role=Role.AGENCY, agency=board)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_link_on_a_main_page_leads_to_a_refusal(client, request, persona, world):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    seen: dict[str, int] = {}
    refused: list[str] = []

    def visit(url: str, source: str) -> str:
        response = client.get(url, follow=True)
        if response.status_code == 403:
            refused.append(f"{url} (linked from {source})")
        assert response.status_code < 500, url
        is_html = response.get("Content-Type", "").startswith("text/html")
        return response.content.decode() if is_html else ""

    def wanted(url: str) -> bool:
        kind = kind_of(url)
        if kind is None or seen.get(kind, 0) >= PER_KIND:
            return False
        seen[kind] = seen.get(kind, 0) + 1
        return True

    home = visit(reverse("home"), "login")
    main_pages = [url for url in dict.fromkeys(links_on(home)) if wanted(url)]
    for page in main_pages:
        for url in dict.fromkeys(links_on(visit(page, "home"))):
            if wanted(url):
                visit(url, page)

    assert refused == []
