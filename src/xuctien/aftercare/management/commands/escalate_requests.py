"""Enqueue the day's escalation of late requests (run it daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from xuctien.aftercare.tasks import escalate_requests


class Command(BaseCommand):
    help = "Escalate enterprises' requests whose answer deadline has passed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="the day to act for, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from None
        result = escalate_requests.enqueue(day=day)
        self.stdout.write(f"enqueued {result.id} ({result.status})")
