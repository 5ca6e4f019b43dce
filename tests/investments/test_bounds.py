"""Bounded inputs in the pipeline: pages of lists, long notes, plausible numbers and names."""

import datetime as dt
import io
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.investments.factories import InvestorFactory, ProjectFactory
from tests.investments.test_import import workbook
from xuctien.core.text import LONG_TEXT
from xuctien.investments import register_import
from xuctien.investments.models import CapitalEvent, Project, Stage

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def writer(client, promoter):
    client.force_login(promoter)
    return client


def _public(name: str, number: str) -> Project:
    return ProjectFactory(name=name, stage=Stage.IRC_ISSUED, irc_number=number,
                          irc_date=dt.date(2024, 5, 2))  # fmt: skip


@pytest.mark.parametrize("limit", ["1000000", "99999999999999999999999"])
def test_a_huge_limit_is_read_as_the_ceiling(client, limit):
    for number in range(3):
        _public(f"Plant {number}", f"IRC-{number}")

    response = client.get("/api/v1/projects/", {"limit": limit})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert "limit=500" in (body["next"] or "limit=500")  # ceiling 500, not the asked limit


def test_the_ceiling_is_500_rows_per_page(client, monkeypatch):
    from xuctien.core.api.pagination import BoundedLimitOffsetPagination

    assert BoundedLimitOffsetPagination.max_limit == 500
    for number in range(3):
        _public(f"Plant {number}", f"IRC-{number}")
    monkeypatch.setattr(BoundedLimitOffsetPagination, "max_limit", 2)

    body = client.get("/api/v1/projects/", {"limit": "1000000"}).json()

    assert len(body["results"]) == 2
    assert "limit=2" in body["next"]


