"""``xuctien import_projects FILE.xlsx``: import a projects register, all rows or none."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.investments import register_import


class Command(BaseCommand):
    help = "Import a projects register (.xlsx); every row is checked before anything is written."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--check", action="store_true", help="check only; write nothing")

    def handle(self, *args, **options) -> None:
        plan = register_import.read(options["file"])
        if plan.missing_columns:
            raise CommandError(_("Missing columns: %s") % ", ".join(plan.missing_columns))
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            count = len(plan.errors)
            refused = ngettext(
                "%(n)s error; nothing was imported.", "%(n)s errors; nothing was imported.", count
            )
            raise CommandError(refused % {"n": count})
        if options["check"]:
            count = len(plan.rows)
            valid = ngettext("%(n)s row is valid.", "%(n)s rows are valid.", count)
            self.stdout.write(valid % {"n": count})
            return
        result = register_import.apply(plan, None)
        self.stdout.write(
            _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.")
            % {"c": result.created, "u": result.updated, "n": result.unchanged}
        )
