"""The national benchmark measures pages on a vacuumed database (decision record 0044).

Rolled-back imports leave dead rows and fill the trigram indexes' pending lists, which
every search reads through; ``vacuum_written`` vacuums the tables written since their last
VACUUM, as autovacuum would, before the pages are measured. PostgreSQL only.
"""

import sys
from pathlib import Path

import pytest
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from load import vacuum_written

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="VACUUM and its statistics are PostgreSQL's"
)


def _url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgresql://{user}@{host}:{port}/{settings['NAME']}"


def test_a_rolled_back_insert_is_vacuumed(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    import psycopg

    with django_db_blocker.unblock():
        url = _url()
    table = "xt_vacuum_probe"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(f"CREATE TABLE {table} (id int)")
        try:
            with conn.transaction(force_rollback=True):
                conn.execute(f"INSERT INTO {table} SELECT generate_series(1, 100)")
            conn.execute("SELECT pg_stat_force_next_flush()")
            conn.execute("SELECT pg_sleep(0.01)")  # the flush happens between statements
            dead = f"SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '{table}'"
            assert conn.execute(dead).fetchone() == (100,)

            assert f"public.{table}" in vacuum_written(url)

            conn.execute("SELECT pg_stat_force_next_flush()")
            conn.execute("SELECT pg_sleep(0.01)")
            assert conn.execute(dead).fetchone() == (0,)
        finally:
            conn.execute(f"DROP TABLE {table}")
