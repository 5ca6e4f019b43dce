"""A second province's programme, agencies, zones, people and records stay in it.

Quảng Ninh and Hải Phòng use the same codes (programme NQ01, indicator SHARE, agency SCT,
zone KCN1): each province's people see their own, on lists, detail pages, the API, exports,
search and the home page. A province merged into another (Hải Dương into Hải Phòng, 1 July
2025) carries on under its successor, whose pages show its records as inherited.
"""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.actions.factories import TaskFactory
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    ObservationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
    UserFactory,
    ZoneFactory,
)
from tests.investments.factories import ProjectFactory
from xuctien.core.models import Membership
from xuctien.core.roles import Role
from xuctien.investments.models import Stage

pytestmark = pytest.mark.django_db


def _province(code, name_vi, name_en, **extra):
    province = ProvinceFactory(code=code, name_vi=name_vi, name_en=name_en, **extra)
    sct = AgencyFactory(province=province, code="SCT", name_vi=f"Sở Công Thương {name_vi}")
    zone = ZoneFactory(province=province, code="KCN1", name_vi=f"Khu công nghiệp {name_vi}")
    share = IndicatorFactory(
        programme=ProgrammeFactory(province=province, code="NQ01", name_vi=f"Nghị quyết {name_vi}"),
        code="SHARE",
        name_vi=f"Tỷ trọng công nghiệp {name_vi}",
        name_en=f"Industry share {name_en}",
        responsible_agency=sct,
    )
    TargetFactory(indicator=share, value=Decimal("15"))
    ObservationFactory(indicator=share, period="2022", value=Decimal("12"))
    return {
        "province": province,
        "agency": sct,
        "zone": zone,
        "indicator": share,
        "task": TaskFactory(lead_agency=sct, title_vi=f"Nhiệm vụ {name_vi}", is_synthetic=False),
        "project": ProjectFactory(
            name=f"Nhà máy {name_vi}",
            zone=zone,
            stage=Stage.IRC_ISSUED,
            irc_date=dt.date(2023, 5, 1),
        ),
        "lead": ProjectFactory(name=f"Khách hàng bí mật {name_vi}", zone=zone),
        "secretariat": UserFactory(
            username=f"thuky-{code}", role=Role.SECRETARIAT, province=province
        ),
    }


@pytest.fixture
def two(db):
    return {
        "QN": _province("QN", "Quảng Ninh", "Quang Ninh"),
        "HP": _province("HP", "Hải Phòng", "Hai Phong"),
    }


def _names(world, code):
    """What only province ``code`` has: its agency's, zone's, indicator's, task's and
    projects' names."""
    w = world[code]
    return [
        w["agency"].name_vi,
        w["zone"].name_vi,
        w["indicator"].name_vi,
        w["task"].title_vi,
        w["project"].name,
        w["lead"].name,
    ]


def _xlsx_text(response):
    book = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


PAGES = [
    ("home", ()),
    ("agency-list", ()),
    ("zone-list", ()),
    ("programmes:dashboard", ()),
    ("actions:task-list", ()),
    ("investments:project-list", ()),
    ("aftercare:routing", ()),
]


