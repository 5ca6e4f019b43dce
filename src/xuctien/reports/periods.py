"""The period a report covers: a year ("2024"), a quarter ("2024-Q2") or a half ("2024-H1")."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


class PeriodError(ValueError):
    """A period that is not "YYYY", "YYYY-Qn" or "YYYY-Hn"."""


@dataclass(frozen=True)
class ReportPeriod:
    key: str
    year: int
    first: date
    last: date

    @property
    def is_year(self) -> bool:
        return self.key == str(self.year)

    def label(self) -> str:
        """ "quý II năm 2024", "6 tháng đầu năm 2024", "năm 2024" in the active language."""
        part = self.key[5:]
        if part.startswith("Q"):
            roman = ("I", "II", "III", "IV")[int(part[1]) - 1]
            return _("quarter %(q)s of %(year)s") % {"q": roman, "year": self.year}
        if part == "H1":
            return _("the first six months of %(year)s") % {"year": self.year}
        if part == "H2":
            return _("the last six months of %(year)s") % {"year": self.year}
        return _("the year %(year)s") % {"year": self.year}


def parse(text: str) -> ReportPeriod:
    match = _PATTERN.match((text or "").strip().upper())
    if not match or not 2000 <= int(match[1]) <= 2100:
        raise PeriodError(
            _("“%(text)s” is not a period: write 2024, 2024-Q2 or 2024-H1.") % {"text": text}
        )
    year, part = int(match[1]), match[2] or ""
    first_month, last_month = 1, 12
    if part.startswith("Q"):
        last_month = int(part[1]) * 3
        first_month = last_month - 2
    elif part == "H1":
        last_month = 6
    elif part == "H2":
        first_month = 7
    last_day = calendar.monthrange(year, last_month)[1]
    key = f"{year}-{part}" if part else str(year)
    return ReportPeriod(key, year, date(year, first_month, 1), date(year, last_month, last_day))
