"""Sign-in lockout: too many failures for one user name, or from one address, in a window.

After ``LOGIN_MAX_FAILURES`` failed sign-ins for a user name within
``LOGIN_LOCKOUT_MINUTES``, that user name is refused for the next
``LOGIN_LOCKOUT_MINUTES``, even with the right password; the same for one client address
after ``LOGIN_MAX_FAILURES_PER_IP`` failures (0 turns that limit off). A successful
sign-in clears the user name's failures. Addresses are stored as keyed hashes only
(``xuctien.core.privacy``). Decision record 0006 says why this is our own code and not
django-axes.

Failures are rows of ``core.LoginFailure`` rather than cache entries: the default cache
is per process, and a lockout that each web worker counts on its own is no lockout.
``LockoutBackend`` refuses a locked sign-in before the password is checked, by raising
``LoginLocked``. That is a ``ValidationError``, not the ``PermissionDenied`` Django's
``authenticate()`` swallows: it passes through ``authenticate()`` to the login form's
``clean()``, which shows its message as the form's error. Only forms call
``authenticate()`` here (the login page and the admin's); the API signs in by token.
"""

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.models import LoginFailure
from xuctien.core.planned import PlannedQuery
from xuctien.core.privacy import address_key


class LoginLocked(ValidationError):
    """A sign-in refused because of earlier failures; the message says until when."""

    def __init__(self, until: datetime) -> None:
        minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
        message = _(
            "Too many failed sign-ins. Signing in is blocked until %(time)s (about "
            "%(minutes)s minutes). If you have forgotten your password, ask the administrator "
            "of the system in your agency to reset it."
        ) % {"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes}
        super().__init__(message, code="locked")
        self.until = until


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def username_key(username: Any) -> str:
    """The user name failures are counted under: trimmed, lower case."""
    return str(username or "").strip().lower()[:150]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the last entry of the trusted header."""
    if request is None:
        return None
    header = settings.LOGIN_CLIENT_IP_HEADER
    raw = request.headers.get(header, "") if header else request.META.get("REMOTE_ADDR", "")
    candidate = raw.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def locked_until(username: str, ip: str | None, now: datetime | None = None) -> datetime | None:
    """When the lock on this user name (or address) ends, or None when there is none."""
    now = now or timezone.now()
    ends = [
        LoginFailure.objects.filter(
            username=username_key(username), locks_user_until__gt=now
        ).aggregate(end=Max("locks_user_until"))["end"]
    ]
    if ip and settings.LOGIN_MAX_FAILURES_PER_IP:
        ends.append(
            LoginFailure.objects.filter(
                address_key=address_key(ip), locks_ip_until__gt=now
            ).aggregate(end=Max("locks_ip_until"))["end"]
        )
    ends = [end for end in ends if end is not None]
    return max(ends) if ends else None


def record_failure(username: str, ip: str | None, now: datetime | None = None) -> LoginFailure:
    """Log a failure; the one that reaches a limit starts a lock for the window."""
    now = now or timezone.now()
    since, key = now - _window(), username_key(username)
    LoginFailure.objects.filter(at__lt=since).delete()  # a lock ends a window after its row
    address = address_key(ip) if ip else ""
    failure = LoginFailure.objects.create(username=key, address_key=address, at=now)
    recent = LoginFailure.objects.filter(at__gt=since)
    if recent.filter(username=key).count() >= settings.LOGIN_MAX_FAILURES:
        failure.locks_user_until = now + _window()
    limit = settings.LOGIN_MAX_FAILURES_PER_IP
    if address and limit and recent.filter(address_key=address).count() >= limit:
        failure.locks_ip_until = now + _window()
    if failure.locks_user_until or failure.locks_ip_until:
        failure.save(update_fields=["locks_user_until", "locks_ip_until"])
    return failure


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username_key(username)).delete()


class LockoutBackend(ModelBackend):
    """Django's model backend, refusing user names and addresses that are locked out."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        until = locked_until(username or "", client_ip(request))
        if until is not None:
            raise LoginLocked(until)
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, with their agency read in the same query: the
        header names it on every page (one query less per request). The query is planned
        once (``core.planned``): building it through the ORM cost ~1 ms a request."""
        pk = get_user_model()._meta.pk.get_prep_value(user_id)  # a bad id fails as filter()'s
        user = _SIGNED_IN.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


#: The signed-in user by id, with their agency (``LockoutBackend.get_user``).
_SIGNED_IN = PlannedQuery(
    lambda pk: get_user_model()._default_manager.select_related("agency").filter(pk=pk)
)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    record_failure(username or "", client_ip(request))


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    clear_failures(user.get_username())
