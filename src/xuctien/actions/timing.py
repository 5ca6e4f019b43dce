"""Reading the timing of a task as offices write it ("Quý II/2025", "Thường xuyên", …).

``parse_timing`` turns a cell into a ``Timing`` (deadline, start, recurrence, due day and
month) or raises ``ValueError``: every phrase is understood or reported, never guessed.
Recurring phrases run over the plan's year.
"""

import calendar as gregorian
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xuctien.actions.matching import fold
from xuctien.actions.models import Recurrence

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EVERY = r"(?:hang|hang ky|dinh ky)"  # "hằng", "hàng", "định kỳ" fold alike


class TimingError(ValueError):
    """A cell whose timing is not understood; the message is the cell as written."""


@dataclass
class Timing:
    deadline: date | None
    start: date | None = None
    recurrence: str = Recurrence.NONE
    due_day: int | None = None
    due_month: int | None = None


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, gregorian.monthrange(year, month)[1])


def _yearly_range(year: int, recurrence: str, due_day: int | None = None, month: int = 12):
    last = (
        date(year, month, min(due_day, gregorian.monthrange(year, month)[1])) if due_day else None
    )
    return Timing(
        deadline=last or date(year, 12, 31),
        start=date(year, 1, 1),
        recurrence=recurrence,
        due_day=due_day,
        due_month=month if due_day and recurrence == Recurrence.YEARLY else None,
    )


def parse_timing(value: Any, year: int) -> Timing:
    """The timing a cell states, over the plan's ``year``; TimingError when not understood."""
    try:
        return _parse(value, year)
    except ValueError as error:  # a date that does not exist (Tháng 13/2025) too
        raise TimingError(str(value or "")) from error


def _parse(value: Any, year: int) -> Timing:
    if isinstance(value, datetime):
        return Timing(value.date())
    if isinstance(value, date):
        return Timing(value)
    if isinstance(value, int) and 1900 < value < 2200:
        return Timing(date(value, 12, 31))
    remark = re.sub(r"\([^)]*\)", " ", str(value or ""))  # "Q2/2022 (GPMB)": a remark
    raw = fold(remark).replace("–", "-").replace("—", "-")
    plain = re.sub(r"[^\w/\-]+", " ", raw).strip()
    plain = re.sub(r"\s*([/\-])\s*", r"\1", plain)
    plain = re.sub(r"^(?:trong|truoc|den|cham nhat|hoan thanh|thoi han)\s+(?:ngay\s+)?", "", plain)
    plain = re.sub(r"^(?:truoc|cham nhat)\s+", "", plain)
    if not plain:
        raise ValueError(raw)
    timing = _recurring(plain, year)
    return timing if timing is not None else _once(plain)


def _recurring(plain: str, year: int) -> Timing | None:
    if re.fullmatch(r"thuong xuyen(?: lien tuc)?|lien tuc|thuong xuyen hang nam", plain):
        return Timing(None, date(year, 1, 1), Recurrence.ONGOING)
    if m := re.fullmatch(rf"(?:ngay )?(\d{{1,2}})/(\d{{1,2}}) {_EVERY} nam", plain):
        return _yearly_range(year, Recurrence.YEARLY, int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(?:ngay )?(\d{1,2}) (?:cua )?thang cuoi (?:moi |cua )?quy", plain):
        return _yearly_range(year, Recurrence.QUARTERLY, int(m[1]))
    if m := re.fullmatch(rf"(?:ngay )?(\d{{1,2}}) {_EVERY} thang", plain):
        return _yearly_range(year, Recurrence.MONTHLY, int(m[1]))
    plain_every = {
        rf"{_EVERY} thang": Recurrence.MONTHLY,
        rf"{_EVERY} quy|theo quy|moi quy": Recurrence.QUARTERLY,
        rf"6 thang|{_EVERY} 6 thang|6 thang/lan|6 thang (?:mot|1) lan|{_EVERY} nua nam": (
            Recurrence.HALF_YEARLY
        ),
        rf"{_EVERY} nam|moi nam": Recurrence.YEARLY,
    }
    for pattern, recurrence in plain_every.items():
        if re.fullmatch(pattern, plain):
            return _yearly_range(year, recurrence)
    return None


def _once(plain: str) -> Timing:
    if m := re.fullmatch(r"(?:ngay )?(\d{1,2})/(\d{1,2})/(\d{4})", plain):
        return Timing(date(int(m[3]), int(m[2]), int(m[1])))
    if m := re.fullmatch(r"(?:thang )?(\d{1,2})/(\d{4})", plain):
        return Timing(_end_of_month(int(m[2]), int(m[1])))
    if m := re.fullmatch(r"thang (\d{1,2}) nam (\d{4})", plain):
        return Timing(_end_of_month(int(m[2]), int(m[1])))
    if m := re.fullmatch(r"(?:quy|q) ?([1-4]|iv|i{1,3})(?:/| nam )(\d{4})", plain):
        quarter = int(m[1]) if m[1].isdigit() else _ROMAN[m[1]]
        return Timing(_end_of_month(int(m[2]), quarter * 3))
    if m := re.fullmatch(r"6 thang (dau|cuoi) nam (\d{4})", plain):
        return Timing(date(int(m[2]), 6 if m[1] == "dau" else 12, 30 if m[1] == "dau" else 31))
    if m := re.fullmatch(r"(?:giai doan |nam )?(\d{4})-(\d{4})", plain):
        first, last = int(m[1]), int(m[2])
        if first <= last:
            return Timing(date(last, 12, 31), date(first, 1, 1))
    if m := re.fullmatch(r"(?:nam )?(\d{4})", plain):
        return Timing(date(int(m[1]), 12, 31))
    raise ValueError(plain)


def describe(timing: Timing) -> str:
    """How the phrase was understood, for the preview (dates in Vietnamese order)."""
    from django.utils.translation import gettext as _

    labels = dict(Recurrence.choices)
    if timing.recurrence == Recurrence.ONGOING:
        return _("ongoing, no deadline; reported with the regular reports")
    if timing.recurrence == Recurrence.NONE:
        if timing.start:
            return f"{timing.start:%d/%m/%Y} – {timing.deadline:%d/%m/%Y}"
        return f"{timing.deadline:%d/%m/%Y}"
    label = str(labels[timing.recurrence]).lower()
    if timing.due_day and timing.due_month:
        return _("%(recurrence)s, due %(day)02d/%(month)02d") % {
            "recurrence": label,
            "day": timing.due_day,
            "month": timing.due_month,
        }
    if timing.due_day:
        return _("%(recurrence)s, due on day %(day)s of the period's last month") % {
            "recurrence": label,
            "day": timing.due_day,
        }
    return _("%(recurrence)s, due at the end of each period") % {"recurrence": label}
