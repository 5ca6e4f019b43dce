"""Trigram indexes for the project and investor search, on PostgreSQL only.

The search compares ``fold_sql(column)`` (``xuctien.core.search``: NFD, marks dropped,
lower case) with ``LIKE '%word%'``; a GIN trigram index on that very expression lets PostgreSQL answer
it without reading every row. SQLite has no such index: there this migration does nothing.
If ``search.fold_sql`` ever changes, a new migration must rebuild these indexes, or
PostgreSQL silently stops using them (decision record 0026).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from xuctien.core.search import fold_sql

INDEXED = {
    "investments_project": ("name", "irc_number", "sector_text", "place_text"),
    "investments_investor": (
        "name",
        "name_zh",
        "name_ko",
        "name_ja",
        "parent_group",
        "country_text",
        "tax_code",
    ),
}


def _name(table: str, column: str) -> str:
    return f"{table.removeprefix('investments_')}_{column}_fold_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in INDEXED.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" USING gin '
                f"({fold_sql(chr(34) + column + chr(34))} gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in INDEXED.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0008_province_scope"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
