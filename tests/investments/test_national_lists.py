"""What a national reader sees on the project list and API: every province's rows, counted
exactly, whether the counts come from the per-province cache or from the database (issue 12)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ProvinceFactory, UserFactory, ZoneFactory
from tests.investments.factories import CapitalEventFactory, ProjectFactory
from xuctien.core.roles import Role
from xuctien.investments.models import Stage


@pytest.fixture
def national(db):
    return UserFactory(username="quocgia", role=Role.NATIONAL)


@pytest.fixture
def two_provinces(db):
    """Quảng Ninh: two projects and an aggregate row; Hải Phòng: three projects."""
    quang_ninh = ProvinceFactory()
    hai_phong = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    qn_zone = ZoneFactory(code="QN-KCN", province=quang_ninh)
    hp_zone = ZoneFactory(code="HP-KCN", province=hai_phong)
    ProjectFactory(name="Quảng Ninh lead", zone=qn_zone)
    ProjectFactory(name="Quảng Ninh plant", zone=qn_zone, stage=Stage.OPERATING)
    ProjectFactory(name="Quảng Ninh 2015 FDI total", zone=qn_zone, is_aggregate=True)
    for n in range(3):
        ProjectFactory(name=f"Hải Phòng {n}", zone=hp_zone)
    return quang_ninh, hai_phong


def _list(client, **params):
    response = client.get(reverse("investments:project-list"), params)
    assert response.status_code == 200
    return response


def test_the_national_list_shows_both_provinces_rows_and_counts_them(
    client, national, two_provinces
):
    client.force_login(national)

    response = _list(client)

    names = {p.name for p in response.context["projects"]}
    assert names == {
        "Quảng Ninh lead",
        "Quảng Ninh plant",
        "Quảng Ninh 2015 FDI total",
        "Hải Phòng 0",
        "Hải Phòng 1",
        "Hải Phòng 2",
    }
    assert response.context["page_obj"].paginator.count == 6  # the aggregate row is listed
    assert response.context["counted"] == 5  # ... never counted


def test_the_cached_counts_follow_a_new_project_and_a_deleted_one(client, national, two_provinces):
    client.force_login(national)
    _quang_ninh, hai_phong = two_provinces
    _list(client)  # fills the cache

    ProjectFactory(name="Hải Phòng new", province=hai_phong)
    assert _list(client).context["counted"] == 6
    ProjectFactory._meta.model.objects.filter(name="Quảng Ninh lead").delete()

    response = _list(client)
    assert response.context["counted"] == 5
    assert response.context["page_obj"].paginator.count == 6


def test_a_filtered_list_is_counted_by_the_database_not_the_cache(client, national, two_provinces):
    client.force_login(national)
    _list(client)

    response = _list(client, stage=Stage.OPERATING)

    assert [p.name for p in response.context["projects"]] == ["Quảng Ninh plant"]
    assert response.context["counted"] == 1
    assert response.context["page_obj"].paginator.count == 1


def test_a_page_number_is_no_filter_and_keeps_the_counts(client, national, two_provinces):
    client.force_login(national)

    response = _list(client, page=1)

    assert response.context["counted"] == 5


def test_the_api_counts_every_province_with_and_without_a_filter(client, national, two_provinces):
    client.force_login(national)

    everything = client.get("/api/v1/projects/").json()
    searched = client.get("/api/v1/projects/", {"q": "hai phong"}).json()

    assert everything["count"] == 6
    assert len(everything["results"]) == 6
    assert searched["count"] == 3


def test_a_provincial_reader_counts_only_the_own_province(client, two_provinces):
    secretariat = UserFactory(username="thuky", role=Role.SECRETARIAT)
    client.force_login(secretariat)

    response = _list(client)

    assert {p.name for p in response.context["projects"]} == {
        "Quảng Ninh lead",
        "Quảng Ninh plant",
        "Quảng Ninh 2015 FDI total",
    }
    assert response.context["counted"] == 2
    assert client.get("/api/v1/projects/").json()["count"] == 3


def test_amounts_waiting_for_a_rate_are_counted_in_every_province_read(
    client, national, two_provinces
):
    waiting = {"currency": "USD", "rate_used": None, "amount_vnd": None}
    for name in ("Quảng Ninh lead", "Hải Phòng 0", "Hải Phòng 1"):
        project = ProjectFactory._meta.model.objects.get(name=name)
        CapitalEventFactory(project=project, amount=Decimal(1000), **waiting)
    CapitalEventFactory(project=project)  # converted: not waiting
    client.force_login(national)

    assert _list(client).context["waiting_for_rate"] == 3
    client.force_login(UserFactory(username="thuky", role=Role.SECRETARIAT))
    assert _list(client).context["waiting_for_rate"] == 1


def test_the_api_province_filter_is_counted_not_taken_from_the_cache(
    client, national, two_provinces
):
    client.force_login(national)
    client.get("/api/v1/projects/")  # fills the cache

    answer = client.get("/api/v1/projects/", {"province": "HP", "limit": 2}).json()

    assert answer["count"] == 3
    assert client.get("/api/v1/projects/", {"limit": 2}).json()["count"] == 6


def test_a_national_search_finds_every_word_by_name_zone_sector_or_investor(
    client, national, searchable
):
    """ "nhà máy": each word may be found in another place, in either province: by a
    project's own name, by its zone and sector, by its investor."""
    client.force_login(national)

    response = _list(client, q="NHA MAY")
    api = client.get("/api/v1/projects/", {"q": "nhà máy"}).json()

    found = {"Nhà máy gạch", "Nhà máy 2015 total", "Kho Hải Phòng", "Nhà kho"}
    assert {p.name for p in response.context["projects"]} == found
    assert response.context["counted"] == 3  # the aggregate row is listed, not counted
    assert {p["name"] for p in api["results"]} == found
    assert api["count"] == 4


