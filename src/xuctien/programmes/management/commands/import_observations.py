"""``xuctien import_observations FILE.xlsx``: what the web import does, from the shell.

Exit status 0 when imported; non-zero, one line per bad row and nothing written when any
row is bad.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.observations import import_rows, rows_from_file


class Command(BaseCommand):
    help = "Import figures from a spreadsheet (the template of the data-entry page)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="username the figures are entered as")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        try:
            rows = rows_from_file(options["file"])
        except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
            raise CommandError(f"cannot read {options['file']}: {error}") from None
        try:
            result = import_rows(rows, user)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(rejected.errors)} bad row(s); nothing was written") from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        )
