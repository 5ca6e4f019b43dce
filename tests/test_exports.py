"""Every list and table a user takes away: the workbook opens and holds what the page shows."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from tests.programmes.test_monitoring import resolution
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.core.exports import Sheet, cell_value, workbook
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Stage


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil")', "+84 203 3835", "-1+1", "@SUM(A1)", "\t=1"],
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_typed_text(typed):
    book = load_workbook(BytesIO(workbook([Sheet("T", ["Name"], [[typed]])])))
    cell = book["T"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (typed, "s", True)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nhà máy = tốt", "Nhà máy = tốt"),
        (Decimal("-12.5"), Decimal("-12.5")),
        (-3, -3),
        (None, None),
    ],
)
def test_numbers_stay_numbers_and_plain_text_stays_plain(typed, stored):
    assert cell_value(typed) == stored


def rows_of(response, sheet: int = 0) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def export(client, name: str, params: dict | None = None):
    return client.get(reverse(name), {**(params or {}), "export": "xlsx"})


@pytest.fixture
def promoter(db):
    board = AgencyFactory(code="BQLKKT", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=board)


def test_the_task_export_holds_the_filtered_tasks(client, secretariat, agency):
    TaskFactory(title_vi="Giải phóng mặt bằng", lead_agency=agency)
    TaskFactory(title_vi="Cải cách hành chính", lead_agency=agency)
    client.force_login(secretariat)
    rows = rows_of(export(client, "actions:task-list", {"q": "giai phong"}))
    assert [r[2:4] for r in rows[1:]] == [("Giải phóng mặt bằng", agency.name_vi)]


def test_the_scorecard_export_holds_each_agencys_row(client, secretariat, agency):
    TaskFactory(
        title_vi="Báo cáo", lead_agency=agency, deadline=dt.date(2025, 3, 31), is_synthetic=False
    )
    client.force_login(secretariat)
    page = client.get(reverse("actions:scorecard"), {"year": 2025}).context["scores"]
    rows = rows_of(export(client, "actions:scorecard", {"year": 2025}))
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [(s.agency, s.period, s.due) for s in page]
    assert page


def test_the_request_export_holds_the_requests(client, secretariat, agency):
    RoutingRule.objects.create(category=Category.LAND, agency=agency, working_days=5)
    request = aftercare.submit_request(
        secretariat,
        InvestorFactory(name="Công ty Minh Hoạ"),
        category=Category.LAND,
        title="Giải phóng mặt bằng",
        description="x",
        received_on=dt.date(2025, 3, 3),
        today=dt.date(2025, 3, 3),
    )
    # Titles like formulas are refused on the way in now; one stored before that rule
    # still leaves the export as text.
    type(request).objects.filter(pk=request.pk).update(title="=cmd|' /C calc'!A0")
    client.force_login(secretariat)
    rows = rows_of(export(client, "aftercare:request-list"))
    assert [r[:3] for r in rows[1:]] == [
        (
            f"#{request.pk} =cmd|' /C calc'!A0",
            "Công ty Minh Hoạ",
            "Giải phóng mặt bằng và bàn giao đất",
        )
    ]


def test_the_investor_export_holds_the_searched_investors(client, promoter):
    ProjectFactory(investors=[InvestorFactory(name="Công ty Đông Á", country="KR")])
    ProjectFactory(investors=[InvestorFactory(name="Other Co.")])
    client.force_login(promoter)
    rows = rows_of(export(client, "investments:investor-list", {"q": "dong a"}))
    assert [r[0] for r in rows[1:]] == ["Công ty Đông Á"]


def test_the_project_export_holds_the_listed_projects(client, promoter):
    ProjectFactory(name="Nhà máy giày", stage=Stage.LEAD)
    client.force_login(promoter)
    response = client.get(reverse("investments:project-export"), {"q": "giay"})
    assert [r[0] for r in rows_of(response)[1:]] == ["Nhà máy giày"]


def test_the_analytics_export_holds_the_funnel_and_the_groups(client, promoter):
    ProjectFactory(name="A", stage=Stage.LEAD)
    ProjectFactory(name="B", stage=Stage.OPERATING, irc_date=dt.date(2022, 1, 1))
    client.force_login(promoter)
    response = export(client, "investments:analytics")
    book = load_workbook(BytesIO(response.content))
    funnel = list(book.worksheets[2].iter_rows(values_only=True))[1:]
    assert [(r[1], r[2]) for r in funnel] == [
        (1, 2),
        (0, 1),
        (0, 1),
        (0, 1),
        (0, 1),
        (0, 1),
        (0, 1),
        (0, 1),
        (1, 1),
    ]
    assert len(book.worksheets) == 7


def test_the_dashboard_export_holds_a_row_per_indicator_card(client, province, agency):
    resolution(agency)
    page = client.get(reverse("programmes:dashboard")).context["groups"]
    codes = [item.indicator.code for group in page for item in group["reports"]]
    rows = rows_of(export(client, "programmes:dashboard"))
    assert [r[1] for r in rows[1:]] == codes
    assert codes


def test_the_indicator_export_holds_every_figure_and_their_history(client, secretariat, agency):
    resolution(agency)
    client.force_login(secretariat)
    url = reverse("programmes:indicator", args=["SHARE"])
    context = client.get(url).context
    shown = [obs for group in context["figures"].values() for obs in group] + context["pending"]
    response = client.get(url, {"export": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    figures = list(book.worksheets[0].iter_rows(values_only=True))[1:]
    history = list(book.worksheets[1].iter_rows(values_only=True))

    assert [Decimal(str(r[1])) for r in figures] == [obs.value for obs in shown]
    assert shown
    assert history[0][:4] == ("Thời điểm thay đổi", "Người thay đổi", "Bản ghi", "Thao tác")
    assert len(history) > 1


def test_the_public_indicator_export_has_no_history(client, province, agency):
    resolution(agency)
    response = client.get(reverse("programmes:indicator", args=["SHARE"]), {"export": "xlsx"})
    assert len(load_workbook(BytesIO(response.content)).worksheets) == 1


def test_the_export_link_keeps_the_filters_and_drops_the_page(client, secretariat):
    client.force_login(secretariat)
    params = {"q": "đất", "status": ["not_started", "overdue"], "page": "1"}
    html = client.get(reverse("actions:task-list"), params).content.decode()
    assert (
        'href="?q=%C4%91%E1%BA%A5t&amp;status=not_started&amp;status=overdue&amp;export=xlsx"'
        in html
    )
