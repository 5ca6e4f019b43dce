"""Working-day arithmetic for public offices: weekends, public holidays and swapped days.

Pure functions over a ``WorkCalendar`` (the days off and the Saturdays worked in
exchange); ``xuctien.actions.holidays.load_calendar`` builds one from the holiday table.
A day is a working day when it is a make-up day, or a Monday-to-Friday that is not a day off.

A calendar loaded from the table also knows which years it covers (``covered_years``):
asking about a day of any other year raises ``UncoveredYear`` rather than silently
treating every weekday of that year as a working day.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SATURDAY = 5


class UncoveredYear(ValidationError):
    """A working-day count reached a year whose holidays and days off are not loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _(
                "The holiday calendar does not cover %(year)s yet, so a deadline in working "
                "days cannot be counted in it. The secretariat loads that year's holidays, "
                "days off in lieu and make-up days on the calendar page first."
            ),
            code="uncovered_year",
            params={"year": str(year)},
        )

    def __reduce__(self):  # copy and pickle by year (the arguments differ from the base's)
        return (type(self), (self.year,))


@dataclass(frozen=True)
class WorkCalendar:
    """The exceptions to the Monday-to-Friday week."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    make_up_days: frozenset[date] = field(default_factory=frozenset)
    # None: no limit (a calendar built by hand); else only these years may be counted in.
    covered_years: frozenset[int] | None = None

    @classmethod
    def of(
        cls,
        days_off: Iterable[date] = (),
        make_up_days: Iterable[date] = (),
        covered_years: Iterable[int] | None = None,
    ):
        years = None if covered_years is None else frozenset(covered_years)
        return cls(frozenset(days_off), frozenset(make_up_days), years)

    def covers(self, year: int) -> bool:
        return self.covered_years is None or year in self.covered_years

    def check(self, day: date) -> None:
        """Refuse a day of a year the calendar does not cover."""
        if not self.covers(day.year):
            raise UncoveredYear(day.year)


def is_working_day(day: date, calendar: WorkCalendar) -> bool:
    calendar.check(day)
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
    calendar.check(start)
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


def days_skipped(start: date, end: date, calendar: WorkCalendar) -> list[date]:
    """The days after ``start`` up to ``end`` that a count of working days passed over."""
    lo, hi = min(start, end), max(start, end)
    skipped, day = [], lo
    while day < hi:
        day += timedelta(days=1)
        if not is_working_day(day, calendar):
            skipped.append(day)
    return skipped