@pytest.fixture
def searchable(db):
    """Projects each word of "nhà máy" finds in another place: own name, zone, sector,
    investor; in two provinces; an aggregate row among them."""
    from tests.investments.factories import InvestorFactory, SectorFactory

    hai_phong = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    machines = SectorFactory(code="28", name_vi="Sản xuất máy móc", name_en="Machinery")
    land = SectorFactory(code="68", name_vi="Kinh doanh bất động sản", name_en="Real estate")
    green = ZoneFactory(code="HP-NX", name_vi="KCN Nhà Xanh", province=hai_phong)
    plain = ZoneFactory(code="QN-X", name_vi="KCN Đông Mai", province=ProvinceFactory())
    investor = InvestorFactory(name="Công ty Máy Việt")
    ProjectFactory(name="Nhà máy gạch", sector=land, zone=plain)
    ProjectFactory(name="Nhà máy 2015 total", sector=land, zone=plain, is_aggregate=True)
    ProjectFactory(name="Kho Hải Phòng", sector=machines, zone=green)
    ProjectFactory(name="Nhà kho", sector=land, zone=green, investors=[investor])
    ProjectFactory(name="Máy only", sector=machines, zone=plain)
    ProjectFactory(name="Nhà only", sector=land, zone=green)
    ProjectFactory(name="Xưởng", sector=machines, zone=plain, investors=[investor])


SEARCHES = ["nhà máy", "NHA MAY", "máy", "kho nha", "kcn xanh may", "cong ty may", "zzz", "may may"]


@pytest.mark.parametrize("typed", SEARCHES)
def test_a_search_by_named_ids_finds_what_the_subqueries_find(searchable, typed, monkeypatch):
    """The search reads its trigram parts once as ids and writes zones and sectors as
    "zone and sector" terms; with the ids cap at zero it names them by subqueries, as the
    search did before (decision record 0041): the same projects either way."""
    from xuctien.core.search import fold
    from xuctien.investments import filtersets
    from xuctien.investments.models import Project

    found = set(filtersets.search_projects(Project.objects.all(), typed))
    monkeypatch.setattr(filtersets, "MATCHED_IDS", 0)
    by_subqueries = set(filtersets.search_projects(Project.objects.all(), typed))

    assert found == by_subqueries
    for project in found:  # and every word is in one of its searched names
        names = " ".join(
            fold(n)
            for n in (
                project.name,
                project.zone.name_vi,
                project.sector.name_vi,
                *(i.name for i in project.investors.all()),
            )
        )
        assert all(word in names for word in fold(typed).split())


CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


@pytest.mark.parametrize("typed", ["nhà máy", "máy", "zzz"])
def test_a_search_read_as_few_ids_counts_and_lists_as_the_database_did(
    client, national, searchable, typed, monkeypatch
):
    """A search's matches read once as ids (``counting.few_listed``): the same rows, order
    and counts on the list page and the API as when the database counts them."""
    from xuctien.investments import counting

    client.force_login(national)

    def seen():
        page = _list(client, q=typed)
        api = client.get("/api/v1/projects/", {"q": typed}).json()
        return (
            [p.pk for p in page.context["projects"]],
            page.context["page_obj"].paginator.count,
            page.context["counted"],
            CSRF.sub(b"", page.content),
            api,
        )

    few = seen()
    monkeypatch.setattr(counting, "FEW", 0)  # every search counted by the database
    assert seen() == few


def test_a_search_leaves_the_connection_s_planner_settings_as_they_were(client, national, db):
    """PostgreSQL: the names are read with sequential scans priced out for that query
    alone; the next query of the request plans as usual."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    client.force_login(national)
    _list(client, q="nhà máy")
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SHOW {setting}")
            assert cursor.fetchone()[0] == "on"
