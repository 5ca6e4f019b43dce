"""Investor accounts: who belongs to which company, and the invitations that bring them in."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.models import BaseModel

#: How long an invitation link stays valid.
INVITATION_TTL = timedelta(days=7)


def hash_token(token: str) -> str:
    """Only the hash of a token is stored, so a database leak gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class Membership(BaseModel):
    """A user acting for a company (investor): an owner invites staff; staff act for it."""

    Role = MemberRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="portal_memberships",
        verbose_name=_("user"),
    )
    investor = models.ForeignKey(
        "investments.Investor",
        models.CASCADE,
        related_name="portal_memberships",
        verbose_name=_("company"),
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["investor", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "investor"], name="portal_membership_unique")
        ]
        verbose_name = _("company membership")
        verbose_name_plural = _("company memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.investor} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def usable(self) -> "InvitationQuerySet":
        """Invitations not yet accepted, revoked or expired."""
        return self.filter(accepted_at__isnull=True, revoked=False, expires_at__gt=timezone.now())


class Invitation(BaseModel):
    """An emailed, expiring link that lets a person join a company's account as staff."""

    history_exclude = ("created_at", "updated_at", "version", "token_hash")

    investor = models.ForeignKey(
        "investments.Investor",
        models.CASCADE,
        related_name="portal_invitations",
        verbose_name=_("company"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.investor}"

    @classmethod
    def issue(cls, **fields: Any) -> tuple["Invitation", str]:
        """A new invitation and its clear token (shown once, in the email)."""
        token = secrets.token_urlsafe(32)
        expires = timezone.now() + INVITATION_TTL
        invitation = cls(token_hash=hash_token(token), expires_at=expires, **fields)
        invitation.save()
        return invitation, token

    @classmethod
    def find(cls, token: str) -> "Invitation | None":
        """The usable invitation for ``token``, or None (unknown, used, revoked or expired)."""
        return cls.objects.usable().filter(token_hash=hash_token(token)).first()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
