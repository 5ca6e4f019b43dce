"""The national page ranks the demo provinces on the catalogue; only national roles see it."""

import contextlib
import io
import re

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.national import comparison
from xuctien.national.shipped import load_shipped_provinces


@pytest.fixture
def two_provinces(db):
    call_command("load_quangninh", stdout=io.StringIO())
    load_shipped_provinces()


@pytest.fixture
def national(db):
    return UserFactory(username="quocgia", role=Role.NATIONAL)


def _standings(code):
    [found] = [c for c in comparison.compare() if c.catalogue.code == code]
    return [(s.province.code, s.year, s.value, s.rank, s.status) for s in found.standings]


def test_equal_figures_share_a_rank_and_provinces_without_a_figure_come_last():
    from decimal import Decimal
    from types import SimpleNamespace

    def standing(name, value):
        province = SimpleNamespace(name=name)
        return comparison.Standing(province, None, "on_track", 2024, value)

    ranked = comparison.rank(
        [standing("C", None), standing("A", Decimal(5)), standing("B", Decimal(7)),
         standing("D", Decimal(5))],
        "higher",
    )  # fmt: skip
    assert [(s.province.name, s.rank) for s in ranked] == [
        ("B", 1), ("A", 2), ("D", 2), ("C", None)
    ]  # fmt: skip
    lower = comparison.rank([standing("A", Decimal(5)), standing("B", Decimal(7))], "lower")
    assert [s.province.name for s in lower] == ["A", "B"]


@pytest.mark.parametrize(
    ("role", "index", "onboard"),
    [
        (Role.NATIONAL, 200, 403),
        (Role.NATIONAL_ADMIN, 200, 200),
        (Role.ADMIN, 403, 403),  # a province's administrator: not the nation's
        (Role.SECRETARIAT, 403, 403),
        (Role.LEADERSHIP, 403, 403),
        (Role.AGENCY, 403, 403),
        (Role.DEVELOPER, 403, 403),
        (Role.INVESTOR, 403, 403),
    ],
)
def test_only_national_roles_see_the_nation_and_only_its_administrator_onboards(
    client, db, role, index, onboard
):
    client.force_login(UserFactory(role=role, is_superuser=False))
    assert client.get("/national/").status_code == index
    assert client.get("/national/import/").status_code == onboard
    assert client.post("/national/import/", {}).status_code in (onboard, 422)


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/national/").status_code == 302
    assert client.get("/national/import/").status_code == 302


