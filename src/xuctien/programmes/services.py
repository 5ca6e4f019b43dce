"""Changes to programme data, each checked, attributed and atomic.

Views, API views, importers and commands call these functions; none of them writes a
programme record directly. Every function takes the acting user explicitly.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.permissions import manages_programme, permits
from xuctien.history import acting_as
from xuctien.programmes.models import Baseline, Observation, PeriodLock, Programme, Target


def lock_for(programme: Programme, year: int) -> PeriodLock | None:
    """The lock on a programme year, if its figures are locked."""
    return PeriodLock.objects.filter(programme=programme, year=year, is_locked=True).first()


def locked_message(lock: PeriodLock) -> str:
    who = lock.locked_by or _("the system")
    return _(
        "The figures of %(year)s were approved and locked by %(who)s on %(when)s "
        "(%(reason)s). The programme secretariat can reopen the period."
    ) % {
        "year": lock.year,
        "who": who,
        "when": timezone.localtime(lock.locked_at).strftime("%d/%m/%Y") if lock.locked_at else "",
        "reason": lock.reason or _("no reason given"),
    }


def check_unlocked(observation: Observation) -> None:
    observation.set_period_fields()
    lock = lock_for(observation.indicator.programme, observation.year)
    if lock is not None:
        raise ValidationError(locked_message(lock), code="locked")


def save_observation(user: Any, observation: Observation, submit: bool = False) -> Observation:
    """Create or correct a figure; a correction keeps the old value in the history."""
    action = "add" if observation._state.adding else "change"
    if not permits(user, action, observation if action == "change" else Observation):
        raise PermissionDenied(_("You may not enter figures for this indicator."))
    _check_agency(user, observation)
    check_unlocked(observation)
    with transaction.atomic(), acting_as(user):
        if submit and observation.status == Observation.Status.DRAFT:
            observation.status = Observation.Status.SUBMITTED
            observation.submitted_by = user
            observation.submitted_at = timezone.now()
        observation.save()
    return observation


def _check_agency(user: Any, observation: Observation) -> None:
    if manages_programme(user):
        return
    agency_id = observation.indicator.responsible_agency_id
    if agency_id is None or agency_id != getattr(user, "agency_id", None):
        raise PermissionDenied(_("Only the responsible agency enters this indicator's figures."))


def approve_observations(user: Any, observations: list[Observation]) -> int:
    """Approve submitted (or draft) figures; only approved figures count."""
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat approves figures."))
    now = timezone.now()
    with transaction.atomic(), acting_as(user):
        for observation in observations:
            check_unlocked(observation)
            observation.status = Observation.Status.APPROVED
            observation.approved_by = user
            observation.approved_at = now
            observation.save()
    return len(observations)


def reject_observation(user: Any, observation: Observation, reason: str) -> Observation:
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat approves figures."))
    check_unlocked(observation)
    with transaction.atomic(), acting_as(user):
        observation.status = Observation.Status.REJECTED
        observation.note = f"{observation.note}\n{reason}".strip()
        observation.save()
    return observation


def lock_period(user: Any, programme: Programme, year: int, reason: str = "") -> PeriodLock:
    """Lock a year whose figures are approved: forms then refuse changes, saying why."""
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat locks a period."))
    with transaction.atomic(), acting_as(user):
        lock, _created = PeriodLock.objects.get_or_create(programme=programme, year=year)
        lock.is_locked = True
        lock.reason = reason or _("figures approved")
        lock.locked_by = user
        lock.locked_at = timezone.now()
        lock.save()
    return lock


def reopen_period(user: Any, programme: Programme, year: int, reason: str) -> PeriodLock:
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat reopens a period."))
    if not reason.strip():
        raise ValidationError(_("Say why the period is reopened."))
    lock = PeriodLock.objects.get(programme=programme, year=year)
    with transaction.atomic(), acting_as(user):
        lock.is_locked = False
        lock.reopened_by = user
        lock.reopened_at = timezone.now()
        lock.reopen_reason = reason
        lock.save()
    return lock


def approve_revisable(user: Any, record: Target | Baseline) -> Target | Baseline:
    """Approve a draft baseline or target; from then on it is frozen."""
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat approves targets."))
    with transaction.atomic(), acting_as(user):
        record.status = record.Status.APPROVED
        record.approved_by = user
        record.approved_at = timezone.now()
        record.save()
    return record


def revise_target(
    user: Any, target: Target, value: Decimal, reason: str, document: str, **changes: Any
) -> Target:
    """Replace an approved target by a new version; the earlier one stays visible."""
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme secretariat revises targets."))
    if not reason.strip():
        raise ValidationError({"revision_reason": _("A revision must say why.")})
    revision = Target(
        indicator=target.indicator, start_year=target.start_year, year=target.year,
        value=value, qualifier=target.qualifier, locality=target.locality, zone=target.zone,
        document=document, revises=target, revision_reason=reason,
        status=Target.Status.APPROVED, approved_by=user, approved_at=timezone.now(),
    )
    for name, new in changes.items():
        setattr(revision, name, new)
    revision.full_clean()
    with transaction.atomic(), acting_as(user):
        revision.save()
    return revision
