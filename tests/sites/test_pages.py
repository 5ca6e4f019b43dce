"""Plots on the report page, "choose this site" in the staff finder, and the zone filters
the list page and the API share."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, ProvinceFactory, UserFactory, ZoneFactory
from tests.investments.factories import ProjectFactory
from tests.sites.factories import SiteReportFactory
from xuctien.core.models import Zone
from xuctien.core.roles import Role
from xuctien.sites import services
from xuctien.sites.models import Plot, SiteReport, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def park():
    ProvinceFactory()
    return ZoneFactory(code="KCN-DONGMAI", name_vi="KCN Đông Mai", status="operating")


def rows(*plots, extra=3):
    """The plot rows of the report page as a browser posts them."""
    data = {
        "plots-TOTAL_FORMS": str(len(plots) + extra),
        "plots-INITIAL_FORMS": "0",
        "plots-MIN_NUM_FORMS": "0",
        "plots-MAX_NUM_FORMS": "500",
    }
    for i, plot in enumerate(plots):
        for key, value in zip(("code", "area_ha", "status", "price_usd_m2"), plot, strict=True):
            data[f"plots-{i}-{key}"] = value
    return data


# --- Plots on the page ---------------------------------------------------------------


def test_the_developer_lists_plots_on_the_page_and_they_reach_the_portal_once_published(
    client, park
):
    developer = UserFactory(username="dev", role=Role.DEVELOPER, zone=park)
    board = UserFactory(
        username="qeza", role=Role.AGENCY, agency=AgencyFactory(code="QEZA", kind="board")
    )
    client.force_login(developer)
    url = reverse("sites:zone-report", args=["KCN-DONGMAI"])
    answer = client.post(
        url,
        {
            "source_url": "Chủ đầu tư, 6/2026",
            "as_of": "2026-06-30",
            **rows(("CN-01", "2.5", "available", "85"), ("CN-02", "4", "reserved", "")),
            "submit": "1",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    report = SiteReport.objects.get()
    assert [(p.code, p.area_ha, p.status, p.price_usd_m2) for p in report.plots.all()] == [
        ("CN-01", Decimal("2.50"), "available", Decimal("85.00")),
        ("CN-02", Decimal("4.00"), "reserved", None),
    ]
    # not public before the authority publishes
    client.logout()
    assert (
        "CN-01"
        not in client.get(reverse("portal:zones", args=[park.province.slug])).content.decode()
    )
    services.review(board, report, publish=True)
    portal = client.get(reverse("portal:zones", args=[park.province.slug])).content.decode()
    assert "CN-01" in portal
    assert "Còn trống" in portal
    assert "85" in portal
    zone_page = client.get(reverse("zone-detail", args=["KCN-DONGMAI"])).content.decode()
    assert "CN-02" in zone_page
    assert "Đã giữ chỗ" in zone_page


def test_plot_changes_on_the_page_keep_history_and_a_removed_plot_is_deleted(client, park):
    developer = UserFactory(username="dev", role=Role.DEVELOPER, zone=park)
    client.force_login(developer)
    url = reverse("sites:zone-report", args=["KCN-DONGMAI"])
    base = {"source_url": "Chủ đầu tư", "save": "1"}
    client.post(
        url, {**base, **rows(("CN-01", "2", "available", "80"), ("CN-02", "3", "leased", ""))}
    )
    data = {**base, **rows(("CN-01", "2", "leased", "80"), ("CN-02", "3", "leased", ""))}
    data["plots-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302

    (plot,) = Plot.objects.all()
    assert (plot.code, plot.status) == ("CN-01", "leased")
    changes = plot.history()
    assert [c.action for c in changes.order_by("at", "pk")] == ["create", "update"]
    assert changes.order_by("at", "pk").last().user == developer
    detail = client.get(reverse("sites:report", args=[plot.report_id])).content.decode()
    assert "CN-01" in detail


def test_bad_plot_rows_save_nothing_and_say_why(client, park):
    client.force_login(UserFactory(username="dev", role=Role.DEVELOPER, zone=park))
    url = reverse("sites:zone-report", args=["KCN-DONGMAI"])
    answer = client.post(
        url,
        {
            "source_url": "Chủ đầu tư",
            "save": "1",
            **rows(("CN-01", "2", "available", ""), ("CN-01", "3", "", "-5")),
        },
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Lô CN-01 xuất hiện hai lần." in text
    assert "Lô đất cần có trạng thái." in text
    assert not SiteReport.objects.exists()


def test_another_parks_developer_cannot_post_plots(client, park):
    other = ZoneFactory(code="KCN-OTHER")
    client.force_login(UserFactory(username="dev2", role=Role.DEVELOPER, zone=other))
    url = reverse("sites:zone-report", args=["KCN-DONGMAI"])
    answer = client.post(
        url, {"source_url": "x", "save": "1", **rows(("CN-9", "1", "available", ""))}
    )
    assert answer.status_code == 403
    assert not Plot.objects.exists()


# --- Choosing a site for a project ----------------------------------------------------


def test_staff_choose_a_site_for_a_project_from_the_finder(client, park, secretariat):
    SiteReportFactory(zone=park, available_ha=Decimal(40))
    project = ProjectFactory(land_ha=Decimal(30))
    client.force_login(secretariat)
    finder = client.get(reverse("sites:finder"), {"project": project.pk, "land_min_ha": "30"})
    assert "Chọn khu này cho dự án" in finder.content.decode()

    answer = client.post(reverse("sites:choose"), {"project": project.pk, "zone": "KCN-DONGMAI"})

    assert answer.status_code == 302
    assert answer["Location"] == reverse("investments:project-detail", args=[project.pk])
    project.refresh_from_db()
    assert project.zone == park
    change = project.history().order_by("-at", "-pk").first()
    assert change.user == secretariat
    assert (change.before, change.after) == ({"zone_id": None}, {"zone_id": park.pk})


def test_who_may_choose_a_site(client, park, leader, investor):
    project = ProjectFactory()
    ZoneFactory(code="KCN-OTHER")
    developer = UserFactory(username="dev", role=Role.DEVELOPER, zone=park)
    own_project = ProjectFactory(zone=park)
    url = reverse("sites:choose")
    # leadership reads the pipeline but does not change it
    client.force_login(leader)
    assert client.post(url, {"project": project.pk, "zone": "KCN-DONGMAI"}).status_code == 403
    # an investor does not see the project at all
    client.force_login(investor)
    assert client.post(url, {"project": project.pk, "zone": "KCN-DONGMAI"}).status_code == 404
    # a developer may not move its own park's project into another park
    client.force_login(developer)
    assert client.post(url, {"project": own_project.pk, "zone": "KCN-OTHER"}).status_code == 403
    client.logout()
    assert client.post(url, {"project": project.pk, "zone": "KCN-DONGMAI"}).status_code == 302
    project.refresh_from_db()
    own_project.refresh_from_db()
    assert project.zone is None
    assert own_project.zone == park


def test_an_economic_zone_is_not_a_site_to_choose(client, park, secretariat):
    ZoneFactory(code="KKT-QY", kind=Zone.Kind.ECONOMIC_ZONE)
    project = ProjectFactory()
    client.force_login(secretariat)
    answer = client.post(reverse("sites:choose"), {"project": project.pk, "zone": "KKT-QY"})
    assert answer.status_code == 302
    assert "project=" in answer["Location"]
    project.refresh_from_db()
    assert project.zone is None


# --- Filters shared by the zone list and the API -------------------------------------


@pytest.fixture
def parks(park):
    big = ZoneFactory(code="KCN-BIG", name_vi="KCN Lớn", status="operating")
    planned = ZoneFactory(code="KCN-PLAN", name_vi="KCN Quy hoạch", status="planned")
    SiteReportFactory(zone=park, available_ha=Decimal(10), occupancy_pct=Decimal("86.05"))
    SiteReportFactory(zone=big, available_ha=Decimal(120), occupancy_pct=Decimal(40))
    # a draft counts for nothing
    SiteReportFactory(zone=planned, available_ha=Decimal(500), state=State.DRAFT)
    return park, big, planned


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"available_min": "50"}, ["KCN-BIG"]),
        ({"available_min": "5"}, ["KCN-BIG", "KCN-DONGMAI"]),
        ({"occupancy_min": "80"}, ["KCN-DONGMAI"]),
        ({"occupancy_max": "50"}, ["KCN-BIG"]),
        ({"status": "planned"}, ["KCN-PLAN"]),
        ({"kind": "economic_zone"}, []),
    ],
)
def test_the_list_page_and_the_api_filter_alike(client, parks, query, expected):
    api = client.get("/api/v1/zones/", query).json()["results"]
    assert sorted(z["code"] for z in api) == expected
    page = client.get(reverse("zone-list"), query).content.decode()
    for code in ("KCN-BIG", "KCN-DONGMAI", "KCN-PLAN"):
        assert (f"/zones/{code}/" in page) == (code in expected), code


def test_a_published_status_overrides_the_zone_lists(client, parks):
    park, _big, _planned = parks
    SiteReportFactory(zone=park, status="under_construction")
    api = client.get("/api/v1/zones/", {"status": "under_construction"}).json()["results"]
    assert [z["code"] for z in api] == ["KCN-DONGMAI"]


def test_a_bad_filter_value_is_a_400_in_the_api(client, parks):
    answer = client.get("/api/v1/zones/", {"occupancy_min": "lots"})
    assert answer.status_code == 400
    assert "occupancy_min" in answer.json()
    answer = client.get("/api/v1/zones/", {"occupancy_max": "101"})
    assert answer.status_code == 400


def test_the_filters_are_in_the_api_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"]["/api/v1/zones/"]["get"]["parameters"]}
    assert {"q", "kind", "status", "locality", "available_min", "occupancy_min",
            "occupancy_max"} <= names  # fmt: skip


def test_the_map_says_which_zones_have_no_published_location(client, park):
    ZoneFactory(code="KCN-NOWHERE", name_vi="KCN Chưa rõ vị trí", name_en="Unplaced Park")
    SiteReportFactory(zone=park, latitude=Decimal("20.95"), longitude=Decimal("106.80"))
    text = client.get(reverse("zone-list"), {"lang": "en"}).content.decode()
    assert "1 of 2 zones placed on the map." in text
    assert "1 zone without a published location" in text
    missing = text.split('class="map-missing"')[1].split("</details>")[0]
    assert "Unplaced Park" in missing
    assert "Đông Mai" not in missing
