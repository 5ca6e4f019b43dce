"""The one reader every import uses: .xlsx, .xls, .ods and the tables of a .docx.

Each format is read so that only the cells written count, within bounds. A workbook's
``<dimension>`` tag is what the writing program claims, not what the sheet holds: a 208 KB
.xlsx that declares ``A1:XFD1048576`` made a reader that pads every row to the declared width
spend minutes on 16,384 empty columns per row. Here every format streams its rows and keeps
each only up to its last cell with a value; the file, its unpacked size, the rows, the
columns and the cells are capped, each cap with its own message.

- .xlsx: openpyxl's streaming reader, the declared size ignored (``reset_dimensions``).
- .xls: xlrd with ragged rows (a row holds only the cells it has), the sheet's row count
  checked before any row is read.
- .ods: the ``content.xml`` streamed with defusedxml, the OpenDocument "repeated" counts
  (an empty row repeated a million times is how LibreOffice writes a blank sheet's end)
  held as counts and only made into cells when a value follows them.
- .docx: each table of the document is a sheet (python-docx); a merged cell's text is kept
  once, in its first column.

Decision records 0008 and 0017 say why this is not python-calamine (a far cell aborts the
process, which no Python ``except`` catches).
"""

import io
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
#: The unpacked size of every part of the zip, against a few MB that unpack to gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
#: The formats read, by the name's ending, for the upload fields' ``accept`` and messages.
EXTENSIONS = (".xlsx", ".xls", ".ods", ".docx")
ACCEPT = ",".join(EXTENSIONS)

Source = IO[bytes] | str | os.PathLike

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


class SpreadsheetError(ValueError):
    """A file refused before its rows are read; the message is for the uploader."""


@dataclass
class Sheet:
    """One worksheet's (or Word table's) values, row by row; ``rows[0]`` is row 1."""

    title: str
    rows: list[tuple[Any, ...]]


def not_readable() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file is not a spreadsheet (.xlsx, .xls, .ods) or a Word document (.docx).")
    )


def read_spreadsheet(file: Source) -> list[Sheet]:
    """Every sheet of the file as rows of values, or ``SpreadsheetError``."""
    data = _read_bytes(file)
    if data.startswith(_OLE2):
        return _read_xls(data)
    kind = _zip_kind(data)
    readers = {"xlsx": _read_xlsx, "ods": _read_ods, "docx": _read_docx}
    try:
        return readers[kind](data)
    except SpreadsheetError:
        raise
    except Exception as error:  # each library raises many kinds for a damaged file
        raise not_readable() from error


def _read_bytes(file: Source) -> bytes:
    if _size(file) > MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than %s MB.") % (MAX_BYTES // (1024 * 1024)))
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    file.seek(0)
    return data


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as error:
        raise not_readable() from error
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _("The workbook unpacks to more than %s MB.") % (MAX_UNPACKED_BYTES // (1024 * 1024))
        )
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype == _ODS_MIME and "content.xml" in names:
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    raise not_readable()


class _Budget:
    """Counts rows, columns and cells against the caps, with the sheet's name in messages."""

    def __init__(self) -> None:
        self.cells = MAX_CELLS

    def row(self, sheet: str, rows: list, row: tuple) -> None:
        if len(rows) >= MAX_ROWS:
            raise SpreadsheetError(
                _("The sheet “%(sheet)s” has more than %(max)s rows.")
                % {"sheet": sheet, "max": f"{MAX_ROWS:,}"}
            )
        if len(row) > MAX_COLUMNS:
            raise SpreadsheetError(
                _("The sheet “%(sheet)s” has more than %(max)s columns.")
                % {"sheet": sheet, "max": MAX_COLUMNS}
            )
        self.cells -= len(row)
        if self.cells < 0:
            raise SpreadsheetError(_("The workbook has more than %s cells.") % f"{MAX_CELLS:,}")
        rows.append(row)


