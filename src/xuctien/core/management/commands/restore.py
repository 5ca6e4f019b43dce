"""``xuctien restore FILE``: replace the whole database with a backup (docs/deployment.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from xuctien.core.backup import restore


class Command(BaseCommand):
    help = "Replace the whole database with the backup in FILE (made by `xuctien backup`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        name = connection.settings_dict["NAME"]
        if options["interactive"]:
            answer = input(f"Replace everything in the database {name} with {path}? [yes/no] ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        restore(path)
        self.stdout.write(f"database {name} restored from {path}")
