"""``xuctien import_action_plan FILE --plan 45/KH-UBND [--confirm]``: the import page, in a shell.

Reads .xlsx, .xls, .ods or .docx. Without ``--confirm`` it prints what each row would do
(new, update, unchanged), how its agencies and timing were read, and the questions the
page would ask, and writes nothing (exit 0). With ``--confirm`` it writes every task or
none; names the page would ask about are answered with ``--answer "NAME=CODE"`` (or
``--answer "NAME=confirm"`` for a dissolved agency's successor). A file with a bad row,
or an open question, exits non-zero with one line per problem and writes nothing.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuctien.actions import importer
from xuctien.core.models import Agency
from xuctien.importing import PreviewRow


def describe(row: PreviewRow) -> str:
    """One line per row: its action, the task, its lead and coordinating agencies, its timing."""
    data = row.data
    lead = (data.get("lead") or {}).get("name", "?")
    others = ", ".join(f"{c['text']} → {c['name']}" for c in data.get("coordinating", []))
    line = (
        f"row {row.row} [{row.action}]: {data.get('number', '')} {row.label} | lead: "
        f"{data.get('lead_text', '')} → {lead} | due: {data.get('timing_text', '')} → "
        f"{data.get('timing_read', '?')}"
    )
    if others:
        line += f" | with: {others}"
    if data.get("coordinating_note"):
        line += f" | not in the agency list: {data['coordinating_note']}"
    if row.changes:
        line += f" | changes: {', '.join(row.changes)}"
    return line


class Command(BaseCommand):
    help = "Import an action plan's annex (.xlsx, .xls, .ods or .docx)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--plan", help="the plan's number and symbol (default: file name)")
        parser.add_argument(
            "--year", type=int, default=None, help="the plan's year (default: this year)"
        )
        parser.add_argument(
            "--answer", action="append", default=[], help="NAME=AGENCY_CODE or NAME=confirm"
        )
        parser.add_argument("--user", help="username the tasks are created by (with --confirm)")
        parser.add_argument("--confirm", action="store_true", help="write the tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options) if options["confirm"] else None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        plan = options["plan"] or path.stem
        year = options["year"] or timezone.localdate().year
        result = importer.preview(path, year, plan)
        answers = self._answers(result, options["answer"])
        if answers:
            result = importer.preview(path, year, plan, answers)
        for row in result.rows:
            if row.action != "skipped":
                self.stdout.write(describe(row))
        for title in result.removed:
            self.stdout.write(f"in the plan before, not in this file (kept): {title}")
        for error in result.errors:
            self.stderr.write(f"row {error.row}, column {error.column}: {error.message}")
        for question in result.open_questions:
            near = ", ".join(c["name"] for c in question.candidates) or "no agency near"
            successor = ""
            if question.successor:
                successor = f" (dissolved; successor {question.successor['name']})"
            self.stderr.write(f"question: {question.text!r}{successor}; near: {near}")
        if not result.ok:
            problems = len(result.errors) + len(result.open_questions)
            raise CommandError(f"{problems} problem(s); nothing was written")
        if user is None:
            self.stdout.write(f"{len(result.rows)} row(s) checked; nothing written (add --confirm)")
            return
        try:
            counts = importer.commit(user, result, plan)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(f"nothing was written: {error}") from None
        self.stdout.write(
            f"{counts['create']} created, {counts['update']} updated, "
            f"{counts['unchanged']} unchanged"
        )

    def _answers(self, result: importer.PlanPreview, given: list[str]) -> dict[str, str]:
        by_text = {q.text: q.key for q in result.questions.values()}
        answers = {}
        for item in given:
            name, _sep, value = item.rpartition("=")
            if name not in by_text:
                raise CommandError(f"no question about {name!r}")
            if value != "confirm":
                agency = Agency.objects.filter(code=value).first()
                if agency is None:
                    raise CommandError(f"no agency {value!r}")
                value = str(agency.pk)
            answers[by_text[name]] = value
        return answers

    def _user(self, options: dict[str, Any]) -> Any:
        if not options["user"]:
            raise CommandError("--confirm needs --user (a secretariat or administrator account)")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        return user