def _finish(rows: list[tuple]) -> list[tuple]:
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _trim(values: tuple[Any, ...] | list[Any]) -> tuple[Any, ...]:
    """The row up to its last cell with a value (a styled empty cell is not content)."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return tuple(values[:end])


# --- .xlsx ---------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        budget = _Budget()
        return [Sheet(sheet.title, _xlsx_rows(sheet, budget)) for sheet in book.worksheets]
    finally:
        book.close()


def _xlsx_rows(sheet: Any, budget: _Budget) -> list[tuple[Any, ...]]:
    sheet.reset_dimensions()  # the declared size is a claim; read what is there
    rows: list[tuple] = []
    for values in sheet.iter_rows(max_row=MAX_ROWS + 1, values_only=True):
        budget.row(sheet.title, rows, _trim(values))
    return _finish(rows)


# --- .xls ----------------------------------------------------------------------------------


def _read_xls(data: bytes) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, ragged_rows=True, on_demand=True)
    except Exception as error:
        raise not_readable() from error
    budget, sheets = _Budget(), []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > MAX_ROWS:  # checked before a row is read
                budget.row(sheet.name, [None] * MAX_ROWS, ())
            rows: list[tuple] = []
            for number in range(sheet.nrows):
                cells = [_xls_value(cell, book.datemode) for cell in sheet.row(number)]
                budget.row(sheet.name, rows, _trim(cells))
            sheets.append(Sheet(sheet.name, _finish(rows)))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return int(cell.value)
    return cell.value


# --- .ods ----------------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _read_ods(data: bytes) -> list[Sheet]:
    from defusedxml.ElementTree import iterparse

    budget, sheets = _Budget(), []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        reader = _OdsReader(budget)
        for event, element in iterparse(content, events=("start", "end")):
            reader.handle(event, element, sheets)
    return sheets


class _OdsReader:
    """Streams ``content.xml``: repeated empty rows and cells stay counts until a value."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.title = ""
        self.rows: list[tuple] = []
        self.pending_rows = 0
        self.cells: list[Any] = []
        self.pending_cells = 0
        self.depth = 0  # cells inside a cell (annotations, nested tables) are not cells

    def handle(self, event: str, element: Any, sheets: list[Sheet]) -> None:
        tag = element.tag
        if tag == _q(_TABLE, "table"):
            if event == "start" and self.depth == 0:
                self.title, self.rows, self.pending_rows = (
                    element.get(_q(_TABLE, "name"), ""),
                    [],
                    0,
                )
            elif event == "end" and self.depth == 0:
                sheets.append(Sheet(self.title, _finish(self.rows)))
                element.clear()
        elif tag == _q(_TABLE, "table-row") and self.depth == 0:
            if event == "start":
                self.cells, self.pending_cells = [], 0
            else:
                self._end_row(element)
        elif tag in (_q(_TABLE, "table-cell"), _q(_TABLE, "covered-table-cell")):
            if event == "start":
                self.depth += 1
            else:
                self.depth -= 1
                if self.depth == 0:
                    self._end_cell(element)

    def _end_cell(self, element: Any) -> None:
        repeat = int(element.get(_q(_TABLE, "number-columns-repeated"), "1") or 1)
        value = _ods_value(element)
        if value is None or value == "":
            self.pending_cells += repeat
        else:
            if len(self.cells) + self.pending_cells + repeat > MAX_COLUMNS:
                self.budget.row(self.title, [], (None,) * (MAX_COLUMNS + 1))
            self.cells.extend([None] * self.pending_cells + [value] * repeat)
            self.pending_cells = 0
        element.clear()

    def _end_row(self, element: Any) -> None:
        repeat = int(element.get(_q(_TABLE, "number-rows-repeated"), "1") or 1)
        row = _trim(self.cells)
        if not row:
            self.pending_rows += repeat
        else:
            for _i in range(self.pending_rows):
                self.budget.row(self.title, self.rows, ())
            for _i in range(repeat):
                self.budget.row(self.title, self.rows, row)
            self.pending_rows = 0
        element.clear()


def _ods_value(element: Any) -> Any:
    kind = element.get(_q(_OFFICE, "value-type"))
    if kind in ("float", "percentage", "currency"):
        number = float(element.get(_q(_OFFICE, "value"), "0"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = element.get(_q(_OFFICE, "date-value"), "")
        moment = datetime.fromisoformat(text)
        return moment if len(text) > 10 else datetime.combine(date.fromisoformat(text), time())
    if kind == "boolean":
        return element.get(_q(_OFFICE, "boolean-value")) == "true"
    paragraphs = [_ods_text(p) for p in element.iter(_q(_TEXT, "p"))]
    return "\n".join(paragraphs) if paragraphs else None


def _ods_text(paragraph: Any) -> str:
    parts = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == _q(_TEXT, "s"):
            parts.append(" " * int(child.get(_q(_TEXT, "c"), "1") or 1))
        elif child.tag == _q(_TEXT, "line-break"):
            parts.append("\n")
        elif child.tag == _q(_TEXT, "tab"):
            parts.append("\t")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- .docx ---------------------------------------------------------------------------------


def _read_docx(data: bytes) -> list[Sheet]:
    import docx

    document = docx.Document(io.BytesIO(data))
    budget, sheets = _Budget(), []
    for number, table in enumerate(document.tables, start=1):
        rows: list[tuple] = []
        for row in table.rows:
            values, seen = [], set()
            for cell in row.cells:  # a merged cell appears once per column it spans
                key = id(cell._tc)
                values.append(None if key in seen else cell.text.strip() or None)
                seen.add(key)
            budget.row(_("Table %s") % number, rows, _trim(values))
        sheets.append(Sheet(_("Table %s") % number, _finish(rows)))
    if not sheets:
        raise SpreadsheetError(_("The Word document has no table."))
    return sheets


def _size(file: Source) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    if getattr(file, "size", None) is not None:  # Django's UploadedFile
        return int(file.size)
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size
