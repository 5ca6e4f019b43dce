"""How the app talks to its database."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit() -> None:
    """At national size JIT compiled the grouped queries for longer than they ran."""
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_postgresql_prepares_a_query_asked_again_and_keeps_room_for_a_site_s_worth() -> None:
    """A query asked again and again on a connection is prepared: PostgreSQL parses and plans
    it once, not on every page (decision 0057); the connection keeps 500 of them.

    psycopg prepares a query when it has run it ``prepare_threshold`` times: at the sixth."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    from xuctien.core.models import Province

    connection.ensure_connection()
    assert connection.connection.prepared_max == 500

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"core_province"."code" = $1%'],
            )
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(5):
        list(Province.objects.filter(code="no-such-province-code"))
    assert prepared() == before
    list(Province.objects.filter(code="no-such-province-code"))
    assert prepared() == before + 1
