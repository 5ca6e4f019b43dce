"""The enterprise declares, the secretariat sees the gap and makes the task; who sees what."""

import pytest
from django.urls import reverse

from tests.investments.factories import InvestorFactory
from tests.labour.conftest import YEAR
from xuctien.actions.models import Task
from xuctien.labour.models import Channel, GapTask, Need


def declare(client, user, company, occupations, number):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(
        reverse("labour:need-add"),
        {
            "enterprise": company.pk,
            "occupation": occupations["72"].pk,
            "level": "intermediate",
            "number": number,
            "year": YEAR,
            "quarter": 2,
        },
    )


def gap_row(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    page = client.get(reverse("labour:gaps"), {"year": YEAR}).content.decode()
    start = page.index(f'data-cell="7-intermediate-{YEAR}"')
    return page[start : page.index("</tr>", start)]


def test_an_enterprise_declares_and_the_gap_rises(
    client, labour, company, company_account, occupations, secretariat
):
    assert declare(client, company_account, company, occupations, 30).status_code == 302
    need = Need.objects.get()
    assert (need.channel, need.entered_by, need.is_synthetic) == (
        Channel.PORTAL,
        company_account,
        False,
    )
    # ≥ 30 needed − 20 staying graduates: at least 10, below the threshold of 50
    assert "≥ 10" in gap_row(client, secretariat)
    declare(client, company_account, company, occupations, 50)
    row = gap_row(client, secretariat)
    assert "≥ 60" in row
    assert "data-proposed" in row


def test_the_secretariat_makes_the_proposed_task_for_the_training_department(
    client, labour, company, company_account, occupations, secretariat
):
    declare(client, company_account, company, occupations, 80)
    client.force_login(secretariat)
    data = {"occupation": "7", "level": "intermediate", "year": YEAR}
    response = client.post(reverse("labour:gap-task") + f"?year={YEAR}", data)
    task = Task.objects.get()
    assert response.url == reverse("actions:task-detail", args=[task.pk])
    assert task.lead_agency.code == "SGDDT"
    link = GapTask.objects.get()
    assert (link.task, link.level, link.year, link.gap) == (task, "intermediate", YEAR, "≥ 60")
    assert task.title_en.startswith("Close the labour gap")


def test_a_gap_below_the_threshold_makes_no_task(
    client, labour, company, company_account, occupations, secretariat
):
    declare(client, company_account, company, occupations, 30)
    client.force_login(secretariat)
    client.post(
        reverse("labour:gap-task"), {"occupation": "7", "level": "intermediate", "year": YEAR}
    )
    assert not Task.objects.exists()


def test_synthetic_needs_never_count_in_the_real_gap(
    client, labour, company, occupations, secretariat, province
):
    company.is_synthetic = True
    company.save()
    Need.objects.create(
        province=province,
        enterprise=company,
        occupation=occupations["72"],
        level="intermediate",
        number=500,
        year=YEAR,
        is_synthetic=True,
    )
    client.force_login(secretariat)
    real = client.get(reverse("labour:gaps"), {"year": YEAR}).content.decode()
    assert "≥ 480" not in real
    demo = client.get(reverse("labour:gaps"), {"year": YEAR, "data": "synthetic"}).content.decode()
    assert "≥ 480" in demo


def test_an_investor_cannot_enter_needs_for_another_company(
    client, labour, company_account, occupations
):
    from tests.investments.factories import InvestorFactory

    other = InvestorFactory(name="Công ty khác")
    response = declare(client, company_account, other, occupations, 10)
    assert response.status_code == 200
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("persona", "gaps", "needs", "supply"),
    [
        ("secretariat", 200, 200, 200),
        ("leader", 200, 200, 200),
        ("officer", 200, 200, 200),
        ("investor", 403, 200, 200),
        ("developer", 403, 403, 200),
    ],
)
def test_who_opens_which_page(
    client, labour, request, persona, gaps, needs, supply, company_account
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("labour:gaps")).status_code == gaps
    assert client.get(reverse("labour:need-list")).status_code == needs
    assert client.get(reverse("labour:supply")).status_code == supply


