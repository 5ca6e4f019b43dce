"""Excel export for every list and table: one helper, so every workbook is made alike.

A page that can be taken away declares its sheets (``Sheet``: a title, the headers and the
rows it shows); ``xlsx_response`` writes them. Text is written as text and never run as a
formula: a value that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return,
which spreadsheets strip before reading a formula) gets a leading apostrophe, the usual
defence against formula injection, since a request's title or a project's name is typed
by people outside the administration. Numbers stay numbers, dates stay dates.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xuctien.core.text import defuse_formulas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAM = "export"
_HEAD_FILL = PatternFill("solid", fgColor="EEF0F3")
_MAX_WIDTH = 60


@dataclass
class Sheet:
    """One table of a workbook: what the page shows, in the page's language."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=list)


def cell_value(value: Any) -> Any:
    """What goes into a cell: numbers and dates as they are, anything else as text
    (``workbook`` keeps formula-looking text as text: ``core.text.defuse_formulas``)."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return str(value)


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx bytes: per sheet, its notes, a bold header row, then its rows."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write(book.create_sheet(_sheet_title(sheet.title, book)), sheet)
    buffer = BytesIO()
    defuse_formulas(book).save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, book: Workbook) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet's name, each name once."""
    clean = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()[:31] or "Sheet"
    name, n = clean, 2
    while name in book.sheetnames:
        name = f"{clean[:28]} {n}"
        n += 1
    return name


def _write(ws: Any, sheet: Sheet) -> None:
    for note in sheet.notes:
        ws.append([cell_value(note)])
    ws.append([cell_value(h) for h in sheet.headers])
    head = ws.max_row
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(h)) for h in sheet.headers]
    for row in sheet.rows:
        values = [cell_value(v) for v in row]
        ws.append(values)
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=False)]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), _MAX_WIDTH)
    ws.freeze_panes = ws.cell(head + 1, 1)


def history_sheet(changes: Iterable[Any], title: str = "") -> Sheet:
    """Changes to records, a line per field changed: when, who, what, from what, to what."""
    from django.utils.translation import gettext as _

    from xuctien.core.changes import readable_history

    headers = [_("Changed at"), _("Changed by"), _("Record"), _("Action"), _("Field")]
    headers += [_("Before"), _("After")]
    rows = []
    for change, fields in readable_history(changes):
        head = [change.at, str(change.user or ""), change.object_repr, change.get_action_display()]
        rows += [[*head, *field] for field in fields] or [[*head, "", "", ""]]
    return Sheet(title or _("History"), headers, rows)


def xlsx_response(name: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The workbook as a download named ``<name>-<today>.xlsx``."""
    response = HttpResponse(workbook(sheets), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT_PARAM) == "xlsx"


class ExportMixin:
    """``?export=xlsx`` on a page answers with its tables as a workbook.

    The view names the file (``export_name``) and says what its tables are
    (``export_sheets``), from the same queryset or context the page is drawn from.
    """

    export_name = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_export(request):
            return xlsx_response(self.export_name, self.export_sheets())
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def export_sheets(self) -> list[Sheet]:
        raise NotImplementedError
