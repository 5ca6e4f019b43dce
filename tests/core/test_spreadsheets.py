"""The one spreadsheet reader: only the cells written, and every import bounded."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from xuctien.core import spreadsheets
from xuctien.core.spreadsheets import SpreadsheetError, read_spreadsheet

WHOLE_SHEET = b'<dimension ref="A1:XFD1048576"/>'


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def declared_whole_sheet(rows: list[list], far_cell: tuple[int, int] | None = None) -> bytes:
    """An .xlsx whose dimension tag claims A1:XFD1048576, as the 208 KB file of issue 10."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=far_cell[0], column=far_cell[1], value="far")
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', WHOLE_SHEET, data)
                assert count == 1
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_that_claims_every_cell_is_read_as_the_cells_it_has():
    content = declared_whole_sheet([["name", "value"], ["a", 1], ["b", 2]])
    assert WHOLE_SHEET in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    started = time.monotonic()
    (sheet,) = read_spreadsheet(io.BytesIO(content))

    assert time.monotonic() - started < 5
    assert sheet.rows == [("name", "value"), ("a", 1), ("b", 2)]


def test_rows_keep_their_excel_numbers_across_empty_rows():
    book = Workbook()
    book.active["A1"] = "head"
    book.active["B4"] = "four"
    raw = io.BytesIO()
    book.save(raw)

    (sheet,) = read_spreadsheet(io.BytesIO(raw.getvalue()))

    assert sheet.rows == [("head",), (), (), (None, "four")]


def test_a_cell_past_the_last_allowed_column_is_refused():
    content = declared_whole_sheet([["name"]], far_cell=(2, spreadsheets.MAX_COLUMNS + 1))
    with pytest.raises(SpreadsheetError, match="more than 200 columns"):
        read_spreadsheet(io.BytesIO(content))


def test_a_cell_past_the_last_allowed_row_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 50)
    content = declared_whole_sheet([["name"]], far_cell=(51, 1))
    with pytest.raises(SpreadsheetError, match="more than 50 rows"):
        read_spreadsheet(io.BytesIO(content))


def test_too_many_cells_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 9)
    content = declared_whole_sheet([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]])
    with pytest.raises(SpreadsheetError, match="more than 9 cells"):
        read_spreadsheet(io.BytesIO(content))


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 100)
    with pytest.raises(SpreadsheetError, match="larger than"):
        read_spreadsheet(io.BytesIO(b"x" * 101))


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    content = declared_whole_sheet([["x" * 2000]])
    with pytest.raises(SpreadsheetError, match="unpacks to more than"):
        read_spreadsheet(io.BytesIO(content))


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message():
    with pytest.raises(SpreadsheetError, match=r"not a spreadsheet"):
        read_spreadsheet(io.BytesIO(b"PK not really"))


#: Every import page, with what else its form needs beside the file.
IMPORTS = {
    "investments:import": {},
    "programmes:observation-import": {},
    "programmes:programme-import": {},
    "actions:import": {"year": 2025, "plan": "45/KH-UBND"},
}


@pytest.mark.parametrize("view", IMPORTS)
def test_every_import_answers_an_oversized_workbook_with_a_clear_error_quickly(
    client, admin_user, view
):
    """The real cell at XFD1048576 under a whole-sheet dimension: refused in seconds."""
    content = declared_whole_sheet([["name", "value"], ["a", 1]], far_cell=(1048576, 16384))
    client.force_login(admin_user)

    started = time.monotonic()
    upload = SimpleUploadedFile("big.xlsx", content)
    response = client.post(reverse(view), {"file": upload, **IMPORTS[view]})
    elapsed = time.monotonic() - started

    assert elapsed < 5
    assert response.status_code in (200, 400, 422)
    assert "20,000" in response.content.decode()  # the row limit, named in the message


# --- .xls, .ods and .docx through the same reader ------------------------------------------

ANNEX = __import__("pathlib").Path(__file__).resolve().parents[1] / "actions" / "files"
ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
    '<office:spreadsheet><table:table table:name="S">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods(rows_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", ODS_HEAD + rows_xml + ODS_TAIL)
    return out.getvalue()


