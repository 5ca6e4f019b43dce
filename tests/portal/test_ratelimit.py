"""The database-backed limiter: fixed windows, per form, counters without addresses."""

import datetime as dt

import pytest
from django.test import RequestFactory
from freezegun import freeze_time

from xuctien.portal import ratelimit
from xuctien.portal.models import RateLimitHit

LIMIT = ratelimit.Limit("test", 2, 3600)


@pytest.fixture
def request_from():
    def build(address="192.0.2.1"):
        return RequestFactory().post("/", REMOTE_ADDR=address)

    return build


def test_the_window_starts_on_the_hour():
    now = dt.datetime(2025, 5, 1, 10, 42, 7, tzinfo=dt.UTC)
    assert ratelimit.window_start(now, 3600) == dt.datetime(2025, 5, 1, 10, 0, tzinfo=dt.UTC)


@pytest.mark.security
def test_it_allows_the_limit_then_refuses(db, request_from):
    results = [ratelimit.hit(request_from(), LIMIT) for _ in range(3)]
    assert results == [True, True, False]


@pytest.mark.security
def test_a_new_window_starts_afresh(db, request_from):
    with freeze_time("2025-05-01 10:59:00"):
        assert [ratelimit.hit(request_from(), LIMIT) for _ in range(3)][-1] is False
    with freeze_time("2025-05-01 11:00:01"):
        assert ratelimit.hit(request_from(), LIMIT) is True


def test_forms_are_counted_apart(db, request_from):
    other = ratelimit.Limit("other", 2, 3600)
    for _ in range(3):
        ratelimit.hit(request_from(), LIMIT)
    assert ratelimit.hit(request_from(), other) is True


@pytest.mark.security
def test_the_address_is_never_stored(db, request_from):
    ratelimit.hit(request_from("203.0.113.9"), LIMIT)
    row = RateLimitHit.objects.get()
    assert "203.0.113.9" not in row.key
    assert len(row.key) == 64


def test_old_counters_are_cleared(db, request_from):
    with freeze_time("2025-05-01 10:00:00"):
        ratelimit.hit(request_from(), LIMIT)
    with freeze_time("2025-05-05 10:00:00"):
        ratelimit.hit(request_from(), LIMIT)
    assert RateLimitHit.objects.count() == 1
