"""The holiday table as a calendar, and the shipped Vietnamese holidays (2025–2027)."""

import csv
from datetime import date
from pathlib import Path

from xuctien.actions.calendar import WorkCalendar

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
