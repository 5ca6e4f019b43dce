"""Signing in writes the sign-in time without the edit-version check, so it never conflicts."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from xuctien.core.models import User
from xuctien.core.roles import Role

pytestmark = pytest.mark.security

PASSWORD = "correct-horse-battery"


@pytest.mark.django_db
def test_two_stale_copies_of_a_user_can_both_record_a_sign_in():
    user = UserFactory(username="thuky", role=Role.SECRETARIAT)
    first, second = User.objects.get(pk=user.pk), User.objects.get(pk=user.pk)

    user_logged_in.send(sender=User, request=None, user=first)
    user_logged_in.send(sender=User, request=None, user=second)

    stored = User.objects.get(pk=user.pk)
    assert stored.last_login == second.last_login
    assert stored.version == user.version  # a sign-in is not an edit


@pytest.mark.django_db
def test_recording_the_sign_in_time_writes_no_history():
    user = UserFactory(username="thuky", role=Role.SECRETARIAT)
    changes = user.history().count()

    user_logged_in.send(sender=User, request=None, user=user)

    assert user.history().count() == changes


def _log_in(_: int) -> int:
    try:
        client = Client()
        data = {"username": "thuky", "password": PASSWORD}
        return client.post(reverse("login"), data).status_code
    finally:
        connection.close()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_sign_ins_to_one_account_all_succeed():
    UserFactory(username="thuky", role=Role.SECRETARIAT)

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(_log_in, range(8)))

    assert statuses == [302] * 8
