"""The holiday table: as a calendar, the shipped Vietnamese holidays (2020–2027), and its edits."""

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from xuctien.actions.calendar import WorkCalendar
from xuctien.core.permissions import manages_programme
from xuctien.history import acting_as

if TYPE_CHECKING:
    from xuctien.actions.models import CalendarYear, Holiday

HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "holidays_vn.csv"


def shipped_holidays() -> list[dict]:
    """The rows of the shipped holiday list, typed."""
    with HOLIDAYS_CSV.open(encoding="utf-8") as handle:
        return [
            {
                "date": date.fromisoformat(row["date"]),
                "kind": row["kind"],
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "is_derived": row["is_derived"] == "1",
                "source": row["source"],
                "source_url": row.get("source_url", ""),
            }
            for row in csv.DictReader(handle)
        ]


def shipped_years() -> list[int]:
    """The years the shipped list covers."""
    return sorted({row["date"].year for row in shipped_holidays()})


def load_shipped_calendar() -> None:
    """Put the shipped days and their covered years in the tables (as the migration does).

    For a database emptied after the migrations ran (a test's flush); each day is
    written as shipped and recorded in its history as done by the system.
    """
    from xuctien.actions.models import CalendarYear, Holiday

    rows = shipped_holidays()
    for row in rows:
        Holiday.objects.update_or_create(date=row.pop("date"), defaults=row)
    for year in shipped_years():
        CalendarYear.objects.get_or_create(year=year)


def covered_years() -> list[int]:
    """The years whose holidays the secretariat has loaded and checked."""
    from xuctien.actions.models import CalendarYear

    return list(CalendarYear.objects.values_list("year", flat=True))


def load_calendar() -> WorkCalendar:
    """The working-day calendar as the secretariat keeps it in the holiday table.

    It counts only inside the covered years: a working-day count that reaches any
    other year raises ``UncoveredYear`` (a ``ValidationError`` with a translated message).
    """
    from xuctien.actions.models import Holiday

    rows = Holiday.objects.values_list("date", "kind")
    make_up = [day for day, kind in rows if kind == Holiday.Kind.MAKE_UP]
    days_off = [day for day, kind in rows if kind != Holiday.Kind.MAKE_UP]
    return WorkCalendar.of(days_off, make_up, covered_years())


def missing_next_year(today: date) -> int | None:
    """Next year, from 1 October on, when the calendar does not cover it yet."""
    warn_from = getattr(settings, "ACTIONS_CALENDAR_WARN_FROM", (10, 1))
    if (today.month, today.day) < tuple(warn_from):
        return None
    from xuctien.actions.models import CalendarYear

    upcoming = today.year + 1
    return None if CalendarYear.objects.filter(year=upcoming).exists() else upcoming


def cover_year(user: Any, year: int, note: str = "") -> "CalendarYear":
    """Mark a year's holidays as loaded and checked, so deadlines may be counted in it."""
    from xuctien.actions.models import CalendarYear

    _require_manager(user)
    with transaction.atomic(), acting_as(user):
        entry = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
        entry.note = note
        entry.full_clean()
        entry.save()
    return entry


def uncover_year(user: Any, year: int) -> None:
    """Withdraw a year: working-day deadlines in it are refused until it is covered again."""
    from xuctien.actions.models import CalendarYear

    _require_manager(user)
    with transaction.atomic(), acting_as(user):
        for entry in CalendarYear.objects.filter(year=year):
            entry.delete()


def save_holiday(user: Any, holiday: "Holiday") -> "Holiday":
    """Add or correct a day of the calendar; only the secretariat and administrators may."""
    _require_manager(user)
    with transaction.atomic(), acting_as(user):
        holiday.full_clean()
        holiday.save()
    return holiday


def delete_holiday(user: Any, holiday: "Holiday") -> None:
    _require_manager(user)
    with transaction.atomic(), acting_as(user):
        holiday.delete()


def _require_manager(user: Any) -> None:
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat keeps the holiday calendar."))
