"""Sign-in lockout: five failures lock a user name for the window; others sign in as usual."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from xuctien.core.lockout import LoginLocked, client_ip, locked_until, record_failure
from xuctien.core.models import LoginFailure
from xuctien.core.privacy import address_key

pytestmark = [pytest.mark.django_db, pytest.mark.security]

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def default_limits_in_english(client, settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    settings.LOGIN_MAX_FAILURES_PER_IP = 20
    settings.LOGIN_CLIENT_IP_HEADER = ""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def log_in(client, username: str, password: str, ip: str = "10.0.0.1"):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=ip)


def fail(client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert log_in(client, username, "wrong-password", ip).status_code == 200


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def pass_the_window() -> None:
    """Move every failure and lock 16 minutes into the past."""
    for failure in LoginFailure.objects.all():
        failure.at -= timedelta(minutes=16)
        for name in ("locks_user_until", "locks_ip_until"):
            if getattr(failure, name):
                setattr(failure, name, getattr(failure, name) - timedelta(minutes=16))
        failure.save()


def test_four_failures_do_not_lock_the_account(client, secretariat):
    fail(client, "thuky", 4)

    assert signed_in(log_in(client, "thuky", PASSWORD))


def test_after_five_failures_the_right_password_is_refused_with_a_message(client, secretariat):
    fail(client, "thuky", 5)

    response = log_in(client, "thuky", PASSWORD)

    assert not signed_in(response)
    errors = response.context["form"].non_field_errors()
    assert "Too many failed sign-ins" in errors[0]
    assert "blocked until" in errors[0]


def test_the_refusal_is_in_vietnamese_by_default(client, secretariat, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    fail(client, "thuky", 5)

    response = log_in(client, "thuky", PASSWORD)

    assert "Đăng nhập sai quá nhiều lần" in response.context["form"].non_field_errors()[0]


def test_after_the_window_the_right_password_works_again(client, secretariat):
    fail(client, "thuky", 5)
    assert not signed_in(log_in(client, "thuky", PASSWORD))

    pass_the_window()

    assert signed_in(log_in(client, "thuky", PASSWORD))


def test_attempts_while_locked_do_not_extend_the_lock(client, secretariat):
    fail(client, "thuky", 5)
    fail(client, "thuky", 3)

    assert LoginFailure.objects.count() == 5


def test_other_users_are_unaffected(client, secretariat, leader):
    fail(client, "thuky", 5)

    assert signed_in(log_in(client, "lanhdao", PASSWORD))


def test_the_user_name_is_counted_whatever_its_case(client, secretariat):
    fail(client, "ThuKy", 3)
    fail(client, " thuky", 2)

    assert not signed_in(log_in(client, "thuky", PASSWORD))


def test_a_successful_sign_in_clears_the_count(client, secretariat):
    fail(client, "thuky", 4)
    assert signed_in(log_in(client, "thuky", PASSWORD))
    client.logout()

    fail(client, "thuky", 4)

    assert signed_in(log_in(client, "thuky", PASSWORD))


def test_one_address_trying_many_names_is_locked_at_the_higher_limit(client, secretariat):
    for number in range(20):
        fail(client, f"ai-do-{number}", 1, ip="10.9.9.9")

    assert not signed_in(log_in(client, "thuky", PASSWORD, ip="10.9.9.9"))
    assert signed_in(log_in(client, "thuky", PASSWORD, ip="10.0.0.2"))


def test_the_address_limit_can_be_turned_off(client, secretariat, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 0
    for number in range(25):
        fail(client, f"ai-do-{number}", 1, ip="10.9.9.9")

    assert signed_in(log_in(client, "thuky", PASSWORD, ip="10.9.9.9"))


def test_the_admin_login_is_locked_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "nope"})

    response = client.post(url, {"username": "admin", "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()


def test_authenticate_raises_the_lock_for_a_form_to_show(secretariat):
    for _ in range(5):
        record_failure("thuky", None)

    with pytest.raises(LoginLocked) as locked:
        authenticate(None, username="thuky", password=PASSWORD)

    assert locked.value.code == "locked"
    assert locked.value.until == locked_until("thuky", None)
    assert timedelta(minutes=14) < locked.value.until - timezone.now() <= timedelta(minutes=15)


def test_the_client_address_comes_from_the_configured_proxy_header(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1"

    settings.LOGIN_CLIENT_IP_HEADER = "X-Forwarded-For"

    assert client_ip(request) == "203.0.113.9"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="not an address")) is None


def test_a_failure_keeps_the_address_only_as_a_keyed_hash(client, settings):
    fail(client, "ai-do", 1, ip="203.0.113.9")

    (failure,) = LoginFailure.objects.all()
    assert "203.0.113.9" not in str(failure.__dict__)
    assert len(failure.address_key) == 64
    settings.SECRET_KEY = "another-key-another-hash-another-key-another-hash"
    assert address_key("203.0.113.9") != failure.address_key


@pytest.mark.django_db
def test_each_request_reads_the_user_and_their_agency_in_one_query(
    officer, django_assert_num_queries
):
    from xuctien.core.lockout import LockoutBackend

    assert officer.agency_id is not None
    with django_assert_num_queries(1):
        user = LockoutBackend().get_user(officer.pk)
        assert user == officer
        assert user.agency.name == officer.agency.name
    officer.is_active = False
    officer.save()
    assert LockoutBackend().get_user(officer.pk) is None
    assert LockoutBackend().get_user(10**9) is None
