"""Indexes for the board's cards, on PostgreSQL only.

Each column of the board shows its largest projects: ``ORDER BY COALESCE(capital_vnd,
expected_capital_vnd) DESC NULLS LAST, name, id`` among the counted projects (not aggregate
rows) at one stage, and, for a person who reads some provinces, in those provinces. Without
an index on that very order PostgreSQL sorts every project at the stage: about 0.1 s a column
at national size, a second for the board. SQLite cannot put ``NULLS LAST`` in an index: there
this migration does nothing. If ``views.board.largest_first`` changes its order, a new
migration must change these indexes, or PostgreSQL silently stops using them.
"""

from django.db import migrations

ORDER = "(COALESCE(capital_vnd, expected_capital_vnd)) DESC NULLS LAST, name, id"
INDEXES = {
    "project_board_cards": f"stage, {ORDER}",
    "project_board_cards_province": f"province_id, stage, {ORDER}",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "investments_project" ({columns}) '
            "WHERE NOT is_aggregate"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("investments", "0010_list_order_indexes")]

    operations = [migrations.RunPython(create, drop)]
