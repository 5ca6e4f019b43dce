"""Spreadsheet imports. Each is all or nothing, with one message per bad row."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell or row, in the reader's language."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class ImportRejected(Exception):
    """The file had bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} bad row(s)")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)
