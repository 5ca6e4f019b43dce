"""The holiday table: as a calendar, the shipped Vietnamese holidays (2025–2027), and its edits."""

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from xuctien.actions.calendar import WorkCalendar
from xuctien.core.permissions import manages_programme
from xuctien.history import acting_as

if TYPE_CHECKING:
    from xuctien.actions.models import Holiday

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
            }
            for row in csv.DictReader(handle)
        ]


def load_calendar() -> WorkCalendar:
    """The working-day calendar as the secretariat keeps it in the holiday table."""
    from xuctien.actions.models import Holiday

    rows = Holiday.objects.values_list("date", "kind")
    make_up = [day for day, kind in rows if kind == Holiday.Kind.MAKE_UP]
    days_off = [day for day, kind in rows if kind != Holiday.Kind.MAKE_UP]
    return WorkCalendar.of(days_off, make_up)


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
