"""``xuctien import_action_plan FILE.xlsx [--confirm]``: the import page, from the shell.

Without ``--confirm`` it prints how each row's agencies were matched and writes nothing
(exit 0), the preview of the page; with ``--confirm`` it creates every task, or none. A
file with a bad row exits non-zero with one line per bad cell and writes nothing.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuctien.actions import importer


def describe(row: importer.PlanRow) -> str:
    """One line per row: the task, its lead and coordinating matches with their scores."""
    others = ", ".join(f"{c['text']} → {c['name']} ({c['score']:.0%})" for c in row.coordinating)
    line = (
        f"row {row.row}: {row.title} | lead: {row.lead_text} → {row.lead_name} "
        f"({row.lead_score:.0%}) | due: {row.deadline_text} → {row.deadline} ({row.recurrence})"
    )
    if others:
        line += f" | with: {others}"
    if row.coordinating_note:
        line += f" | not in the agency list: {row.coordinating_note}"
    return line


class Command(BaseCommand):
    help = "Import an action plan (STT, Nhiệm vụ, Cơ quan chủ trì, …) from an Excel workbook."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--year", type=int, default=None, help="the plan's year (default: this year)"
        )
        parser.add_argument("--user", help="username the tasks are created by (with --confirm)")
        parser.add_argument("--confirm", action="store_true", help="write the tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options) if options["confirm"] else None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        with path.open("rb") as handle:
            rows, errors = importer.parse_workbook(handle, options["year"] or _this_year())
        if errors:
            for error in errors:
                self.stderr.write(f"row {error.row}, column {error.column}: {error.message}")
            raise CommandError(f"{len(errors)} error(s); nothing was written")
        for row in rows:
            self.stdout.write(describe(row))
        if user is None:
            self.stdout.write(f"{len(rows)} task(s) matched; nothing written (add --confirm)")
            return
        try:
            tasks = importer.commit(user, rows, source=path.name)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(f"nothing was written: {error}") from None
        self.stdout.write(f"{len(tasks)} task(s) created")

    def _user(self, options: dict[str, Any]) -> Any:
        if not options["user"]:
            raise CommandError("--confirm needs --user (a secretariat or administrator account)")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        return user


def _this_year() -> int:
    return timezone.localdate().year
