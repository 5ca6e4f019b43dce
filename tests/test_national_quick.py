"""At national scale a page costs what it costs for one province (issue 12).

The demo's Quảng Ninh load is measured first (one province), then ``benchmarks/national.py``
adds a small national data set (size ``tiny``: a synthetic province with hundreds of
projects, thousands of figures) and every main page and API list is measured again, as
Quảng Ninh's secretariat, an agency officer and the national user. Guards, never timings:
the number of queries may not grow with the rows (at most ``SLACK`` more than on one
province), a response stays under ``MAX_BYTES`` and a page does not grow with the rows.
Everything is loaded once for the module inside a transaction rolled back at the end.

A page that fails today is marked ``xfail(strict=True)`` with its reason: the fix that
makes it pass turns the mark into a failure to remove.
"""

import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from load import STAFF_PAGES

import national

#: The load test's pages, with a programme's own dashboard and a search.
PAGES = [
    *STAFF_PAGES[:2],
    "/programmes/p/NQ01/",
    *STAFF_PAGES[2:8],
    "/investments/?q=nh%C3%A0+m%C3%A1y",
    *STAFF_PAGES[8:],
]
USERS = ["thuky", "socongthuong", "quocgia"]
SLACK = 2
MAX_BYTES = 1_000_000
#: A page may grow by this many bytes (or double) when the rows grow sevenfold: a list
#: paginated or a top-N does not; a page that renders every row does.
GROWTH = 50_000

#: (page, user) -> why it fails the guard today. Remove an entry when its fix lands.
KNOWN = {
    ("/investments/board/", "quocgia"): (
        "the board's investor filter lists up to 300 investors (then only those chosen): at "
        "this size it still grows with the nation's investors (the cards are ten per stage)"
    ),
}


def measure() -> dict:
    """Each page cold: every cache emptied first, so a page's cost is its computation's, not
    what an earlier request left in the cache."""
    from django.core.cache import caches

    from xuctien.core.models import User

    results = {}
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in PAGES:
            for cache in caches.all(initialized_only=True):
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            results[(username, path)] = (response.status_code, len(queries), len(response.content))
    return results


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        national.load_one_province(out=lambda line: None, migrate=False)
        one = measure()
        national.build(national.SIZES["tiny"], out=lambda line: None)
        wide = measure()
        transaction.set_rollback(True)
    return one, wide


def cases():  # type: ignore[no-untyped-def]
    for path in PAGES:
        for username in USERS:
            reason = KNOWN.get((path, username))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(path, username, marks=marks, id=f"{username}{path}")


@pytest.mark.parametrize(("path", "username"), list(cases()))
def test_a_page_costs_no_more_at_national_scale(db, measured, path, username):
    one, wide = measured
    status_one, queries_one, size_one = one[(username, path)]
    status, queries, size = wide[(username, path)]
    assert status == status_one
    assert queries <= queries_one + SLACK, f"{queries} queries, {queries_one} for one province"
    assert size < MAX_BYTES, f"{size:,} bytes"
    if not path.startswith("/api/"):  # an API list pages by ?limit=, bounded above
        assert size <= max(2 * size_one, size_one + GROWTH), f"{size:,} B, {size_one:,} before"
