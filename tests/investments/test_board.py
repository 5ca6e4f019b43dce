"""The kanban board: filters, collapsed exits, amounts in VND billion, a fixed query count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgencyFactory, ProvinceFactory, UserFactory, ZoneFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core.models import Agency, Membership
from xuctien.core.roles import Role
from xuctien.investments.models import Stage
from xuctien.investments.views import board

HTMX = {"HTTP_HX_REQUEST": "true"}


def board_queries(client, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("investments:board"), params or {})
    assert response.status_code == 200
    return len(captured)


def cards(count: int, zone=None, **extra) -> None:
    stages = [Stage.LEAD, Stage.DOSSIER, Stage.IRC_ISSUED, Stage.OPERATING, Stage.WITHDRAWN]
    for n in range(count):
        ProjectFactory(name=f"Card {n}", stage=stages[n % len(stages)], zone=zone, **extra)


@pytest.fixture
def hai_phong(db):
    return ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong City")


@pytest.fixture
def two_province_officer(promoter, hai_phong):
    """Works Quảng Ninh's pipeline as a promotion officer and reads Hải Phòng's as its
    secretariat: two memberships, two rules."""
    Membership.objects.create(user=promoter, province=hai_phong, role=Role.SECRETARIAT)
    return promoter


@pytest.mark.parametrize("persona", ["two_province_officer", "national"])
def test_the_board_of_several_provinces_reads_as_many_queries_for_40_cards_as_for_10(
    client, request, hai_phong, persona
):
    user = request.getfixturevalue(persona) if persona != "national" else None
    user = user or UserFactory(username="quocgia", role=Role.NATIONAL)
    client.force_login(user)
    cards(5)
    cards(5, province=hai_phong)
    few = board_queries(client)
    cards(15)
    cards(15, province=hai_phong)

    assert board_queries(client) == few


def test_a_column_shows_its_largest_cards_its_count_and_a_link_to_every_card(
    client, promoter, monkeypatch
):
    monkeypatch.setattr(board, "CARDS_PER_STAGE", 2)
    for name, registered, expected in [
        ("Small", None, Decimal("1e9")),
        ("Largest", Decimal("9e9"), Decimal("1e9")),
        ("Middle", None, Decimal("5e9")),
        ("No amount", None, None),
    ]:
        ProjectFactory(
            name=name, stage=Stage.LEAD, capital_vnd=registered, expected_capital_vnd=expected
        )
    client.force_login(promoter)

    response = client.get(reverse("investments:board"), {"q": "a"})
    lead = response.context["columns"][0]

    assert [p.name for p in lead["cards"]] == ["Largest", "Middle"]
    assert (lead["count"], lead["more"]) == (4, 2)
    assert response.context["total"] == 4
    assert lead["see_all"].replace("&", "&amp;") in response.content.decode()
    listed = client.get(lead["see_all"] + "&page=1").context["projects"]
    assert sorted(p.name for p in listed) == ["Largest", "Middle", "No amount", "Small"]


def test_see_all_keeps_the_boards_filters_and_replaces_the_stage(rf):
    request = rf.get("/", {"q": "giày", "stage": "prospect", "page": "3", "zone": "7"})
    url = board.see_all_url(request, Stage.DOSSIER)
    assert url.startswith(reverse("investments:project-list") + "?")
    query = QueryDict(url.split("?", 1)[1])
    assert query.getlist("stage") == [Stage.DOSSIER]
    assert "page" not in query
    assert (query["zone"], query["q"]) == ("7", "giày")


def test_the_board_never_shows_another_provinces_leads(client, agency, hai_phong, promoter):
    other = AgencyFactory(province=hai_phong, code="BQL-HP", kind=Agency.Kind.BOARD)
    ProjectFactory(name="Their lead", stage=Stage.LEAD, province=hai_phong)
    ProjectFactory(name="Our lead", stage=Stage.LEAD)
    client.force_login(promoter)
    lead = client.get(reverse("investments:board")).context["columns"][0]
    assert [p.name for p in lead["cards"]] == ["Our lead"]
    assert lead["count"] == 1
    assert other.province == hai_phong


@pytest.mark.parametrize("persona", ["promoter", "developer", "secretariat"])
def test_the_board_reads_as_many_queries_for_25_cards_as_for_5(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    cards(5, zone=getattr(user, "zone", None))
    few = board_queries(client)
    cards(20, zone=getattr(user, "zone", None))

    assert board_queries(client) == few


def test_the_board_queries_do_not_grow_with_a_search_either(client, promoter):
    client.force_login(promoter)
    cards(5)
    few = board_queries(client, {"q": "card"})
    cards(20)

    assert board_queries(client, {"q": "card"}) == few


def test_the_board_shows_amounts_in_vnd_billion(client, promoter):
    ProjectFactory(name="Big plant", stage=Stage.DOSSIER, expected_capital_vnd=Decimal("2.5e12"))
    client.force_login(promoter)
    html = client.get(reverse("investments:board")).content.decode()
    assert "2.500 tỷ đồng" in html


def test_the_board_filters_by_zone_and_search(client, promoter):
    park = ZoneFactory(code="KCN-X", name_vi="KCN Sông Khoai")
    in_park = ProjectFactory(name="Nhà máy giày", stage=Stage.LEAD, zone=park)
    ProjectFactory(name="Nhà máy dệt", stage=Stage.LEAD)
    client.force_login(promoter)

    by_zone = client.get(reverse("investments:board"), {"zone": park.pk}).context
    by_text = client.get(reverse("investments:board"), {"q": "giay"}).context

    assert [p.pk for p in by_zone["columns"][0]["cards"]] == [in_park.pk]
    assert [p.pk for p in by_text["columns"][0]["cards"]] == [in_park.pk]


def test_the_exit_columns_are_collapsed_and_counted(client, promoter):
    ProjectFactory(name="Gone", stage=Stage.WITHDRAWN)
    client.force_login(promoter)
    html = client.get(reverse("investments:board")).content.decode()
    assert '<details class="board__exit board__drop" data-stage="withdrawn"' in html
    assert (
        '<details class="board__exit board__drop" data-stage="withdrawn" data-drop-label="' in html
    )


def test_only_movable_cards_are_draggable(client, developer, other_zone):
    ProjectFactory(name="Own", stage=Stage.LEAD, zone=developer.zone)
    ProjectFactory(
        name="Theirs", stage=Stage.IRC_ISSUED, zone=other_zone, irc_date=dt.date(2024, 1, 1)
    )
    client.force_login(developer)
    columns = client.get(reverse("investments:board")).context["columns"]
    lead, irc = (c["cards"] for c in columns[::5])

    assert [p.movable for p in lead] == [True]
    assert [p.movable for p in irc] == [False]


def test_a_drop_on_another_column_posts_the_move_and_keeps_the_filters(client, promoter):
    project = ProjectFactory(name="Nhà máy giày", stage=Stage.LEAD, investors=[InvestorFactory()])
    ProjectFactory(name="Other", stage=Stage.LEAD)
    client.force_login(promoter)
    url = reverse("investments:project-move", args=[project.pk]) + "?q=giay"

    response = client.post(url, {"to_stage": Stage.SITE_VISIT, "version": project.version}, **HTMX)

    project.refresh_from_db()
    assert project.stage == Stage.SITE_VISIT
    assert response.context["total"] == 1


def test_board_list_and_analytics_count_the_same_projects_per_stage(client, promoter):
    """One definition (``counting``): aggregate rows never count, synthetic ones do."""
    ProjectFactory(name="A", stage=Stage.LEAD)
    ProjectFactory(name="B", stage=Stage.LEAD, is_synthetic=True)
    ProjectFactory(name="C", stage=Stage.OPERATING, irc_date=dt.date(2020, 1, 1))
    ProjectFactory(name="Total of 2019", stage=Stage.OPERATING, is_aggregate=True)
    ProjectFactory(name="D", stage=Stage.WITHDRAWN)
    client.force_login(promoter)

    board = client.get(reverse("investments:board")).context
    on_board = {c["stage"]: c["count"] for c in board["columns"] + board["exits"]}
    funnel = {
        row.stage: row.at for row in client.get(reverse("investments:analytics")).context["funnel"]
    }
    listed = {
        stage: client.get(reverse("investments:project-list"), {"stage": stage}).context["counted"]
        for stage in on_board
    }

    assert (on_board[Stage.LEAD], on_board[Stage.OPERATING]) == (2, 1)
    assert listed == on_board
    assert funnel == {stage: n for stage, n in on_board.items() if stage in funnel}


def test_the_funnel_narrows_from_the_lead_to_the_plant(client, promoter):
    ProjectFactory(name="A", stage=Stage.LEAD)
    ProjectFactory(name="B", stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 1, 1))
    for n in range(3):
        ProjectFactory(name=f"Plant {n}", stage=Stage.OPERATING, irc_date=dt.date(2020, 1, 1))
    client.force_login(promoter)
    context = client.get(reverse("investments:analytics")).context
    reached = [row.reached for row in context["funnel"]]
    drawn = [item["value"] for item in context["funnel_chart"]["series"][0]["data"]]

    assert reached == [5, 4, 4, 4, 4, 4, 3, 3, 3]
    assert drawn == reached
    assert context["funnel"][0].onward_percent == 80


def test_sectors_are_shown_by_their_vsic_name(client, promoter, electronics):
    ProjectFactory(
        name="A", stage=Stage.IRC_ISSUED, irc_date=dt.date(2024, 1, 1), sector=electronics
    )
    client.force_login(promoter)
    groups = client.get(reverse("investments:analytics")).context["groups"]
    (sectors,) = [g for g in groups if g["key"] == "sector"]
    assert (
        sectors["rows"][0][0] == "26 – Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học"
    )


@pytest.mark.parametrize("persona", ["two_province_officer", "national"])
def test_the_unfiltered_boards_counts_are_the_pipelines_cached_ones_and_follow_a_move(
    client, request, hai_phong, persona
):
    """Hand-computed: Quảng Ninh 2 leads and 1 dossier, Hải Phòng 1 lead (and an aggregate
    row, never counted); filtered by a search, the board counts what it finds."""
    from xuctien.investments import services

    user = request.getfixturevalue(persona) if persona != "national" else None
    user = user or UserFactory(username="quocgia", role=Role.NATIONAL)
    client.force_login(user)
    moving = ProjectFactory(name="Alpha plant", stage=Stage.LEAD)
    ProjectFactory(name="Beta plant", stage=Stage.LEAD)
    ProjectFactory(name="Gamma", stage=Stage.DOSSIER)
    ProjectFactory(name="Delta plant", stage=Stage.LEAD, province=hai_phong)
    ProjectFactory(name="All leads", stage=Stage.LEAD, province=hai_phong, is_aggregate=True)

    def counts(params=None):
        context = client.get(reverse("investments:board"), params or {}).context
        return {c["stage"]: c["count"] for c in context["columns"] if c["count"]}

    assert counts() == {Stage.LEAD: 3, Stage.DOSSIER: 1}
    with CaptureQueriesContext(connection) as captured:
        assert counts() == {Stage.LEAD: 3, Stage.DOSSIER: 1}
    stage_counts = [q for q in captured if 'COUNT(DISTINCT "investments_project"' in q["sql"]]
    assert not stage_counts  # from the cache
    assert counts({"q": "plant"}) == {Stage.LEAD: 3}

    services.move_stage(UserFactory(is_superuser=True), moving, Stage.PROSPECT)
    assert counts() == {Stage.LEAD: 2, Stage.PROSPECT: 1, Stage.DOSSIER: 1}


def _shown(cards: dict) -> dict:
    """What a card shows of its project, column by column."""
    return {
        stage: [
            (
                *(p.pk, p.name, p.stage, p.version, p.is_synthetic, p.capital_vnd),
                *(p.expected_capital_vnd, str(p.zone) if p.zone else None, *p.investor_names),
            )
            for p in column
        ]
        for stage, column in cards.items()
    }


@pytest.fixture
def crowded(hai_phong):
    """More cards than a column shows at some stages, ties in amount and in name (the
    order's last keys), no amount, zones or none, several investors, two provinces."""
    park = ZoneFactory(code="KCN-U", name_vi="KCN Đông Mai", name_en="Dong Mai IP")
    pair = [InvestorFactory(name="Zeta Co"), InvestorFactory(name="Alpha Co")]
    stages = [Stage.LEAD, Stage.LEAD, Stage.DOSSIER, Stage.IRC_ISSUED, Stage.WITHDRAWN]
    for n in range(36):
        ProjectFactory(
            name=f"Plant {n % 4}",
            stage=stages[n % len(stages)],
            zone=park if n % 3 == 0 else None,
            capital_vnd=Decimal("5e9") if n % 7 == 0 else None,
            expected_capital_vnd=[Decimal("2e9"), Decimal("5e9"), None][n % 3],
            is_synthetic=n % 5 == 0,
            investors=pair if n % 2 else [InvestorFactory()],
            irc_date=dt.date(2024, 1, 1) if stages[n % len(stages)] == Stage.IRC_ISSUED else None,
        )
    ProjectFactory(name="Their plant", stage=Stage.LEAD, province=hai_phong)
    ProjectFactory(name="All leads", stage=Stage.LEAD, is_aggregate=True)


@pytest.mark.parametrize("persona", ["promoter", "developer", "secretariat", "national"])
@pytest.mark.parametrize("query", [{}, {"q": "plant"}])
def test_the_cards_of_every_stage_in_one_query_are_each_stages_cards(
    rf, request, crowded, persona, query
):
    """PostgreSQL reads the cards of every column in one ``UNION ALL``, SQLite a query per
    column: the same SQL runs on both, so each database checks the one against the other."""
    if persona == "national":
        user = UserFactory(username="quocgia", role=Role.NATIONAL)
    else:
        user = request.getfixturevalue(persona)
    http = rf.get("/", query)
    http.user = user
    projects = board.board_filter(http).qs
    stages = (*board.PIPELINE, *board.EXITS)

    with CaptureQueriesContext(connection) as together:
        one = board.top_cards(projects, stages, together=True)
    with CaptureQueriesContext(connection) as apart:
        each = board.top_cards(projects, stages, together=False)

    assert _shown(one) == _shown(each)
    # the cards with their investors' names (an array PostgreSQL writes; elsewhere after)
    assert len(together) == (1 if connection.vendor == "postgresql" else 2)
    assert len(apart) == len(stages) + 1
    if persona != "developer":
        assert len(each[Stage.LEAD]) == board.CARDS_PER_STAGE


def test_the_cards_come_in_one_query_on_postgresql_and_a_query_a_column_elsewhere(
    client, promoter, crowded
):
    client.force_login(promoter)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("investments:board"))
    unions = [q for q in captured if "UNION ALL" in q["sql"]]
    assert len(unions) == (1 if connection.vendor == "postgresql" else 0)