def test_a_deep_page_is_found_by_its_ids_first_and_reads_as_a_shallow_one(client, monkeypatch):
    """Five public projects by name; the page at offset 1, limit 3, read in one step and in
    two (ids first, then the rows): Plant 1, 2, 3 both times, with their investors."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xuctien.core.api import pagination

    for number in (4, 2, 0, 3, 1):
        _public(f"Plant {number}", f"IRC-{number}")
    page = {"offset": "1", "limit": "3"}
    shallow = client.get("/api/v1/projects/", page).json()
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 1)
    with CaptureQueriesContext(connection) as captured:
        deep = client.get("/api/v1/projects/", page).json()

    assert [p["name"] for p in deep["results"]] == ["Plant 1", "Plant 2", "Plant 3"]
    assert deep == shallow
    ids_only = 'SELECT "investments_project"."id" AS "pk" FROM'
    assert [q for q in captured if q["sql"].startswith(ids_only) and "OFFSET 1" in q["sql"]]


def test_notes_are_read_one_project_at_a_time(writer):
    project = ProjectFactory(name="Lead A", stage=Stage.LEAD, note="Giám đốc sẽ sang tháng 6.")

    (item,) = writer.get("/api/v1/projects/").json()["results"]
    detail = writer.get(f"/api/v1/projects/{project.pk}/").json()

    assert "note" not in item
    assert detail["note"] == "Giám đốc sẽ sang tháng 6."


def test_a_note_longer_than_the_limit_is_refused(writer):
    payload = {"name": "Lead B", "note": "x" * (LONG_TEXT + 1)}

    response = writer.post("/api/v1/projects/", payload, content_type=JSON)

    assert response.status_code == 400
    assert "note" in response.json()
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("land_ha", "-5"),
        ("land_ha", "100001"),
        ("irc_date", "0001-01-01"),
        ("expected_capital_vnd", "-1"),
        ("jobs_planned", 5_000_000),
    ],
)
def test_implausible_project_figures_are_refused(writer, field, value):
    response = writer.post("/api/v1/projects/", {"name": "Lead C", field: value}, content_type=JSON)

    assert response.status_code == 400
    assert field in response.json()
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("-1", "VND"), ("100000000000000000000", "USD"), ("100000000000000", "USD")],
)
def test_implausible_capital_is_refused(writer, amount, currency):
    project = _public("Plant D", "IRC-D")
    url = f"/api/v1/projects/{project.pk}/capital-events/"
    payload = {"kind": "registration", "date": "2024-05-02", "amount": amount, "currency": currency}

    response = writer.post(url, payload, content_type=JSON)

    assert response.status_code == 400
    assert not CapitalEvent.objects.exists()


def test_a_capital_event_without_a_date_is_recorded_and_counted_in_no_year(writer):
    project = _public("Plant E", "IRC-E")
    url = f"/api/v1/projects/{project.pk}/capital-events/"

    response = writer.post(url, {"kind": "registration", "amount": "1000"}, content_type=JSON)

    assert response.status_code == 201
    assert CapitalEvent.objects.get().date is None


def test_an_irc_number_with_a_zero_width_space_is_refused_beside_its_twin(writer):
    _public("Plant F", "UNI-1")

    response = writer.post(
        "/api/v1/projects/", {"name": "Plant G", "irc_number": "UNI\u200b-1"}, content_type=JSON
    )

    assert response.status_code == 400
    assert "irc_number" in response.json()


@pytest.mark.parametrize("name", ["Nhà máy \u202eA", "\ufeffNhà máy", '=HYPERLINK("x")', "@SUM(1)"])
def test_names_with_invisible_characters_or_formulas_are_refused(writer, name):
    response = writer.post("/api/v1/projects/", {"name": name}, content_type=JSON)

    assert response.status_code == 400
    assert "name" in response.json()


def test_text_arrives_in_nfc_through_the_api(writer):
    decomposed = unicodedata.normalize("NFD", "Nhà máy Điện")
    assert decomposed != "Nhà máy Điện"

    writer.post("/api/v1/projects/", {"name": decomposed}, content_type=JSON)

    assert Project.objects.get().name == "Nhà máy Điện"


def test_text_arrives_in_nfc_through_a_form(writer):
    project = ProjectFactory(name="Lead I", stage=Stage.LEAD, fdi=True)
    decomposed = unicodedata.normalize("NFD", "Nhà máy Điện Quảng Ninh")

    writer.post(
        reverse("investments:project-update", args=[project.pk]),
        {"name": decomposed, "fdi": "on", "version": project.version},
    )

    project.refresh_from_db()
    assert project.name == "Nhà máy Điện Quảng Ninh"


def test_amounts_stay_decimal_at_the_ceiling(writer):
    project = _public("Plant H", "IRC-H")
    url = f"/api/v1/projects/{project.pk}/capital-events/"
    payload = {"kind": "registration", "date": "2024-05-02", "amount": "10000000000000000"}

    response = writer.post(url, payload, content_type=JSON)

    assert response.status_code == 201
    assert CapitalEvent.objects.get().amount_vnd == Decimal(10) ** 16


def test_the_public_export_keeps_a_formula_looking_name_as_text(client):
    formula = '=HYPERLINK("http://evil.example","Bấm vào đây")'
    _public(formula, "IRC-J")  # stored before names were checked

    response = client.get(reverse("investments:project-export"))

    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)


@pytest.mark.usefixtures("electronics")
def test_a_register_row_named_like_a_formula_is_refused():
    row = ["IRC-K", dt.date(2024, 1, 2), "=1+2", "Công ty K", "SG", "26", "", "", None, 10,
           "VND", None, "operating"]  # fmt: skip
    upload = workbook([row])
    book = load_workbook(upload)
    book.active["C2"].data_type = "s"  # typed as text ('=1+2), as a register may hold it
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)

    plan = register_import.read(upload)

    assert [e.row for e in plan.errors] == [2]
    assert "=" in plan.errors[0].message


def test_an_anonymous_investor_filter_does_not_tell_a_confidential_id_from_a_missing_one(client):
    hidden = ProjectFactory(name="Lead L", stage=Stage.LEAD)
    secret = InvestorFactory(name="Confidential investor")
    hidden.investors.add(secret)
    missing = secret.pk + 1000

    confidential = client.get("/api/v1/projects/", {"investor": secret.pk})
    absent = client.get("/api/v1/projects/", {"investor": missing})

    assert (confidential.status_code, absent.status_code) == (400, 400)
    assert confidential.json() == {"investor": [m.replace(str(missing), str(secret.pk))
                                                for m in absent.json()["investor"]]}  # fmt: skip


@pytest.mark.parametrize("value", [str(10**30), "-" + str(2**63 + 1), "1.5", "abc"])
def test_an_investor_id_no_column_can_hold_is_a_bad_request_not_a_server_error(client, value):
    # Regression: schemathesis sent ?investor=10**30; SQLite overflowed (500).
    response = client.get("/api/v1/projects/", {"investor": value})

    assert response.status_code == 400
    assert "investor" in response.json()


def test_the_pipeline_filters_on_a_confidential_investor_it_may_see(writer):
    hidden = ProjectFactory(name="Lead M", stage=Stage.LEAD)
    secret = InvestorFactory(name="Confidential investor")
    hidden.investors.add(secret)

    body = writer.get("/api/v1/projects/", {"investor": secret.pk}).json()

    assert [p["name"] for p in body["results"]] == ["Lead M"]


def test_projects_of_the_same_name_each_appear_once_across_pages(client):
    made = {_public("Nhà máy", f"IRC-{n}").pk for n in range(5)}

    seen = []
    for offset in range(5):
        page = client.get("/api/v1/projects/", {"limit": 1, "offset": offset}).json()
        seen += [p["id"] for p in page["results"]]

    assert sorted(seen) == sorted(made)
