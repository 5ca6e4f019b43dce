"""Who sees the nation: national roles and administrators only; who onboards provinces."""

from typing import Any

from xuctien.core.roles import Role

#: Roles that read every province and compare them.
NATIONAL_ROLES = frozenset({Role.NATIONAL, Role.NATIONAL_ADMIN})


def sees_nation(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in NATIONAL_ROLES or user.role == Role.ADMIN


def onboards(user: Any) -> bool:
    """A national administrator (or a superuser) onboards provinces."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.NATIONAL_ADMIN
