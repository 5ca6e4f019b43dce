"""Per-address rate limits on public forms, kept in the database so every worker agrees.

A fixed window per (address, form): the first ``limit`` submissions in a window pass, the
next are refused until the window ends. Addresses are stored as keyed hashes only.
The client address is ``REMOTE_ADDR``: behind a reverse proxy, the proxy must set it
(e.g. gunicorn's ``--forwarded-allow-ips``); a client-supplied header is never trusted.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from xuctien.core.privacy import address_key
from xuctien.portal.models import RateLimitHit


@dataclass(frozen=True)
class Limit:
    """At most ``count`` submissions of a form per address per ``seconds``."""

    form: str
    count: int
    seconds: int


INQUIRY = Limit("inquiry", 5, 3600)
ACCEPT_INVITATION = Limit("accept-invitation", 10, 3600)
INVITE = Limit("invite", 20, 3600)
#: Counters older than this are deleted when a new window opens.
KEEP = timedelta(days=2)


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client address (never the address itself)."""
    return address_key(request.META.get("REMOTE_ADDR", ""))


def window_start(now: datetime, seconds: int) -> datetime:
    """The start of the fixed window holding ``now``."""
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(request: HttpRequest, limit: Limit) -> bool:
    """Count one submission; True if it is within the limit, False if it must be refused."""
    key = client_key(request)
    start = window_start(timezone.now(), limit.seconds)
    rows = RateLimitHit.objects.filter(key=key, form=limit.form, window_start=start)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            _open_window(key, limit.form, start)
        count = rows.values_list("count", flat=True).first() or 0
    return count <= limit.count


def _open_window(key: str, form: str, start: datetime) -> None:
    """First hit of a window; a concurrent first hit turns into an increment."""
    try:
        with transaction.atomic():
            RateLimitHit.objects.create(key=key, form=form, window_start=start, count=1)
    except IntegrityError:
        RateLimitHit.objects.filter(key=key, form=form, window_start=start).update(
            count=F("count") + 1
        )
        return
    RateLimitHit.objects.filter(window_start__lt=start - KEEP).delete()
