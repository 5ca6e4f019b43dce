"""A refused page logs one line; a server error keeps its traceback."""

import io
import logging
import sys

import pytest
from django.urls import reverse

from xuctien.core.logs import RefusalsOnOneLine


class Refused(Exception):
    pass


def formatted(status: int) -> str:
    try:
        raise Refused("nope")
    except Refused:
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: /x/", None, sys.exc_info()
        )
    record.status_code = status
    RefusalsOnOneLine().filter(record)
    return logging.Formatter().format(record)


def test_a_refusal_is_logged_on_one_line():
    assert formatted(403) == "Forbidden: /x/"


def test_a_server_error_keeps_its_traceback():
    assert "Traceback" in formatted(500)


@pytest.fixture
def console():
    """What the configured console handler writes."""
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


@pytest.mark.django_db
def test_a_refused_page_writes_one_line_to_the_console(client, investor, console):
    client.force_login(investor)

    response = client.get(reverse("actions:scorecard"))

    assert response.status_code == 403
    assert console.getvalue().splitlines() == ["Forbidden (Permission denied): /actions/scorecard/"]
