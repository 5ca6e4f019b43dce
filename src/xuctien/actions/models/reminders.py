"""Logs that make each reminder go out exactly once.

A row is claimed (inserted under a unique constraint) before the email is sent, inside the
same transaction: a second worker, or a second run on the same day, cannot claim it again.
These are delivery logs, not business records, so they carry no change history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.actions.models.tasks import Occurrence


class ReminderLog(models.Model):
    """A reminder about one occurrence, for one threshold, sent once."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        MISSED = "missed", _("Deadline missed")

    occurrence = models.ForeignKey(Occurrence, models.CASCADE, related_name="reminders")
    threshold = models.PositiveSmallIntegerField(_("working days before"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "threshold", "kind"], name="reminder_once"
            ),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.occurrence_id} {self.kind} {self.threshold}"


class DigestLog(models.Model):
    """The secretariat's daily digest for one day, sent once."""

    day = models.DateField(_("day"), unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")

    def __str__(self) -> str:
        return str(self.day)
