"""The one spreadsheet reader every import uses: only the cells written, within bounds.

A workbook's ``<dimension>`` tag is what the writing program claims, not what the sheet
holds: a 208 KB file that declares ``A1:XFD1048576`` made a reader that pads every row to
the declared width spend minutes on 16,384 empty columns per row. Here the declared size
is ignored (``reset_dimensions``), rows stream from the XML and keep only their cells up
to the last one with a value, and the file, its unpacked size, the rows, the columns and
the cells are capped, each cap with its own message. Decision record 0008 says why this is
openpyxl's streaming reader and not calamine.
"""

import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 10 * 1024 * 1024
#: The unpacked size of every part of the zip, against a few MB that unpack to gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000

Source = IO[bytes] | str | os.PathLike


class SpreadsheetError(ValueError):
    """A workbook refused before its rows are read; the message is for the uploader."""


@dataclass
class Sheet:
    """One worksheet's values, row by row; ``rows[0]`` is Excel row 1."""

    title: str
    rows: list[tuple[Any, ...]]


def read_spreadsheet(file: Source) -> list[Sheet]:
    """Every worksheet of an .xlsx as rows of values, or ``SpreadsheetError``."""
    _check_size(file)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx).")) from error
    try:
        budget = [MAX_CELLS]
        return [Sheet(sheet.title, _rows(sheet, budget)) for sheet in book.worksheets]
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx).")) from error
    finally:
        book.close()


def _rows(sheet: Any, budget: list[int]) -> list[tuple[Any, ...]]:
    sheet.reset_dimensions()  # the declared size is a claim; read what is there
    rows = []
    for values in sheet.iter_rows(max_row=MAX_ROWS + 1, values_only=True):
        row = _trim(values)
        if len(rows) == MAX_ROWS:  # openpyxl yields a row past the limit only if one exists
            raise SpreadsheetError(
                _("The sheet “%(sheet)s” has more than %(max)s rows.")
                % {"sheet": sheet.title, "max": f"{MAX_ROWS:,}"}
            )
        if len(row) > MAX_COLUMNS:
            raise SpreadsheetError(
                _("The sheet “%(sheet)s” has more than %(max)s columns.")
                % {"sheet": sheet.title, "max": MAX_COLUMNS}
            )
        budget[0] -= len(row)
        if budget[0] < 0:
            raise SpreadsheetError(_("The workbook has more than %s cells.") % f"{MAX_CELLS:,}")
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _trim(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row up to its last cell with a value (a styled empty cell is not content)."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return tuple(values[:end])


def _check_size(file: Source) -> None:
    size = _size(file)
    if size > MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than %s MB.") % (MAX_BYTES // (1024 * 1024)))
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx).")) from error
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _("The workbook unpacks to more than %s MB.") % (MAX_UNPACKED_BYTES // (1024 * 1024))
        )


def _size(file: Source) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    if getattr(file, "size", None) is not None:  # Django's UploadedFile
        return int(file.size)
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size
