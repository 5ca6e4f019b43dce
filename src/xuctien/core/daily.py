"""One base for the commands that enqueue a daily background task for a given day."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class DailyTaskCommand(BaseCommand):
    """``xuctien <command> [--date YYYY-MM-DD]``: enqueue ``task`` for that day (default today).

    Subclasses set ``task`` (a django-tasks task taking ``day``) and ``help``; cron or a
    scheduler runs them once a day.
    """

    task: Any = None

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the day to act for, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from None
        result = type(self).task.enqueue(day=day)
        self.stdout.write(f"enqueued {result.id} ({result.status})")