def test_the_national_administrator_uploads_a_workbook(client, db):
    from xuctien.national.onboarding import sheets_from_folder, workbook_bytes
    from xuctien.national.shipped import PROVINCES_DIR

    client.force_login(UserFactory(role=Role.NATIONAL_ADMIN))
    upload = io.BytesIO(workbook_bytes(sheets_from_folder(PROVINCES_DIR / "bacninh")))
    upload.name = "bac-ninh.xlsx"
    response = client.post("/national/import/", {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == "/national/provinces/BN/"


def test_a_refused_upload_lists_its_rows_and_writes_nothing(client, db):
    from xuctien.core.models import Province
    from xuctien.national.onboarding import sheets_from_folder, workbook_bytes
    from xuctien.national.shipped import PROVINCES_DIR

    sheets = sheets_from_folder(PROVINCES_DIR / "bacninh")
    sheets["places"][0]["kind"] = "kingdom"
    client.force_login(UserFactory(role=Role.NATIONAL_ADMIN))
    upload = io.BytesIO(workbook_bytes(sheets))
    upload.name = "bac-ninh.xlsx"
    response = client.post("/national/import/", {"file": upload})
    assert response.status_code == 422
    assert b'data-testid="row-errors"' in response.content
    assert not Province.objects.exists()


def test_the_two_demo_provinces_side_by_side(client, two_provinces, national):
    """One load of both provinces (it takes a while) for every check that reads them."""
    # GRDP growth: the first province's 2025 figure (10.4 %) is ahead of 8.98 %/year
    growth = _standings("VN_GRDP_GROWTH")
    assert [(code, rank) for code, _y, _v, rank, _s in growth] == [("QN", 1), ("BN", 2)]
    assert (growth[1][1], str(growth[1][2])) == (2025, "8.9800")
    # industry and construction share: 71.3 % (2025, no target for that year) ranks first
    share = _standings("VN_IND_CONSTR_SHARE")
    assert [(code, rank) for code, _y, _v, rank, _s in share] == [("BN", 1), ("QN", 2)]
    assert share[0][4] == comparison.NO_TARGET

    # the page, in order of rank, with a chart per indicator
    client.force_login(national)
    page = client.get("/national/").content.decode()
    section = page.split('data-catalogue="VN_GRDP_GROWTH"')[1].split("</section>")[0]
    rows = re.findall(r'data-province="(\w+)".*?data-rank="(\d*)"', section, re.S)
    assert rows == [("QN", "1"), ("BN", "2")]
    assert 'data-chart="chart-national-VN_GRDP_GROWTH"' in section
    summaries = page.split('data-testid="province-summaries"')[1].split("</table>")[0]
    assert 'data-province="BN"' in summaries
    assert 'data-province="QN"' in summaries

    # a province drilled into: its own indicators only
    page = client.get("/national/provinces/BN/").content.decode()
    assert "Bắc Ninh" in page
    assert 'data-indicator="BN_GRDP_GROWTH"' in page
    assert 'data-indicator="MFG_SHARE_GRDP"' not in page

    # the API: provinces for all, the comparison for national roles
    body = client.get("/api/v1/national/indicators/VN_GRDP_GROWTH").json()
    assert [(s["province"], s["rank"]) for s in body["standings"]] == [("QN", 1), ("BN", 2)]
    assert body["standings"][1]["value"] == "8.9800"
    assert client.get("/api/v1/national/indicators/NOPE").status_code == 404
    codes = {i["code"] for i in client.get("/api/v1/indicators/?province=BN").json()["results"]}
    assert codes == {
        "BN_IND_CONSTR_SHARE",
        "BN_IND_CONSTR_GROWTH",
        "BN_IND_VA_GROWTH",
        "BN_GRDP_GROWTH",
        "BN_GRDP",
    }
    assert client.get("/api/v1/indicators/?province=XX").json()["results"] == []
    client.logout()
    provinces = client.get("/api/v1/provinces/").json()
    assert [p["code"] for p in provinces["results"]] == ["BN", "QN"]
    assert client.get("/api/v1/national/indicators/VN_GRDP_GROWTH").status_code in (401, 403)


def test_the_national_page_keeps_each_standing_in_the_cache_until_its_figures_change(
    two_provinces, monkeypatch
):
    from decimal import Decimal

    from xuctien.programmes import monitoring
    from xuctien.programmes.models import Indicator

    indicators = Indicator.objects.all()
    whole = {pk: comparison.Assessed.of(r) for pk, r in comparison.assess(indicators).items()}
    first = comparison.assessed(indicators)
    assert {pk: (a.status, a.has_spec, a.standing) for pk, a in first.items()} == {
        pk: (a.status, a.has_spec, a.standing) for pk, a in whole.items()
    }

    def assessed_again(*args, **kwargs):
        raise AssertionError("assessed again, with nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(monitoring, "assess_indicators", assessed_again)
        again = comparison.assessed(indicators)
        assert _standings("VN_GRDP_GROWTH")[1][:3] == ("BN", 2025, Decimal("8.9800"))
    assert {pk: a.standing for pk, a in again.items()} == {
        pk: a.standing for pk, a in first.items()
    }

    # Bắc Ninh's 2025 growth becomes 9.5 %: still behind Quảng Ninh's 10.4 %
    figure = _bac_ninh_growth_2025()
    figure.value = Decimal("9.5")
    figure.save()
    assert [row[:4] for row in _standings("VN_GRDP_GROWTH")] == [
        ("QN", 2025, Decimal("10.4000"), 1), ("BN", 2025, Decimal("9.5000"), 2)
    ]  # fmt: skip


def _summary_rows(page):
    """Province code -> the cells of its row in the summaries table, as the page shows them."""
    table = page.split('data-testid="province-summaries"')[1].split("</table>")[0]
    rows = re.findall(r'<tr data-province="(\w+)">(.*?)</tr>', table, re.S)
    return {
        code: [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for code, row in rows
        for cells in [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    }


def test_the_national_page_shows_the_same_figures_from_one_cached_summary(
    client, two_provinces, national, monkeypatch
):
    """The figures of both provinces, then the same page again from the cache: the
    indicators are neither loaded nor assessed, and a third province costs no query more."""
    from tests.factories import IndicatorFactory, ProgrammeFactory, ProvinceFactory
    from xuctien.programmes import monitoring
    from xuctien.programmes.models import Indicator

    client.force_login(national)
    first = client.get("/national/").content.decode()
    shown = {
        "QN": ["Tỉnh Quảng Ninh", "9 trên 19", "31", "0", "0", "0"],
        "BN": ["Tỉnh Bắc Ninh", "1 trên 3", "0", "0", "0", "0"],
    }
    assert _summary_rows(first) == shown

    with _counted() as warm, monkeypatch.context() as patched:
        patched.setattr(monitoring, "assess_indicators", _not_again)
        patched.setattr(Indicator.objects, "get_queryset", _not_again)
        again = client.get("/national/").content.decode()
    assert _summary_rows(again) == shown
    assert again.count("data-rank=") == first.count("data-rank=")

    # a third province with an indicator of its own: the same queries, one row more
    third = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    IndicatorFactory(programme=ProgrammeFactory(province=third, code="HP01"))
    client.get("/national/")
    with _counted() as more:
        page = client.get("/national/").content.decode()
    assert 0 < len(more) <= len(warm)
    assert set(_summary_rows(page)) == {"QN", "BN", "HP"}


@contextlib.contextmanager
def _counted():
    """The statements run meanwhile, requests included (a request empties Django's own log)."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield statements


def _not_again(*args, **kwargs):
    raise AssertionError("read again, with nothing changed")


def test_the_cached_national_summary_changes_with_a_figure(client, two_provinces, national):
    """Bắc Ninh's 2025 growth becomes 11 %: it passes Quảng Ninh's 10.4 % on the page."""
    from decimal import Decimal

    client.force_login(national)

    def growth_ranks():
        page = client.get("/national/").content.decode()
        section = page.split('data-catalogue="VN_GRDP_GROWTH"')[1].split("</section>")[0]
        return re.findall(r'data-province="(\w+)".*?data-rank="(\d*)"', section, re.S)

    assert growth_ranks() == [("QN", "1"), ("BN", "2")]
    figure = _bac_ninh_growth_2025()
    figure.value = Decimal("11")
    figure.save()
    assert growth_ranks() == [("BN", "1"), ("QN", "2")]


def _bac_ninh_growth_2025():  # type: ignore[no-untyped-def]
    """Bắc Ninh's approved province-level GRDP growth figure of 2025."""
    from xuctien.national.models import CatalogueMapping
    from xuctien.programmes.models import Observation

    growth = CatalogueMapping.objects.get(
        catalogue__code="VN_GRDP_GROWTH", indicator__province__code="BN"
    ).indicator
    return Observation.objects.get(
        indicator=growth, year=2025, status=Observation.Status.APPROVED, zone=None,
        locality__parent=None,
    )  # fmt: skip
