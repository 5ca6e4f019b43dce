"""``xuctien deadline START N``: the date N working days after START, and what it skipped.

START is ISO (2024-02-06) or Vietnamese (06/02/2024). The count uses the holiday table
as the secretariat keeps it, like every working-day deadline in the product, and is
refused when it reaches a year the calendar does not cover.
"""

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuctien.actions.calendar import UncoveredYear, add_working_days, days_skipped
from xuctien.actions.holidays import load_calendar

VIETNAMESE_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
SATURDAY = 5


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD or dd/mm/yyyy."""
    text = text.strip()
    try:
        match = VIETNAMESE_DAY.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"START must be YYYY-MM-DD or dd/mm/yyyy, not {text!r}") from None


def _show(day: date) -> str:
    return f"{day:%d/%m/%Y} ({day:%a})"


class Command(BaseCommand):
    help = "Print the date N working days after START and the holidays and days off skipped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("start", help="YYYY-MM-DD or dd/mm/yyyy (not counted itself)")
        parser.add_argument("n", type=int, help="working days to count (negative: before)")

    def handle(self, *args: Any, **options: Any) -> None:
        from xuctien.actions.models import Holiday

        start, n = parse_day(options["start"]), options["n"]
        calendar = load_calendar()
        try:
            due = add_working_days(start, n, calendar)
            skipped = days_skipped(start, due, calendar)
        except UncoveredYear as error:
            raise CommandError(" ".join(error.messages)) from error
        lo, hi = min(start, due), max(start, due)
        named = {h.date: h for h in Holiday.objects.filter(date__gt=lo, date__lte=hi)}
        self.stdout.write(f"{_show(start)} + {n} working days = {_show(due)}")
        days_off = [day for day in skipped if day in named or day.weekday() < SATURDAY]
        weekend = len(skipped) - len(days_off)
        if days_off:
            self.stdout.write("Skipped holidays and days off:")
            for day in days_off:
                holiday = named.get(day)
                label = f"{holiday.get_kind_display()}: {holiday.name}" if holiday else ""
                self.stdout.write(f"  {_show(day)}  {label}".rstrip())
        else:
            self.stdout.write("Skipped holidays and days off: none")
        self.stdout.write(f"Weekend days skipped: {weekend}")
        for day in sorted(d for d in calendar.make_up_days if lo < d <= hi):
            self.stdout.write(f"Counted make-up working day: {_show(day)}  {named[day].name}")
