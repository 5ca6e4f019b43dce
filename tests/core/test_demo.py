"""The demo accounts: one per role, named as they are written."""

import pytest

from xuctien.core.demo import ACCOUNTS, ensure_demo_accounts
from xuctien.core.models import User

pytestmark = pytest.mark.django_db


def test_there_is_one_demo_account_per_role_and_a_second_run_adds_none():
    ensure_demo_accounts()
    ensure_demo_accounts()

    assert User.objects.count() == len(ACCOUNTS)
    assert {a.role for a in ACCOUNTS} == set(User.objects.values_list("role", flat=True))


def test_a_demo_name_reads_as_written():
    # Regression: names were split at the last space ("hoạ) Chuyên viên … (minh").
    ensure_demo_accounts()

    officer = User.objects.get(username="banqlkkt")
    assert officer.get_full_name() == "Chuyên viên Ban QLKKT (minh hoạ)"
    assert str(officer) == "Chuyên viên Ban QLKKT (minh hoạ)"
