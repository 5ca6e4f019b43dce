"""Backups of the whole database, and restoring one: PostgreSQL's own tools, SQLite's API.

PostgreSQL: ``pg_dump --format=custom`` (one compressed file, restored table by table
with its sequences, constraints and indexes) and ``pg_restore --clean`` in one transaction,
so a failed restore leaves the database as it was. SQLite: the online backup API, which
copies a consistent snapshot even while the app writes. Uploaded files are not in the
database: copy ``XT_MEDIA_ROOT`` beside the backup (docs/deployment.md).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

POSTGRES = "postgresql"
SQLITE = "sqlite"


def backup(path: Path, using: str = "default") -> None:
    """Write the whole database to ``path``."""
    connection = connections[using]
    if connection.vendor == POSTGRES:
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path),
             settings=connection.settings_dict)  # fmt: skip
    elif connection.vendor == SQLITE:
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise CommandError(f"No backup for a {connection.vendor} database.")


def restore(path: Path, using: str = "default") -> None:
    """Replace the whole database with the backup in ``path``."""
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    connection = connections[using]
    if connection.vendor == POSTGRES:
        connection.close()  # our own idle session must not hold locks on what is dropped
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", str(path),
             settings=connection.settings_dict, database_option=True)  # fmt: skip
    elif connection.vendor == SQLITE:
        connection.ensure_connection()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise CommandError(f"No restore for a {connection.vendor} database.")


def _run(tool: str, *args: str, settings: dict, database_option: bool = False) -> None:
    """Run a PostgreSQL client tool against the configured database."""
    if shutil.which(tool) is None:
        raise CommandError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    env = {**os.environ, **_libpq_environment(settings)}
    database = ["--dbname", settings["NAME"]] if database_option else [settings["NAME"]]
    result = subprocess.run([tool, *args, *database], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{tool} failed: {result.stderr.strip()}")


def _libpq_environment(settings: dict) -> dict[str, str]:
    """Connection settings as libpq variables (the password never on a command line)."""
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    return {var: str(settings[key]) for key, var in names.items() if settings.get(key)}
