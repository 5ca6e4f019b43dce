"""Client addresses are kept only as keyed hashes.

The lockout and the rate limits need to recognise an address again, not to know it: an
HMAC with the secret key tells two requests from one address apart from others, and a
leaked table cannot be reversed by hashing all four billion IPv4 addresses.
"""

import hashlib
import hmac

from django.conf import settings


def address_key(address: str) -> str:
    """The keyed hash (64 hex digits) that stands for ``address`` in stored rows."""
    secret = settings.SECRET_KEY.encode() or b"xuctien"
    return hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()
