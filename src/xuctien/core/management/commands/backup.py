"""``xuctien backup FILE``: the whole database into one file (docs/deployment.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xuctien.core.backup import backup


class Command(BaseCommand):
    help = "Back the whole database up into FILE (pg_dump for PostgreSQL, SQLite's backup API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        backup(path)
        self.stdout.write(f"backup written to {path} ({path.stat().st_size:,} bytes)")
