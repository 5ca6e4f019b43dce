"""Which occurrences a task has: one per period between its start and its deadline.

Pure functions. For a one-off task the single occurrence is due on the deadline; for a
recurring one each period (month, quarter, half-year, year) is due on its last day, or
``working_days`` working days after it when the task counts its deadline in working days.
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


def schedule(
    recurrence: str,
    start: date | None,
    deadline: date | None,
    calendar: WorkCalendar,
    working_days: int | None = None,
) -> list[tuple[str, date | None]]:
    """(period label, due date) for each occurrence a task should have."""
    if recurrence == "none" or start is None or deadline is None:
        return [(ONCE, deadline)]
    rows = periods(recurrence, start, deadline)
    if working_days is None:
        return rows
    return [(label, add_working_days(last, working_days, calendar)) for label, last in rows]