def counts_of(client, params=None) -> dict:
    context = client.get(reverse("investments:board"), params or {}).context
    return {c["stage"]: c["count"] for c in context["columns"] + context["exits"] if c["count"]}


@pytest.mark.parametrize("persona", ["two_province_officer", "national"])
def test_the_cached_counts_follow_every_write_that_moves_a_project_between_columns(
    client, request, hai_phong, persona
):
    """A move, a project moved to another province, a project made an aggregate row (never
    counted) or back, a deletion, an import's bulk write: the next board counts anew, and
    what it shows is what the database counts."""
    from xuctien.importing import bulk_write
    from xuctien.investments import counting, services
    from xuctien.investments.models import Project

    user = request.getfixturevalue(persona) if persona != "national" else None
    user = user or UserFactory(username="quocgia", role=Role.NATIONAL)
    client.force_login(user)
    admin = UserFactory(is_superuser=True)
    moving = ProjectFactory(name="Alpha", stage=Stage.LEAD)
    ProjectFactory(name="Beta", stage=Stage.DOSSIER)
    theirs = ProjectFactory(name="Gamma", stage=Stage.LEAD, province=hai_phong)

    def same_as_counted() -> dict:
        shown = counts_of(client)
        counted = counting.at_stage(Project.objects.restrict(user, "view"))
        assert shown == {stage: n for stage, n in counted.items() if n}
        return shown

    assert same_as_counted() == {Stage.LEAD: 2, Stage.DOSSIER: 1}
    with CaptureQueriesContext(connection) as captured:
        assert counts_of(client) == {Stage.LEAD: 2, Stage.DOSSIER: 1}
    assert not [q for q in captured if 'COUNT(DISTINCT "investments_project"' in q["sql"]]

    services.move_stage(admin, moving, Stage.PROSPECT)
    assert same_as_counted() == {Stage.LEAD: 1, Stage.PROSPECT: 1, Stage.DOSSIER: 1}

    # Moved out of a province the person reads: its old province's counts change too.
    elsewhere = ProvinceFactory(code="XX", name_vi="Tỉnh khác", name_en="Elsewhere")
    moving.refresh_from_db()
    moving.province = elsewhere
    moving.save()
    still = {Stage.PROSPECT: 1} if persona == "national" else {}  # who reads it there
    assert same_as_counted() == {Stage.LEAD: 1, Stage.DOSSIER: 1, **still}

    theirs.refresh_from_db()
    theirs.is_aggregate = True
    theirs.save()
    assert same_as_counted() == {Stage.DOSSIER: 1, **still}
    theirs.is_aggregate = False
    theirs.save()
    assert same_as_counted() == {Stage.LEAD: 1, Stage.DOSSIER: 1, **still}

    theirs.delete()
    assert same_as_counted() == {Stage.DOSSIER: 1, **still}

    province = Project.objects.get(name="Beta").province
    imported = Project(name="Imported", stage=Stage.OPERATING, province=province)
    bulk_write(Project, [imported], [], "import")
    assert same_as_counted() == {Stage.DOSSIER: 1, Stage.OPERATING: 1, **still}


def test_a_card_of_a_project_past_a_thousand_posts_back_its_own_id_and_version(client, promoter):
    """Numbers a form posts back are written as numbers: Vietnamese grouping made a card
    of project 12,345 at version 1,000 read ``data-version="1.000"``, which the move form
    posted and the stale-edit check refused (1.000 read as 1)."""
    import re

    project = ProjectFactory(pk=12345, name="Nhà máy lớn", stage=Stage.LEAD)
    project.__class__.objects.filter(pk=project.pk).update(version=1000)
    client.force_login(promoter)
    page = client.get(reverse("investments:board")).content.decode()

    assert 'id="card-12345" data-project="12345"' in page
    assert 'data-version="1000"' in page
    posted = re.search(r'name="version" value="([^"]+)"', page).group(1)
    assert posted == "1000"
    url = reverse("investments:project-move", args=[project.pk])
    client.post(url, {"to_stage": Stage.SITE_VISIT, "version": posted}, **HTMX)
    project.refresh_from_db()
    assert project.stage == Stage.SITE_VISIT
