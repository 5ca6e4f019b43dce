"""Which occurrences a task has: one per period between its start and its deadline.

Pure functions. For a one-off task the single occurrence is due on the deadline; for a
recurring one each period (month, quarter, half-year, year) is due on its last day, on the
day the plan names ("Trước 15/12 hằng năm": ``due_day`` 15, ``due_month`` 12; "Trước ngày 20
tháng cuối quý": ``due_day`` 20 of the quarter's last month), or ``working_days`` working
days after the period when the task counts its deadline in working days. An ongoing task
("Thường xuyên") has one occurrence with no due date: it is reported on with the regular
reports and never falls overdue.
"""

import calendar as gregorian
from datetime import date, timedelta

from xuctien.actions.calendar import WorkCalendar, add_working_days

ONCE = ""
_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def _period_bounds(months: int, day: date) -> tuple[date, date]:
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    last_day = gregorian.monthrange(day.year, last_month)[1]
    return date(day.year, first_month, 1), date(day.year, last_month, last_day)


def period_label(recurrence: str, day: date) -> str:
    """The label of the period containing ``day``: 2025-03, 2025-Q1, 2025-H1, 2025."""
    if recurrence == "monthly":
        return f"{day.year}-{day.month:02d}"
    if recurrence == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if recurrence == "half_yearly":
        return f"{day.year}-H{(day.month - 1) // 6 + 1}"
    return str(day.year)


def periods(recurrence: str, start: date, end: date) -> list[tuple[str, date]]:
    """(label, last day) of each period from the one containing start to the one with end."""
    months = _MONTHS[recurrence]
    result, day = [], start
    while day <= end:
        _first, last = _period_bounds(months, day)
        result.append((period_label(recurrence, day), last))
        day = last + timedelta(days=1)
    return result


def due_in_period(last: date, due_day: int | None, due_month: int | None) -> date:
    """The period's due date: its last day, or the named day (and month) within it."""
    if due_day is None:
        return last
    year, month = last.year, due_month or last.month
    return date(year, month, min(due_day, gregorian.monthrange(year, month)[1]))


def schedule(
    recurrence: str,
    start: date | None,
    deadline: date | None,
    calendar: WorkCalendar,
    working_days: int | None = None,
    due_day: int | None = None,
    due_month: int | None = None,
) -> list[tuple[str, date | None]]:
    """(period label, due date) for each occurrence a task should have."""
    if recurrence == "ongoing":
        return [(ONCE, None)]
    if recurrence == "none" or start is None or deadline is None:
        return [(ONCE, deadline)]
    rows = periods(recurrence, start, deadline)
    if working_days is None:
        return [(label, due_in_period(last, due_day, due_month)) for label, last in rows]
    return [(label, add_working_days(last, working_days, calendar)) for label, last in rows]
