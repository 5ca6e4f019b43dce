"""Reading and writing workbooks as plain rows: ``{sheet: [{column: text}]}``."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xuctien.core import text
from xuctien.core.spreadsheets import read_spreadsheet

ROW_KEY = "__row__"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores numbers as floats; go through repr so 12.43 stays "12.43".
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def read_workbook(file: IO[bytes] | str) -> dict[str, list[dict[str, str]]]:
    """Every sheet's rows as dicts keyed by the header row; ``__row__`` is the Excel row.

    Raises ``SpreadsheetError`` (a ValueError) for a file that is not a workbook or is
    beyond the reader's bounds.
    """
    sheets = {}
    for sheet in read_spreadsheet(file):
        header = [_text(cell).lower() for cell in (sheet.rows[0] if sheet.rows else ())]
        records = []
        for number, values in enumerate(sheet.rows[1:], start=2):
            record = {name: _text(v) for name, v in zip(header, values, strict=False) if name}
            if any(record.values()):
                record[ROW_KEY] = str(number)
                records.append(record)
        sheets[sheet.title.strip().lower()] = records
    return sheets


def build_workbook(
    sheets: dict[str, tuple[list[str], Iterable[Iterable[Any]]]],
    choices: dict[tuple[str, str], list[str]] | None = None,
    suggestions: frozenset[tuple[str, str]] = frozenset(),
) -> Workbook:
    """A workbook with one sheet per entry, and list validation on the named columns.

    ``choices`` maps (sheet, column) to the allowed values; the values go to a hidden
    ``lists`` sheet so long lists (every indicator code) still validate in Excel. Columns
    named in ``suggestions`` offer their list without refusing other values.
    """
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
        for index, _name in enumerate(header, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 18
    if choices:
        _add_validations(book, sheets, choices, suggestions)
    return text.defuse_formulas(book)


def _add_validations(book: Workbook, sheets: dict, choices: dict, suggestions: frozenset) -> None:
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    for column_index, ((title, column), values) in enumerate(choices.items(), start=1):
        letter = lists.cell(1, column_index).column_letter
        lists.cell(1, column_index, f"{title}.{column}")
        for row_index, value in enumerate(values, start=2):
            lists.cell(row_index, column_index, value)
        header = sheets[title][0]
        target = book[title].cell(1, header.index(column) + 1).column_letter
        rule = DataValidation(
            type="list",
            formula1=f"=lists!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=(title, column) not in suggestions,
        )
        book[title].add_data_validation(rule)
        rule.add(f"{target}2:{target}2000")
