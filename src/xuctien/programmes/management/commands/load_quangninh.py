"""``xuctien load_quangninh``: the province's published programme, places and figures.

Idempotent: a second run changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xuctien.core import loading
from xuctien.core.loaders import load_core
from xuctien.programmes import quangninh
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.programme import import_programme


class Command(BaseCommand):
    help = "Load Quảng Ninh's localities, agencies, zones and Resolution 01 with its figures."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        province, core = load_core(quangninh.build_core())
        self.stdout.write(
            f"places and agencies: {core.created} created, {core.updated} updated, "
            f"{core.unchanged} unchanged"
        )
        try:
            result = import_programme(quangninh.build_workbook(), province=province)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                "the Quảng Ninh workbook was rejected; nothing was written"
            ) from None
        self.stdout.write(
            f"programme: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
        for name, step in loading.steps():
            self.stdout.write(f"{name}: {step(province)}")
