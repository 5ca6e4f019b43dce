"""Quảng Ninh's published figures in the API, drafts kept out, and who may publish."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import AgencyFactory, ProvinceFactory, UserFactory, ZoneFactory
from xuctien.core.roles import Role
from xuctien.sites import services
from xuctien.sites.models import SiteReport, State
from xuctien.sites.quangninh import load_site_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def dong_mai():
    ProvinceFactory()
    return ZoneFactory(
        code="KCN-DONGMAI",
        name_vi="KCN Đông Mai",
        total_area_ha=Decimal(160),
        industrial_land_ha=Decimal("111.5"),
        source_url="https://123docz.net/x",
        status="operating",
    )


def test_quang_ninh_figures_are_served_with_their_sources(client, dong_mai):
    ZoneFactory(code="KCN-SONGKHOAI", name_vi="KCN Sông Khoai")
    assert "2 created" in load_site_reports(dong_mai.province)
    # idempotent: loading the same figures again neither adds nor re-saves a report
    assert "0 created, 0 updated, 2 unchanged" in load_site_reports(dong_mai.province)
    assert set(SiteReport.objects.values_list("version", flat=True)) == {1}
    answer = client.get("/api/v1/zones/KCN-DONGMAI/").json()
    occupancy = answer["figures"]["occupancy_pct"]
    assert occupancy["value"] == "86.05"
    assert occupancy["as_of"] is None  # undated as published
    assert occupancy["sources"] == [
        "https://lecourrier.vn/quang-ninh-des-parcs-industriels-massivement-occupes/1268462.html"
    ]
    assert answer["figures"]["industrial_ha"]["value"] == "111.50"
    assert answer["figures"]["industrial_ha"]["sources"] == ["https://123docz.net/x"]
    assert answer["figures"]["power_kv"] is None  # unknown, not zero
    listed = client.get("/api/v1/zones/").json()
    khoai = next(z for z in listed["results"] if z["code"] == "KCN-SONGKHOAI")
    assert khoai["figures"]["water_m3_day"]["value"] == "27000"
    assert khoai["figures"]["water_m3_day"]["as_of"] == "2025-12-03"


def test_drafts_stay_off_the_api_and_the_portal_until_published(client, dong_mai):
    developer = UserFactory(username="dev", role=Role.DEVELOPER, zone=dong_mai)
    board = UserFactory(
        username="qeza", role=Role.AGENCY, agency=AgencyFactory(code="QEZA", kind="board")
    )
    other = UserFactory(username="sct", role=Role.AGENCY, agency=AgencyFactory(code="SCT2"))
    report = services.save_report(
        developer,
        dong_mai,
        {"available_ha": Decimal(20), "source_url": "Developer's statement, 1/2026"},
    )

    def served():
        return client.get("/api/v1/zones/KCN-DONGMAI/").json()["figures"]["available_ha"]

    assert served() is None  # the draft is not published: still unknown
    services.submit(developer, report)
    with pytest.raises(PermissionDenied):
        services.review(other, report, publish=True)
    with pytest.raises(PermissionDenied):
        services.review(developer, report, publish=True)
    services.review(board, report, publish=True)
    assert served()["value"] == "20.00"
    assert served()["derived"] == ""
    assert report.history().count() >= 3


def test_a_developer_writes_only_for_its_own_park(client, dong_mai):
    other_zone = ZoneFactory(code="KCN-OTHER")
    developer = UserFactory(username="dev", role=Role.DEVELOPER, zone=dong_mai)
    with pytest.raises(PermissionDenied):
        services.save_report(developer, other_zone, {"available_ha": Decimal(1)})
    client.force_login(developer)
    assert client.get(reverse("sites:zone-report", args=["KCN-OTHER"])).status_code == 403
    page = client.get(reverse("sites:zone-report", args=["KCN-DONGMAI"]))
    assert page.status_code == 200
    answer = client.post(
        reverse("sites:zone-report", args=["KCN-DONGMAI"]),
        {"available_ha": "25", "source_url": "Developer's statement", "submit": "1"},
    )
    assert answer.status_code == 302
    report = SiteReport.objects.get(zone=dong_mai)
    assert report.state == State.SUBMITTED
    assert report.submitted_by == developer
    anonymous_view = client.get(reverse("sites:report", args=[report.pk]))
    assert anonymous_view.status_code == 200  # the developer's own
    client.logout()
    assert client.get(reverse("sites:report", args=[report.pk])).status_code == 404


def test_match_api_explains_each_site(client, dong_mai):
    answer = client.post(
        "/api/v1/sites/match", {"land_min_ha": "100"}, content_type="application/json"
    )
    assert answer.status_code == 200
    (row,) = answer.json()
    # 111.5 ha industrial land, leased unknown → available unknown, not a fit
    assert row["code"] == "KCN-DONGMAI"
    assert [(f["criterion"], f["outcome"], f["weight"]) for f in row["fits"]] == [
        ("land", "unknown", 1)
    ]
    assert row["blocked"] is False
    assert row["unknowns"] == 1
