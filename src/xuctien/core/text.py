"""Text on the way in and out, in one place: its length, its normal form, what it may hold.

Limits: a note is a note, not a 5 MB payload. Normal form: forms and the API receive text in
NFC (``NormaliseTextMiddleware``, ``NFCJSONParser``). Names and identifiers refuse invisible
characters and formula-looking starts (``NAME``); exports keep formula-looking text as
text (``defuse_formulas``).
"""

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Notes, descriptions, reasons, comments, answers.
LONG_TEXT = 10_000
#: Source URLs, several separated by "|".
SOURCE_TEXT = 4_000
#: A published article or page body.
ARTICLE_TEXT = 200_000


#: Characters that change how text looks without being seen: zero-width spaces and
#: joiners, direction marks, embeddings, overrides and isolates, the byte-order mark and
#: the soft hyphen. "UNI\u200b-1" must not pass for a second "UNI-1".
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Text a spreadsheet would run as a formula (=, +, -, @ and the tab/CR tricks).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-]\s*[\w(]")


def nfc(value: Any) -> Any:
    """Strings in Unicode NFC (one code point for "ệ", as a keyboard may not send it)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


def visible_only(value: str) -> None:
    """A name or an identifier holds no invisible characters."""
    if isinstance(value, str) and INVISIBLE.search(value):
        raise ValidationError(
            _("Remove the invisible characters (zero-width spaces, direction marks)."),
            code="invisible",
        )


def not_formula(value: str) -> None:
    """A name does not start like a spreadsheet formula (=, @, +…, -…)."""
    if isinstance(value, str) and _FORMULA.match(value):
        raise ValidationError(
            _("A name may not start with =, +, - or @ (a spreadsheet would run it)."),
            code="formula",
        )


#: Validators for names and identifiers, on each such model field.
NAME = [visible_only, not_formula]


def defuse_formulas(book: Any) -> Any:
    """Every cell of an openpyxl workbook that starts like a formula is kept as text.

    openpyxl writes a string starting with ``=`` as a live formula: a project named
    ``=HYPERLINK(…)`` became a link in the public export. Such cells (and those starting
    with ``+``, ``-``, ``@``, tab or CR, which a spreadsheet may run once edited) are stored
    as strings with Excel's quote prefix: shown as typed, never computed. Exports call this
    just before saving; the workbook is returned for chaining.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book
