"""The one reader every import uses: .xlsx, .xls, .ods and the tables of a .docx.

Each format is read so that only the cells written count, within bounds. A workbook's
``<dimension>`` tag is what the writing program claims, not what the sheet holds: a 208 KB
.xlsx that declares ``A1:XFD1048576`` made a reader that pads every row to the declared width
spend minutes on 16,384 empty columns per row. Here every format streams its rows and keeps
each only up to its last cell with a value; the file, its unpacked size, the rows, the
columns and the cells are capped, each cap with its own message.

- .xlsx: the sheets, their number formats and date epoch found by openpyxl; the rows and
  shared strings streamed by expat, a row kept up to its last value, the declared size
  ignored (decision 0033: openpyxl's own cell reader was a third of a large import).
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
    """openpyxl finds the sheets, their number formats and epoch; the cells and shared
    strings are read here, by expat with a handler per tag (decision 0033)."""
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):
        def read_strings(self) -> None:  # openpyxl's builds an object per string
            from openpyxl.reader.excel import SHARED_STRINGS

            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as source:
                    self.shared_strings = _XlsxStrings().parse(source)

    reader = Reader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    book = reader.wb
    try:
        budget = _Budget()
        return [Sheet(sheet.title, _xlsx_rows(sheet, budget)) for sheet in book.worksheets]
    finally:
        book.close()


def _xlsx_rows(sheet: Any, budget: _Budget) -> list[tuple[Any, ...]]:
    """The sheet's rows as openpyxl's streaming reader gives them (``values_only``, the
    declared size ignored), stopping one row past the cap."""
    book = sheet.parent
    cells = _XlsxCells(
        sheet._shared_strings, book.epoch, book._date_formats, book._timedelta_formats
    )
    rows: list[tuple] = []
    with sheet._get_source() as source:
        for number, row in cells.rows(source):
            if number > MAX_ROWS + 1:  # far down: refused as openpyxl's empty rows were
                while True:
                    budget.row(sheet.title, rows, ())
            while len(rows) < number - 1:  # rows the file leaves out are empty
                budget.row(sheet.title, rows, ())
            if len(rows) < number:  # a row number seen before is not read twice
                budget.row(sheet.title, rows, _trim(row))
    return _finish(rows)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _expat(start: Any, end: Any, text: Any) -> Any:
    """An expat parser with these handlers that refuses entity declarations and external
    references, as defusedxml's parsers do."""
    from xml.parsers import expat

    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

    def entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def external(context: str, base: str, sysid: str, pubid: str) -> None:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    return parser


#: The tags the readers below compare, named once (not a concatenation per element).
_T = _MAIN + "t"
_R = _MAIN + "r"
_SI = _MAIN + "si"
_V = _MAIN + "v"
_IS = _MAIN + "is"
_C = _MAIN + "c"
_ROW = _MAIN + "row"


class _XlsxText:
    """The text of a shared string or an inline string (``<si>``, ``<is>``) as openpyxl's
    ``Text.content`` gives it: its plain ``<t>`` then its runs' ``<r><t>``, the phonetic
    runs (``<rPh>``) left out."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.plain: str | None = None
        self.runs: list[str] = []
        self.buffer: list[str] = []

    def start(self, tag: str) -> None:
        self.path.append(tag)
        self.buffer = []

    def end(self, tag: str) -> None:
        self.path.pop()
        if tag == _T:
            text = "".join(self.buffer)
            if self.path[-1:] == [_R]:
                self.runs.append(text)
            elif not self.path:
                self.plain = text  # the last one, as openpyxl keeps it

    def text(self, data: str) -> None:
        self.buffer.append(data)

    def content(self) -> str:
        found = "".join([self.plain or "", *self.runs])
        self.path, self.plain, self.runs = [], None, []
        return found


class _XlsxStrings:
    """``xl/sharedStrings.xml`` as openpyxl's ``read_string_table`` reads it."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.inside: _XlsxText | None = None

    def parse(self, source: IO[bytes]) -> list[str]:
        _expat(self._start, self._end, self._text).ParseFile(source)
        return self.strings

    def _start(self, tag: str, attributes: dict) -> None:
        if self.inside is not None:
            self.inside.start(tag)
        elif tag == _SI:
            self.inside = _XlsxText()

    def _end(self, tag: str) -> None:
        if self.inside is None:
            return
        if tag == _SI and not self.inside.path:
            self.strings.append(self.inside.content().replace("x005F_", ""))
            self.inside = None
        else:
            self.inside.end(tag)

    def _text(self, data: str) -> None:
        if self.inside is not None:
            self.inside.text(data)


