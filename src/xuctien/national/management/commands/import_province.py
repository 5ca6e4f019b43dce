"""``xuctien import_province FILE.xlsx``: onboard (or update) a province from its workbook."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuctien.national.onboarding import import_province, read_province_workbook
from xuctien.programmes.importers import ImportRejected


class Command(BaseCommand):
    help = "Import a province workbook (docs/province-workbook.md); all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sheets = read_province_workbook(options["file"])
        except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
            raise CommandError(f"cannot read {options['file']}: {error}") from None
        try:
            result = import_province(sheets)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(rejected.errors)} bad row(s); nothing was written") from None
        created, updated, unchanged = result.totals
        self.stdout.write(
            f"{result.province.code}: {created} created, {updated} updated, {unchanged} unchanged"
        )
