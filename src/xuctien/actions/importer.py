"""Import of an action plan from Excel, in the usual annex layout.

Columns: STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian hoàn thành, Sản phẩm.
``parse_workbook`` reads and checks every row (an error names the row, the column and
what is wrong, in the user's language) and matches agency names for a preview; nothing
is written until ``commit`` creates every task in one transaction: all or nothing. The
page and the ``import_action_plan`` command share both functions.
"""

import calendar as gregorian
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from xuctien.actions import services
from xuctien.actions.matching import AgencyMatcher, normalise, split_names
from xuctien.actions.models import Recurrence, Task
from xuctien.core.models import Agency
from xuctien.core.spreadsheets import SpreadsheetError, read_spreadsheet

COLUMNS = {
    "stt": "number",
    "nhiem vu": "title",
    "co quan chu tri": "lead",
    "co quan phoi hop": "coordinating",
    "thoi gian hoan thanh": "deadline",
    "san pham": "output",
}
REQUIRED = ("title", "lead", "deadline")
_RECURRING = {
    "hang thang": Recurrence.MONTHLY,
    "hang quy": Recurrence.QUARTERLY,
    "6 thang lan": Recurrence.HALF_YEARLY,
    "6 thang mot lan": Recurrence.HALF_YEARLY,
    "hang nam": Recurrence.YEARLY,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass
class PlanError:
    row: int
    column: str
    message: str


@dataclass
class PlanRow:
    """One task of the plan, checked and matched, ready to preview or commit."""

    row: int
    number: str
    title: str
    lead_text: str
    lead_id: int | None = None
    lead_name: str = ""
    lead_score: float = 0.0
    coordinating: list[dict] = field(default_factory=list)
    coordinating_note: str = ""
    deadline_text: str = ""
    deadline: str | None = None
    start: str | None = None
    recurrence: str = Recurrence.NONE
    output: str = ""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, gregorian.monthrange(year, month)[1])


def parse_deadline(value: Any, year: int) -> tuple[date, date | None, str]:
    """(deadline, start, recurrence) from a cell; ValueError when it cannot be read.

    A date; dd/mm/yyyy; tháng m/yyyy; quý II/2025 or Q2/2025; 6 tháng đầu năm 2025; 2025;
    or a recurrence (hằng tháng, hằng quý, 6 tháng/lần, hằng năm) over the plan's year.
    """
    if isinstance(value, datetime):
        return value.date(), None, Recurrence.NONE
    if isinstance(value, date):
        return value, None, Recurrence.NONE
    raw = re.sub(r"\s+", " ", _text(value).lower())
    plain = normalise(raw.replace("/", " "))
    for words, recurrence in _RECURRING.items():
        if words in plain:
            return date(year, 12, 31), date(year, 1, 1), recurrence
    return _parse_one_date(raw, plain), None, Recurrence.NONE


