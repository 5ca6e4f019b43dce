"""The programme workbook: a whole programme imported all or nothing, and idempotently."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from xuctien.core.models import ChangeRecord
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.programme import import_programme
from xuctien.programmes.importers.workbook import read_workbook
from xuctien.programmes.models import Baseline, Indicator, Observation, Programme, Target

pytestmark = pytest.mark.django_db

SOURCE = "https://example.gov.vn/nq01"
NOTE = "synthetic test data"
HEADERS = {
    "programme": ["code", "number", "title_vi", "title_en", "issuing_body", "issued_on",
                  "source_url", "note"],
    "breakthroughs": ["programme", "number", "title_vi", "title_en"],
    "indicators": ["programme", "code", "breakthrough", "name_vi", "name_en", "unit",
                   "behaviour", "direction", "tolerance", "responsible_agency", "formula",
                   "source_url", "note"],
    "baselines": ["indicator", "year", "value", "qualifier", "source", "source_url", "note"],
    "targets": ["indicator", "start_year", "year", "value", "qualifier", "document",
                "source_url", "revises", "revision_reason", "note"],
    "observations": ["indicator", "period", "value", "qualifier", "estimate", "accepted",
                     "source", "source_url", "reported_as", "note"],
}  # fmt: skip
GOOD = {
    "programme": [["T01", "01-NQ/TU", "Nghị quyết thử", "Test resolution", "", "2020-11-16",
                   SOURCE, NOTE]],
    "breakthroughs": [["T01", 2, "Tỷ trọng công nghiệp", "Industry share"]],
    "indicators": [["T01", "T_SHARE", 2, "Tỷ trọng CN CBCT trong GRDP", "Manufacturing share",
                    "%", "level", "higher", 0.1, "SCT", "", SOURCE, NOTE]],
    "baselines": [["T_SHARE", 2020, 9.8, "exact", "antt.vn", SOURCE, NOTE]],
    "targets": [
        ["T_SHARE", 2021, 2025, 15, "over", "NQ 01", SOURCE, "", "", NOTE],
        ["T_SHARE", 2026, 2030, 20, "exact", "NQ 01", SOURCE, "", "", NOTE],
        ["T_SHARE", 2026, 2030, 18, "over", "Văn kiện ĐH XVI", SOURCE, "NQ 01",
         "Đại hội XVI điều chỉnh", NOTE],
    ],
    "observations": [
        ["T_SHARE", "2021", 10.4, "exact", "final", "yes", "antt.vn", SOURCE, "10.4%", NOTE],
        ["T_SHARE", "2022", 11.5, "exact", "final", "yes", "antt.vn", SOURCE, "11.5%", NOTE],
        ["T_SHARE", "2023-9M", 12.1, "approx", "estimate", "yes", "antt.vn", SOURCE, "~12.1%",
         NOTE],
    ],
}  # fmt: skip
#: What the bad variant adds: a formula with an unknown code, two formulas in a cycle, and a
#: baseline of an indicator that does not exist.
BAD_EXTRA = {
    "indicators": [
        ["T01", "T_GHOST", 2, "Sai mã", "Unknown code", "%", "level", "higher", "", "", "NOPE * 2",
         SOURCE, NOTE],
        ["T01", "T_A", 2, "Vòng A", "Cycle A", "%", "level", "higher", "", "", "T_B + 1", SOURCE,
         NOTE],
        ["T01", "T_B", 2, "Vòng B", "Cycle B", "%", "level", "higher", "", "", "T_A + 1", SOURCE,
         NOTE],
    ],
    "baselines": [["UNKNOWN_IND", 2020, 1, "exact", "", SOURCE, NOTE]],
}  # fmt: skip


def workbook(sheets: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, header in HEADERS.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in sheets.get(title, []):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bad_sheets() -> dict:
    return {name: rows + BAD_EXTRA.get(name, []) for name, rows in GOOD.items()}


def sheets_of(content: bytes) -> dict:
    return read_workbook(io.BytesIO(content))


@pytest.fixture
def ready(province, agency):
    """The province and the agency SCT, which the workbook names."""


def test_a_good_workbook_sets_up_the_whole_programme(ready, secretariat):
    result = import_programme(sheets_of(workbook(GOOD)), secretariat)

    assert (result.created, result.updated, result.unchanged) == (10, 0, 0)
    programme = Programme.objects.get()
    indicator = Indicator.objects.get()
    assert (programme.code, str(programme.issued_on)) == ("T01", "2020-11-16")
    assert (indicator.breakthrough.number, indicator.responsible_agency.code) == (2, "SCT")
    baseline = Baseline.objects.get()
    assert (baseline.year, baseline.value, baseline.status) == (2020, Decimal("9.8"), "approved")
    assert baseline.approved_by == secretariat


def test_a_revision_row_keeps_the_earlier_target_visible(ready, secretariat):
    import_programme(sheets_of(workbook(GOOD)), secretariat)

    indicator = Indicator.objects.get()
    current = [(t.year, t.value, t.document) for t in indicator.current_targets()]
    earlier = Target.objects.get(year=2030, document="NQ 01")
    assert current == [(2025, Decimal("15"), "NQ 01"), (2030, Decimal("18"), "Văn kiện ĐH XVI")]
    assert (earlier.value, earlier.is_current) == (Decimal("20"), False)
    assert earlier.revised_by.revision_reason == "Đại hội XVI điều chỉnh"


def test_the_figures_are_imported_approved_with_their_period_and_kind(ready, secretariat):
    import_programme(sheets_of(workbook(GOOD)), secretariat)

    figures = Observation.objects.order_by("period").values_list(
        "period", "period_kind", "value", "qualifier", "estimate", "status"
    )
    assert list(figures) == [
        ("2021", "year", Decimal("10.4"), "exact", "final", "approved"),
        ("2022", "year", Decimal("11.5"), "exact", "final", "approved"),
        ("2023-9M", "ytd", Decimal("12.1"), "approx", "estimate", "approved"),
    ]


def test_importing_the_same_workbook_again_changes_nothing(ready, secretariat):
    content = workbook(GOOD)
    import_programme(sheets_of(content), secretariat)
    history = ChangeRecord.objects.count()

    again = import_programme(sheets_of(content), secretariat)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert ChangeRecord.objects.count() == history


def test_a_workbook_with_bad_rows_writes_nothing_and_names_each_one(ready, secretariat):
    history = ChangeRecord.objects.count()

    with pytest.raises(ImportRejected) as rejected:
        import_programme(sheets_of(workbook(bad_sheets())), secretariat)

    problems = {(e.sheet, e.row, e.column) for e in rejected.value.errors}
    assert ("indicators", 3, "formula") in problems  # T_GHOST: unknown code NOPE
    assert ("baselines", 3, "indicator") in problems  # UNKNOWN_IND
    cycle = [e for e in rejected.value.errors if e.column == "formula" and "T_A" in e.message]
    assert cycle, "the cycle T_A → T_B → T_A is reported"
    assert not Programme.objects.exists()
    assert not Indicator.objects.exists()
    assert ChangeRecord.objects.count() == history


def test_a_workbook_without_a_sheet_is_refused(ready, secretariat):
    sheets = sheets_of(workbook(GOOD))
    del sheets["targets"]

    with pytest.raises(ImportRejected) as rejected:
        import_programme(sheets, secretariat)

    assert [(e.sheet, e.row) for e in rejected.value.errors] == [("targets", 0)]


@pytest.mark.parametrize(("cell", "value"), [("30,000", Decimal("30000")), ("9.8", Decimal("9.8"))])
def test_a_comma_groups_thousands(ready, secretariat, cell, value):
    counted = [
        *GOOD["indicators"][0][:5],
        "jobs",
        *GOOD["indicators"][0][6:],
    ]  # 30,000 % is no share
    sheets = {
        **GOOD,
        "indicators": [counted],
        "baselines": [["T_SHARE", 2020, cell, "exact", "", SOURCE, NOTE]],
    }

    import_programme(sheets_of(workbook(sheets)), secretariat)

    assert Baseline.objects.get().value == value


def test_a_decimal_comma_is_refused_as_ambiguous(ready, secretariat):
    sheets = {**GOOD, "baselines": [["T_SHARE", 2020, "9,8", "exact", "", SOURCE, NOTE]]}

    with pytest.raises(ImportRejected) as rejected:
        import_programme(sheets_of(workbook(sheets)), secretariat)

    problems = [(e.sheet, e.row, e.column) for e in rejected.value.errors]
    assert problems == [("baselines", 2, "value")]


# --- the page ------------------------------------------------------------------------------


def upload(content: bytes) -> dict:
    return {"file": SimpleUploadedFile("programme.xlsx", content)}


def test_the_page_imports_a_good_workbook(client, ready, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("programmes:programme-import"), upload(workbook(GOOD)))

    assert response.status_code == 302
    assert Observation.objects.count() == 3
    assert Programme.objects.get().code == "T01"


def test_the_page_lists_every_bad_row_and_writes_nothing(client, ready, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("programmes:programme-import"), upload(workbook(bad_sheets())))

    assert response.status_code == 422
    rows = {(e.sheet, e.row) for e in response.context["errors"]}
    assert {("indicators", 3), ("baselines", 3)} <= rows
    assert b'data-testid="row-errors"' in response.content
    assert not Programme.objects.exists()


def test_an_agency_officer_cannot_import_a_programme(client, ready, officer):
    client.force_login(officer)

    response = client.post(reverse("programmes:programme-import"), upload(workbook(GOOD)))

    assert response.status_code == 403
    assert not Programme.objects.exists()
