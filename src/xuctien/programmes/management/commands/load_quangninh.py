"""``xuctien load_quangninh``: the first province's published programme, places and figures.

The workbook is generated from the curated data (``data/quangninh/``), written out as an
Excel file and imported through the same path as any province's upload
(``xuctien import_province``). Idempotent: a second run changes nothing.
"""

import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xuctien.core import loading
from xuctien.national.onboarding import import_province, read_province_workbook, workbook_bytes
from xuctien.programmes import quangninh
from xuctien.programmes.importers import ImportRejected


class Command(BaseCommand):
    help = "Onboard the province of data/quangninh/ from its generated workbook."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        sheets = read_province_workbook(
            io.BytesIO(workbook_bytes(quangninh.build_province_workbook()))
        )
        try:
            result = import_province(sheets)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError("the province workbook was rejected; nothing was written") from None
        created, updated, unchanged = result.totals
        self.stdout.write(
            f"{result.province.name_vi}: {created} created, {updated} updated, "
            f"{unchanged} unchanged"
        )
        for name, step in loading.steps():
            self.stdout.write(f"{name}: {step(result.province)}")
