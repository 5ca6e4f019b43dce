"""Enqueue today's reminders and digest (run it daily, e.g. from cron at 07:00)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from xuctien.actions.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the action programme's deadline reminders and the secretariat's digest."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="the day to act for, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from None
        result = send_reminders.enqueue(day=day)
        self.stdout.write(f"enqueued {result.id} ({result.status})")