def cell(text: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


@pytest.mark.parametrize("extension", ["xlsx", "xls", "ods", "docx"])
def test_every_format_reads_the_same_table(extension):
    (sheet,) = read_spreadsheet(ANNEX / f"annex.{extension}")
    header = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
    assert header in [row[:5] for row in sheet.rows]
    assert ("I", "QUY HOẠCH, QUỸ ĐẤT CÔNG NGHIỆP") in sheet.rows  # a merged cell, once


def test_an_ods_blank_end_repeated_a_million_times_is_no_rows():
    content = ods(
        f"<table:table-row>{cell('a')}{cell('b')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    started = time.monotonic()
    (sheet,) = read_spreadsheet(io.BytesIO(content))
    assert time.monotonic() - started < 2
    assert sheet.rows == [("a", "b")]


def test_an_ods_value_past_the_limits_is_refused_quickly():
    far_row = ods(
        f"<table:table-row>{cell('a')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574">'
        "<table:table-cell/></table:table-row>"
        f"<table:table-row>{cell('far')}</table:table-row>"
    )
    far_column = ods(
        '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        f"{cell('far')}</table:table-row>"
    )
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="more than 20,000 rows"):
        read_spreadsheet(io.BytesIO(far_row))
    with pytest.raises(SpreadsheetError, match="more than 200 columns"):
        read_spreadsheet(io.BytesIO(far_column))
    assert time.monotonic() - started < 2


def test_an_xls_past_the_row_limit_is_refused_before_its_rows_are_read(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    with pytest.raises(SpreadsheetError, match="more than 5 rows"):
        read_spreadsheet(ANNEX / "annex.xls")


def test_an_ods_with_an_entity_is_refused():
    declared = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><office:document-content'
    bomb = ods(f"<table:table-row>{cell('&amp;a;')}</table:table-row>").replace(
        b"<office:document-content", declared, 1
    )
    with pytest.raises(SpreadsheetError):
        read_spreadsheet(io.BytesIO(bomb))


def openpyxl_rows(content: bytes) -> list[tuple]:
    """What openpyxl's own streaming reader gives, trimmed as the reader trims."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = book.active
    sheet.reset_dimensions()
    rows = [spreadsheets._trim(values) for values in sheet.iter_rows(values_only=True)]
    book.close()
    return spreadsheets._finish(rows)


def test_xlsx_cells_of_every_kind_read_as_openpyxl_reads_them():
    from datetime import date, datetime, time

    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    sheet = book.active
    sheet.append(["text", "  spaced  ", "Nhà đầu tư", "", None, "x005F_kept"])
    sheet.append([1, 2.5, -3, 1e20, 0, True, False])
    sheet.append([date(2024, 2, 29), datetime(2024, 3, 1, 8, 30), time(7, 15)])
    sheet.append(["=1+1", "#N/A", None, None, "last"])
    sheet["A5"] = CellRichText("plain ", TextBlock(InlineFont(b=True), "bold"), " tail")
    sheet["C7"] = "after an empty row"
    sheet["A8"].number_format = "0.00"  # styled, no value: not content
    raw = io.BytesIO()
    book.save(raw)
    content = raw.getvalue()

    (read,) = read_spreadsheet(io.BytesIO(content))

    assert read.rows == openpyxl_rows(content)
    assert read.rows[4] == ("plain bold tail",)
    assert read.rows[6] == (None, None, "after an empty row")


def test_xlsx_inline_strings_and_rows_without_numbers_read_as_openpyxl_reads_them():
    sheet_xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
        b'<row><c t="inlineStr"><is><t>one</t></is></c><c t="inlineStr"><is><r><t>t</t></r>'
        b'<r><t>wo</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c></row>'
        b'<row r="3"><c r="B3" t="b"><v>1</v></c><c r="D3" t="str"><v>text</v></c></row>'
        b'<row><c t="e"><v>#DIV/0!</v></c><c r="C4"><v>7</v></c></row>'
        b"</sheetData></worksheet>"
    )
    content = replace_part(book_bytes([["x"]]), "xl/worksheets/sheet1.xml", sheet_xml)

    (read,) = read_spreadsheet(io.BytesIO(content))

    assert read.rows == openpyxl_rows(content)
    assert read.rows == [("one", "two"), (), (None, True, None, "text"), ("#DIV/0!", None, 7)]


def test_an_xlsx_with_an_entity_declaration_is_refused():
    sheet_xml = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>'
    )
    content = replace_part(book_bytes([["x"]]), "xl/worksheets/sheet1.xml", sheet_xml)

    with pytest.raises(SpreadsheetError, match="not a spreadsheet"):
        read_spreadsheet(io.BytesIO(content))


def test_a_far_row_of_an_xlsx_is_refused_as_beyond_the_row_cap():
    content = declared_whole_sheet([["name"]], far_cell=(1_048_576, 1))
    with pytest.raises(SpreadsheetError, match="more than 20,000 rows"):
        read_spreadsheet(io.BytesIO(content))


def book_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def replace_part(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item.filename))
    return out.getvalue()
