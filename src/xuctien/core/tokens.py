"""API tokens that their owner names, sees and revokes (``core.ApiToken``).

A key is 32 random bytes, shown once when created and stored only as its SHA-256: a key
with that much randomness needs no slow password hash, and a stolen database yields no
usable key. ``ApiTokenAuthentication`` replaces DRF's ``TokenAuthentication`` (one token per
user, kept in clear): clients send the same ``Authorization: Token <key>`` header, and
``Bearer`` works as well. A revoked or unknown key gets 401.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from xuctien.core.models import ApiToken
from xuctien.history import acting_as

KEY_PREFIX = "xt_"
KEYWORDS = (b"token", b"bearer")
#: Last use is written at most this often, so reading the API is not a write per request.
TOUCH_EVERY = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key, which is not stored and cannot be shown again."""
    if not ApiToken.permits(user, "add", None):
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token after the script that will use it.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(user):
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=key[:10], key_hash=hash_key(key)
        )
    return token, key


def revoke_token(user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the user's tokens; the API refuses it from the next request on."""
    if not ApiToken.permits(user, "change", token):
        raise PermissionDenied(_("This is not your token."))
    if token.revoked_at is None:
        with transaction.atomic(), acting_as(user):
            token.revoked_at = timezone.now()
            token.save()
    return token


def user_for_key(key: str) -> tuple[Any, ApiToken]:
    """The active user and token a key belongs to; AuthenticationFailed otherwise."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.is_active or not token.user.is_active:
        raise AuthenticationFailed(_("Invalid or revoked token."))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # Bookkeeping, not an edit: no new version, no history entry.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` (or ``Bearer <key>``) with a key of ``core.ApiToken``."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Invalid token header: give the key after “Token”."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise AuthenticationFailed(_("Invalid or revoked token.")) from None
        return user_for_key(key)

    def authenticate_header(self, request: Any) -> str:
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token header."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key> (create one at /account/tokens/)",
        }
