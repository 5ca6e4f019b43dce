"""Working-day arithmetic for public offices: weekends, public holidays and swapped days.

Pure functions over a ``WorkCalendar`` (the days off and the Saturdays worked in
exchange); ``xuctien.actions.holidays.load_calendar`` builds one from the holiday table.
A day is a working day when it is a make-up day, or a Monday-to-Friday that is not a day off.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

_SATURDAY = 5


@dataclass(frozen=True)
class WorkCalendar:
    """The exceptions to the Monday-to-Friday week."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    make_up_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[date] = (), make_up_days: Iterable[date] = ()):
        return cls(frozenset(days_off), frozenset(make_up_days))


def is_working_day(day: date, calendar: WorkCalendar) -> bool:
    if day in calendar.make_up_days:
        return True
    return day.weekday() < _SATURDAY and day not in calendar.days_off


def add_working_days(start: date, n: int, calendar: WorkCalendar) -> date:
    """The n-th working day after ``start`` (before it when n < 0); ``start`` is not counted.

    With n == 0, ``start`` itself if it is a working day, else the next working day:
    a deadline never falls on a day the offices are closed.
    """
    step = 1 if n >= 0 else -1
    day, remaining = start, abs(n)
    if remaining == 0:
        while not is_working_day(day, calendar):
            day += timedelta(days=1)
        return day
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, calendar):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, calendar)
    return count
