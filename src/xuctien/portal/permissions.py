"""Who writes the portal's public content: the secretariat, administrators, and officers
of the promotion agencies (the Investment Promotion Board/Centre and the EZ board)."""

from typing import Any

from xuctien.core.permissions import is_active, manages_programme
from xuctien.investments import access


def edits_content(user: Any) -> bool:
    """May write and publish articles, pages and opportunities."""
    if not is_active(user):
        return False
    return manages_programme(user) or access.is_promotion_officer(user)


def invites_owners(user: Any) -> bool:
    """May invite the first (owner) account of any company: the pipeline's writers."""
    return access.writes_all(user)
