"""Search as Vietnamese people type, run on SQLite and (with DATABASE_URL) on PostgreSQL.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/h4 python3 dev.py test tests/core/test_search.py
"""

import pytest
from django.urls import reverse

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, UserFactory, ZoneFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core.models import Agency, Zone
from xuctien.core.roles import Role
from xuctien.core.search import fold, search_q
from xuctien.investments.models import Project, Stage


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Giải Phóng", "giai phong"),
        ("GIẢI PHÓNG", "giai phong"),
        ("Đồng Đăng", "dong dang"),
        ("Quảng Ninh", "quang ninh"),
        ("Khu công nghiệp Việt Hưng", "khu cong nghiep viet hung"),
        (None, ""),
    ],
)
def test_fold_lowers_and_strips_every_vietnamese_accent(typed, folded):
    assert fold(typed) == folded


VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


@pytest.mark.django_db
@pytest.mark.parametrize("text", [VIETNAMESE, VIETNAMESE.upper(), "Nhà máy Ðiện", "e\u0301 (NFD)"])
def test_the_database_folds_every_vietnamese_letter_as_python_does(text):
    ZoneFactory(code="KCN-ALL", name_vi=text)
    assert Zone.objects.filter(name_vi__fold=fold(text)).exists()


@pytest.fixture
def promoter(db):
    """An officer of the EZ board, who works the whole pipeline."""
    board = AgencyFactory(code="BQLKKT", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=board)


@pytest.fixture
def giai_phong(db):
    return ZoneFactory(code="KCN-GP", name_vi="Khu công nghiệp Giải Phóng", name_en="")


@pytest.mark.parametrize("typed", ["giai phong", "GIẢI PHÓNG", "Giải phóng", "GIAI PHONG", "giải"])
def test_a_zone_is_found_without_accents_and_in_any_case(giai_phong, typed):
    ZoneFactory(code="KCN-X", name_vi="Khu công nghiệp Sông Khoai")
    found = Zone.objects.filter(search_q(typed, ["name_vi"]))
    assert list(found) == [giai_phong]


def test_every_word_must_be_found_but_in_any_field(giai_phong):
    assert list(Zone.objects.filter(search_q("kcn-gp phong", ["code", "name_vi"]))) == [giai_phong]
    assert not Zone.objects.filter(search_q("kcn-gp hung", ["code", "name_vi"])).exists()


def test_a_search_of_blanks_narrows_nothing(giai_phong):
    assert list(Zone.objects.filter(search_q("   ", ["name_vi"]))) == [giai_phong]


@pytest.mark.parametrize(
    "typed", ["nha may giay", "song khoai", "DONG PHUONG", "0123456789", "dong phuong giay"]
)
def test_a_project_is_found_by_its_name_zone_investor_or_irc(client, promoter, typed):
    zone = ZoneFactory(code="KCN-SK", name_vi="KCN Sông Khoai")
    investor = InvestorFactory(name="Công ty Đông Phương")
    wanted = ProjectFactory(
        name="Nhà máy giày", zone=zone, investors=[investor], irc_number="0123456789"
    )
    ProjectFactory(name="Nhà máy dệt", stage=Stage.LEAD)
    client.force_login(promoter)
    response = client.get(reverse("investments:project-list"), {"q": typed})
    assert [p.pk for p in response.context["projects"]] == [wanted.pk]


def test_a_project_with_two_matching_investors_is_listed_once(db):
    project = ProjectFactory(
        name="Plant",
        investors=[InvestorFactory(name="Hà Long A"), InvestorFactory(name="Hà Long B")],
    )
    from xuctien.investments.filtersets import PROJECT_SEARCH

    found = Project.objects.filter(search_q("ha long", PROJECT_SEARCH)).distinct()
    assert list(found) == [project]


def test_a_task_is_found_by_its_title_or_lead_agency(client, secretariat):
    agency = AgencyFactory(code="SKHDT", name_vi="Sở Kế hoạch và Đầu tư")
    wanted = TaskFactory(title_vi="Giải phóng mặt bằng KCN", lead_agency=agency)
    TaskFactory(title_vi="Cải cách hành chính")
    client.force_login(secretariat)
    for typed in ("giai phong", "GIẢI PHÓNG", "ke hoach dau tu"):
        response = client.get(reverse("actions:task-list"), {"q": typed})
        assert [t.pk for t in response.context["object_list"]] == [wanted.pk], typed


def test_a_zone_in_the_reference_list_is_found_without_accents(client, giai_phong):
    response = client.get(reverse("zone-list"), {"q": "GIAI PHONG"})
    assert giai_phong.name_vi in response.content.decode()


def test_a_search_looks_among_the_projects_it_narrows_not_the_nations(db):
    """A province's search by a sector's name reads its own projects of that sector, not
    the nation's first: the parts by the project's own columns, zone and sector are drawn
    from the queryset searched (its province filter in each), the result the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ProvinceFactory
    from xuctien.investments.filtersets import search_projects

    ours = ProjectFactory(name="Nhà máy A")
    other = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong")
    ProjectFactory(name="Nhà máy B", province=other, sector=ours.sector)
    searched = Project.objects.filter(province=ours.province)

    with CaptureQueriesContext(connection) as captured:
        assert list(search_projects(searched, ours.sector.name_vi)) == [ours]
    # PostgreSQL plans the names without sequential scans: a SET and a RESET around them
    reads = [q["sql"] for q in captured if q["sql"].lstrip("(").startswith("SELECT")]
    zones, sectors, named, sql = reads
    assert "core_zone" in zones  # zones and sectors matched in Python
    assert "investments_sector" in sectors
    words = len(set(fold(ours.sector.name_vi).split()))
    # the names of every word in one query, each part drawn from the province's projects
    assert named.count('FROM "investments_project" ') == 2 * words
    assert named.count('"province_id" = ') == 2 * words
    # then the list: every word found by the named ids, the zone or the sector, by id
    assert sql.count('FROM "investments_project" ') == 1
    assert sql.count('"province_id" = ') == 1
    assert sql.count('"sector_id" IN') >= words
    assert "fold" not in sql.lower()  # no name folded again
