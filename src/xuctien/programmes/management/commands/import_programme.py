"""``xuctien import_programme FILE.xlsx``: set up (or update) a programme from its workbook."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.programme import import_programme
from xuctien.programmes.importers.workbook import read_workbook


class Command(BaseCommand):
    help = "Import a programme workbook (docs/programme-workbook.md); all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sheets = read_workbook(options["file"])
        except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
            raise CommandError(f"cannot read {options['file']}: {error}") from None
        try:
            result = import_programme(sheets)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(rejected.errors)} bad row(s); nothing was written") from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        )
