"""PostgreSQL connections that keep their query plans (decision 0057).

A page asks the same few dozen queries on every visit, and PostgreSQL planned each anew:
on the national database the planning took about half of their time (the indicator page's
six-table read planned in 2-3 ms and ran in 0.5). With ``XT_DB_PREPARED_STATEMENTS`` on
(the default) the connection binds parameters on the server and psycopg prepares a query
once it has run it ``PREPARE_THRESHOLD`` times, so the next ones skip the parsing and, with
PostgreSQL's plan cache, the planning. A connection keeps ``PREPARED_MAX`` of them: the
main pages of a national reader ask some 140 queries five times or more, beyond psycopg's
default of 100, which would drop and prepare them again in turn.

Behind a pooler in transaction mode (PgBouncer before 1.21) a prepared statement may meet
another client's connection: set ``XT_DB_PREPARED_STATEMENTS=0`` there.
"""

from typing import Any

from django.db.backends.signals import connection_created

#: Executions of the same query on a connection before psycopg prepares it (its default):
#: the sixth runs prepared.
PREPARE_THRESHOLD = 5
#: Prepared queries a connection keeps (psycopg's default is 100).
PREPARED_MAX = 500


def options(enabled: bool) -> dict[str, Any]:
    """The connection ``OPTIONS`` for PostgreSQL: server-side binding and prepared
    statements when ``enabled``, Django's defaults (client-side binding) otherwise."""
    if not enabled:
        return {}
    return {"server_side_binding": True, "prepare_threshold": PREPARE_THRESHOLD}


def _keep_prepared(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "postgresql":
        return
    if connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is not None:
        connection.connection.prepared_max = PREPARED_MAX


def install() -> None:
    """Give every new PostgreSQL connection its prepared statements' room (app ready)."""
    connection_created.connect(_keep_prepared, dispatch_uid="xuctien-prepared-max")