@pytest.mark.parametrize(("mine", "theirs"), [("QN", "HP"), ("HP", "QN")])
def test_each_provinces_people_see_their_own_province_only(client, two, mine, theirs):
    client.force_login(two[mine]["secretariat"])
    pages = {name: client.get(reverse(name, args=args)).content.decode() for name, args in PAGES}
    pages["indicator"] = client.get(
        reverse("programmes:indicator", args=["SHARE"])
    ).content.decode()
    pages["zone"] = client.get(reverse("zone-detail", args=["KCN1"])).content.decode()
    pages["search"] = client.get(
        reverse("investments:project-list"), {"q": "Nhà máy"}
    ).content.decode()
    api = {
        path: client.get(path).content.decode()
        for path in ("/api/v1/indicators/", "/api/v1/projects/", "/api/v1/tasks/")
    }
    export = _xlsx_text(client.get(reverse("investments:project-export")))
    shown = " ".join([*pages.values(), *api.values(), export])

    for name in _names(two, theirs):
        assert name not in shown, [
            where for where, text in {**pages, **api}.items() if name in text
        ]
    assert two[mine]["indicator"].name_vi in pages["indicator"]
    assert two[mine]["zone"].name_vi in pages["zone"]
    assert two[mine]["project"].name in pages["search"]
    assert two[mine]["project"].name in export
    assert two[mine]["task"].title_vi in api["/api/v1/tasks/"]
    # Another province's records by address: not there.
    for record, url in (
        ("task", "actions:task-detail"),
        ("lead", "investments:project-detail"),
    ):
        assert client.get(reverse(url, args=[two[theirs][record].pk])).status_code == 404


def test_a_person_may_hold_roles_in_several_provinces(client, two):
    """Quảng Ninh's secretary also leads Hải Phòng's programme office: both provinces'
    tasks, each read with the role held there."""
    person = two["QN"]["secretariat"]
    Membership.objects.create(user=person, province=two["HP"]["province"], role=Role.LEADERSHIP)
    client.force_login(person)

    tasks = client.get("/api/v1/tasks/").content.decode()
    assert two["QN"]["task"].title_vi in tasks
    assert two["HP"]["task"].title_vi in tasks
    # Leadership writes nothing in Hải Phòng; the secretariat does in Quảng Ninh.
    edit = "actions:task-edit"
    assert client.get(reverse(edit, args=[two["QN"]["task"].pk])).status_code == 200
    assert client.get(reverse(edit, args=[two["HP"]["task"].pk])).status_code in (403, 404)


def test_a_national_reader_reads_every_province_and_writes_none(client, two):
    reader = UserFactory(username="bo-kh", role=Role.NATIONAL)
    client.force_login(reader)

    tasks = client.get("/api/v1/tasks/").content.decode()
    assert two["QN"]["task"].title_vi in tasks
    assert two["HP"]["task"].title_vi in tasks
    page = client.get(reverse("investments:project-detail", args=[two["HP"]["lead"].pk]))
    assert page.status_code == 200
    edit = client.get(reverse("actions:task-edit", args=[two["HP"]["task"].pk]))
    assert edit.status_code in (403, 404)
    assert not reader.memberships.exists()


def test_a_merged_provinces_records_continue_under_its_successor(client, two):
    hp = two["HP"]["province"]
    hd = _province("HD", "Hải Dương", "Hai Duong")
    hd["province"].successor = hp
    hd["province"].valid_to = dt.date(2025, 6, 30)
    hd["province"].save()
    hp_secretariat = two["HP"]["secretariat"]
    client.force_login(hp_secretariat)

    task_page = client.get(reverse("actions:task-detail", args=[hd["task"].pk]))
    lead_page = client.get(reverse("investments:project-detail", args=[hd["lead"].pk]))
    tasks = client.get("/api/v1/tasks/").content.decode()

    assert task_page.status_code == 200
    assert lead_page.status_code == 200
    for page in (task_page, lead_page):
        assert 'data-inherited="HD"' in page.content.decode()
    assert hd["task"].title_vi in tasks
    assert two["HP"]["task"].title_vi in tasks
    # Its history came along: the record's changes are still there.
    assert hd["task"].history().exists()
    # Quảng Ninh's people still do not see it; Hải Phòng's own records are not "inherited".
    client.force_login(two["QN"]["secretariat"])
    assert client.get(reverse("actions:task-detail", args=[hd["task"].pk])).status_code == 404
    client.force_login(hp_secretariat)
    own = client.get(reverse("actions:task-detail", args=[two["HP"]["task"].pk]))
    assert "data-inherited" not in own.content.decode()