def test_anonymous_reads_supply_and_the_workforce_page_only(client, labour):
    assert client.get(reverse("labour:supply")).status_code == 200
    assert client.get(reverse("portal:workforce", args=["quang-ninh"])).status_code == 200
    assert client.get(reverse("labour:gaps")).status_code == 302
    assert client.get("/api/v1/labour/demand/").status_code == 401
    assert client.get("/api/v1/labour/gaps/").status_code == 401
    assert client.get("/api/v1/labour/supply/").status_code == 200


def test_the_gap_api_uses_the_page_filters(
    client, labour, company, company_account, occupations, secretariat
):
    declare(client, company_account, company, occupations, 80)
    client.force_login(secretariat)
    rows = client.get("/api/v1/labour/gaps/", {"year": YEAR, "level": "intermediate"}).json()
    assert rows[0]["gap"] == {"low": "60", "high": None, "kind": "at_least"}
    assert rows[0]["proposes_task"] is True
    assert client.get("/api/v1/labour/gaps/", {"level": "college"}).json() == []


def test_an_investor_sees_only_its_own_needs_in_the_api(
    client, labour, company, company_account, occupations, province
):
    from tests.investments.factories import InvestorFactory

    other = InvestorFactory(name="Công ty khác")
    Need.objects.create(
        province=province,
        enterprise=other,
        occupation=occupations["72"],
        level="college",
        number=5,
        year=YEAR,
    )
    declare(client, company_account, company, occupations, 10)
    rows = client.get("/api/v1/labour/demand/").json()["results"]
    assert [r["enterprise"] for r in rows] == [company.pk]


def test_a_gap_gets_one_task_only(
    client, labour, company, company_account, occupations, secretariat
):
    declare(client, company_account, company, occupations, 80)
    client.force_login(secretariat)
    data = {"occupation": "7", "level": "intermediate", "year": YEAR}
    client.post(reverse("labour:gap-task"), data)
    client.post(reverse("labour:gap-task"), data)
    assert Task.objects.count() == 1


def test_an_investor_lists_its_own_synthetic_needs_marked(
    client, labour, company, company_account, occupations
):
    company.is_synthetic = True
    company.save()
    declare(client, company_account, company, occupations, 12)
    assert Need.objects.get().is_synthetic
    page = client.get(reverse("labour:need-list")).content.decode()
    assert 'data-need="' in page
    assert "synthetic" in page or "minh hoạ" in page.lower()


def test_the_demo_needs_are_synthetic_and_stay_out_of_the_real_gap(client, labour, secretariat):
    from xuctien.aftercare.demo import COMPANY
    from xuctien.labour.demo import NEEDS, load_demo_needs
    from xuctien.labour.models import Occupation

    for code, _level, _n, _q in NEEDS:
        Occupation.objects.get_or_create(code=code, defaults={"name_vi": code})
    InvestorFactory(name=COMPANY, is_synthetic=True)
    assert load_demo_needs() == str(len(NEEDS))
    assert load_demo_needs().startswith("0")  # a second run adds nothing
    assert not Need.objects.filter(is_synthetic=False).exists()
    client.force_login(secretariat)
    rows = client.get("/api/v1/labour/gaps/").json()
    assert all(row["demand"] is None for row in rows)
    demo = client.get("/api/v1/labour/gaps/", {"data": "synthetic"}).json()
    assert sum(int(row["demand"]["low"]) for row in demo if row["demand"]) == 675


def test_an_officer_types_the_company_and_project_not_chooses_among_every_one(
    client, labour, officer, occupations
):
    from tests.investments.factories import ProjectFactory

    company = InvestorFactory(name="Công ty Đúc Hạ Long", tax_code="5700000001")
    project = ProjectFactory(name="Nhà máy đúc", irc_number="IRC-1", investors=[company])
    for n in range(5):
        InvestorFactory(name=f"Công ty thứ {n}")
    client.force_login(officer)

    form = client.get(reverse("labour:need-add")).content.decode()
    assert "Công ty thứ 3" not in form  # no list of every company
    response = client.post(reverse("labour:need-add"), {
        "enterprise": "Công ty Đúc Hạ Long (5700000001)", "project": "Nhà máy đúc (IRC-1)",
        "occupation": occupations["72"].pk, "level": "intermediate", "number": 12, "year": YEAR,
    })  # fmt: skip

    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.enterprise, need.project) == (company, project)
    edit = client.get(reverse("labour:need-edit", args=[need.pk])).content.decode()
    assert 'value="Công ty Đúc Hạ Long (5700000001)"' in edit
