"""Personas, one per role, and shared fixtures."""

import os
from pathlib import Path

import pytest

from tests.factories import AgencyFactory, LocalityFactory, UserFactory, ZoneFactory
from xuctien.core.roles import Role


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_sqlite():
    """On SQLite the browser tests' live server shares the test's in-memory connection with
    every request thread. Two requests at once can deadlock there: one thread steps a query
    that calls a Python function (Django's date functions, the search fold) and waits for
    the GIL, while another holds the GIL and waits for the connection's mutex. A dashboard
    loads its forecast panels together, so the server answers one request at a time (and
    closes each connection) on SQLite; PostgreSQL gives each thread its own connection."""
    from django.db import connection

    if connection.vendor == "sqlite":
        from django.core.servers.basehttp import WSGIServer
        from django.test.testcases import LiveServerThread

        class OneAtATime(WSGIServer):
            """Answers in the live server's thread, which holds the shared connection."""

            def __init__(self, *args, connections_override=None, **kwargs):  # type: ignore[no-untyped-def]
                super().__init__(*args, **kwargs)

        LiveServerThread.server_class = OneAtATime


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas are many; hashing their passwords slowly tests nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached survives a test, in any cache (the assessments have their own): a
    rolled-back test reuses ids and generations."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def province(db):
    return LocalityFactory()


@pytest.fixture
def agency(db):
    return AgencyFactory(code="SCT", name_vi="Sở Công Thương", name_en="Department of Industry")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="SXD", name_vi="Sở Xây dựng", name_en="Department of Construction")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="thuky", role=Role.SECRETARIAT)


@pytest.fixture
def leader(db):
    return UserFactory(username="lanhdao", role=Role.LEADERSHIP)


@pytest.fixture
def officer(agency):
    return UserFactory(username="chuyenvien", role=Role.AGENCY, agency=agency)


@pytest.fixture
def other_officer(other_agency):
    return UserFactory(username="chuyenvien2", role=Role.AGENCY, agency=other_agency)


@pytest.fixture
def developer(db):
    return UserFactory(username="chudautu", role=Role.DEVELOPER, zone=ZoneFactory(code="KCN1"))


@pytest.fixture
def investor(db):
    return UserFactory(username="nhadautu", role=Role.INVESTOR)


# --- Browser tests -----------------------------------------------------------------
# Debian's Chromium driven by Playwright; never a downloaded browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser tests")
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def log_in(page, username: str, password: str = "correct-horse-battery") -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():  # wait for the new page, not the old one
        page.press("input[name=password]", "Enter")  # the header has other forms' buttons


@pytest.fixture(autouse=True)
def shipped_calendar(request):
    """An empty database with the holiday calendar for every transactional test.

    A transactional (live-server) test flushes the database when it ends, data
    migrations' rows included; without the calendar and its covered years the next one's
    working-day deadlines are refused, as they would be in a year nobody loaded.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from django.core.management import call_command

        from xuctien.actions.holidays import load_shipped_calendar

        # Start from an empty database too: a transactional test only cleans up after
        # itself, and on PostgreSQL rows committed earlier in the worker made the browser
        # tests' promotion officer miss the board's cards.
        call_command("flush", interactive=False, verbosity=0)
        load_shipped_calendar()


@pytest.fixture(autouse=True)
def _fresh_assessment_cache():
    """Each test starts with no cached assessment: ids and generations are reused once a
    test's transaction is rolled back."""
    from xuctien.programmes import caching

    caching.cache().clear()