def _parse_one_date(raw: str, plain: str) -> date:
    if m := re.fullmatch(r"(?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(?:thang )?(\d{1,2}) (?:nam )?(\d{4})", plain):
        return _end_of_month(int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(?:quy|q) ?([1-4]|i{1,3}|iv) (?:nam )?(\d{4})", plain):
        quarter = int(m[1]) if m[1].isdigit() else _ROMAN[m[1]]
        return _end_of_month(int(m[2]), quarter * 3)
    if m := re.fullmatch(r"6 thang dau nam (\d{4})", plain):
        return date(int(m[1]), 6, 30)
    if m := re.fullmatch(r"(?:nam |truoc )?(\d{4})", plain):
        return date(int(m[1]), 12, 31)
    raise ValueError(raw)


def _header_map(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for number, row in enumerate(rows[:15], start=1):
        found = {}
        for column, value in enumerate(row, start=1):
            key = normalise(_text(value))
            for prefix, name in COLUMNS.items():
                if key.startswith(prefix) and name not in found:
                    found[name] = column
        if {"title", "lead"} <= found.keys():
            return number, found
    return None


def parse_workbook(file: IO[bytes], year: int) -> tuple[list[PlanRow], list[PlanError]]:
    """Read and check a plan; returns the rows and every error found (none written)."""
    try:
        sheet = read_spreadsheet(file)[0]
    except SpreadsheetError as error:
        return [], [PlanError(0, "", str(error))]
    header = _header_map(sheet.rows)
    if header is None:
        message = _("No header row with the columns Nhiệm vụ and Cơ quan chủ trì was found.")
        return [], [PlanError(1, "", message)]
    header_row, columns = header
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        return [], [PlanError(header_row, "", _("Missing column: %s") % ", ".join(missing))]
    matcher = AgencyMatcher(Agency.objects.all())
    rows, errors = [], []
    for number, cells in enumerate(sheet.rows[header_row:], start=header_row + 1):
        values = {
            name: cells[col - 1] if col - 1 < len(cells) else None for name, col in columns.items()
        }
        if not any(_text(v) for v in values.values()) or _is_heading(values):
            continue
        row, row_errors = _parse_row(number, values, columns, year, matcher)
        rows.append(row)
        errors.extend(row_errors)
    if not rows and not errors:
        errors.append(PlanError(header_row + 1, "", _("The plan has no tasks.")))
    return rows, errors


def _is_heading(values: dict[str, Any]) -> bool:
    """A group heading ("I. Quy hoạch…"): a title with neither lead agency nor deadline."""
    return not _text(values.get("lead")) and not _text(values.get("deadline"))


def _parse_row(
    number: int, values: dict, columns: dict, year: int, matcher: AgencyMatcher
) -> tuple[PlanRow, list[PlanError]]:
    def error(name: str, message: str) -> PlanError:
        return PlanError(number, get_column_letter(columns[name]), message)

    row = PlanRow(
        row=number,
        number=_text(values.get("number")),
        title=_text(values.get("title")),
        lead_text=_text(values.get("lead")),
        deadline_text=_text(values.get("deadline")),
        output=_text(values.get("output")),
    )
    errors = []
    if not row.title:
        errors.append(error("title", _("The task has no title.")))
    errors.extend(_match_lead(row, matcher, error))
    _match_coordinating(row, _text(values.get("coordinating")), matcher)
    try:
        deadline, start, row.recurrence = parse_deadline(values.get("deadline"), year)
        row.deadline, row.start = deadline.isoformat(), start.isoformat() if start else None
    except ValueError:
        errors.append(
            error(
                "deadline",
                _(
                    "“%s” is not a date, month, quarter, year or "
                    "recurrence (hằng tháng, hằng quý, hằng năm)."
                )
                % row.deadline_text,
            )
        )
    return row, errors


def _match_lead(row: PlanRow, matcher: AgencyMatcher, error: Any) -> list[PlanError]:
    if not row.lead_text:
        return [error("lead", _("The task has no lead agency."))]
    names = split_names(row.lead_text)
    match = matcher.match(names[0]) if len(names) == 1 else None
    if match is None:
        return [error("lead", _("“%s” is not one agency of the agency list.") % row.lead_text)]
    row.lead_id, row.lead_name, row.lead_score = match.agency.pk, str(match.agency), match.score
    return []


def _match_coordinating(row: PlanRow, text: str, matcher: AgencyMatcher) -> None:
    unmatched = []
    for name in split_names(text):
        match = matcher.match(name)
        if match is None:
            unmatched.append(name)
        else:
            row.coordinating.append(
                {
                    "text": name,
                    "id": match.agency.pk,
                    "name": str(match.agency),
                    "score": match.score,
                }
            )
    row.coordinating_note = "; ".join(unmatched)


def rows_to_session(rows: list[PlanRow]) -> list[dict]:
    return [asdict(row) for row in rows]


def rows_from_session(data: list[dict]) -> list[PlanRow]:
    return [PlanRow(**item) for item in data]


def commit(user: Any, rows: list[PlanRow], source: str = "") -> list[Task]:
    """Create every task of a checked plan, or none of them."""
    tasks = []
    with transaction.atomic():
        for row in rows:
            task = Task(
                title_vi=row.title,
                lead_agency_id=row.lead_id,
                expected_output=row.output,
                deadline=date.fromisoformat(row.deadline) if row.deadline else None,
                start_date=date.fromisoformat(row.start) if row.start else None,
                recurrence=row.recurrence,
                deadline_as_published=row.deadline_text,
                coordinating_note=row.coordinating_note,
                source_url=source,
            )
            coordinating = Agency.objects.filter(pk__in=[c["id"] for c in row.coordinating])
            tasks.append(services.create_task(user, task, coordinating))
    return tasks