class _XlsxCells:
    """A worksheet's ``<row>`` and ``<c>`` elements as openpyxl's ``WorkSheetParser`` reads
    them with ``data_only``: (row number, the row's values up to its last cell)."""

    def __init__(self, strings: list, epoch: Any, dates: Any, durations: Any) -> None:
        self.strings, self.epoch = strings, epoch
        self.dates, self.durations = dates, durations
        self.done: list[tuple[int, list]] = []
        self.row_number, self.cells = 0, []
        self.cell: list | None = None  # [type, column, style, value text]
        self.inline: _XlsxText | None = None
        self.buffer: list[str] | None = None
        self.columns: dict[str, int] = {}
        self.column = 0

    def rows(self, source: IO[bytes]) -> Any:
        parser = _expat(self._start, self._end, self._text)
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
            yield from self.done
            self.done = []
        parser.Parse(b"", True)
        yield from self.done

    def _start(self, tag: str, attributes: dict) -> None:
        if self.inline is not None:
            self.inline.start(tag)
        elif self.cell is not None:
            if tag == _V and self.cell[3] is None:
                self.buffer = []
            elif tag == _IS and self.cell[0] == "inlineStr":
                self.inline = _XlsxText()
        elif tag == _C:
            self.cell = [attributes.get("t", "n"), self._column(attributes.get("r")),
                         int(attributes.get("s") or 0), None]  # fmt: skip
        elif tag == _ROW:
            self._row(attributes.get("r"))

    def _end(self, tag: str) -> None:
        if self.inline is not None:
            if tag == _IS and not self.inline.path:
                self.cell[3] = self.inline.content()  # type: ignore[index]
                self.inline = None
            else:
                self.inline.end(tag)
        elif self.buffer is not None and tag == _V:
            self.cell[3] = "".join(self.buffer)  # type: ignore[index]
            self.buffer = None
        elif tag == _C and self.cell is not None:
            self.cells.append((self.cell[1], self._value(*self.cell)))
            self.cell = None
        elif tag == _ROW:
            self.done.append((self.row_number, self._values()))

    def _text(self, data: str) -> None:
        if self.inline is not None:
            self.inline.text(data)
        elif self.buffer is not None:
            self.buffer.append(data)

    def _row(self, number: str | None) -> None:
        if number is None:
            self.row_number += 1
        else:
            value = float(number)
            if not value.is_integer():
                raise ValueError(f"{number} is not a valid row number")
            self.row_number = int(value)
        self.cells, self.column = [], 0

    def _column(self, reference: str | None) -> int:
        if not reference:
            self.column += 1
            return self.column
        letters = reference.rstrip("0123456789")
        if letters not in self.columns:
            from openpyxl.utils.cell import column_index_from_string

            self.columns[letters] = column_index_from_string(letters)
        self.column = self.columns[letters]
        return self.column

    def _value(self, kind: str, column: int, style: int, text: str | None) -> Any:
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            if style not in self.dates:
                return number
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.epoch, timedelta=style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # openpyxl's value for a date out of range
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text)
        return text

    def _values(self) -> list:
        """The row as openpyxl pads it: up to its last cell's column, a cell past that
        left out; a row wider than the cap is refused without building it."""
        if not self.cells:
            return []
        width = self.cells[-1][0]
        cells = [(c, v) for c, v in self.cells if c <= width and v is not None]
        last = max((c for c, v in cells if v != ""), default=0)
        if last > MAX_COLUMNS:
            return [None] * MAX_COLUMNS + ["…"]
        values: list = [None] * last
        for column, value in cells:
            if column <= last:
                values[column - 1] = value
        return values


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
