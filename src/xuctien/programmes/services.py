"""Changes to programme data, each checked, attributed and atomic.

Views, API views, importers and commands call these functions; none of them writes a
programme record directly. Every function takes the acting user explicitly.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.core.permissions import is_active, manages_programme, permits
from xuctien.core.roles import Role
from xuctien.history import acting_as
from xuctien.programmes.models import (
    Baseline,
    Indicator,
    Observation,
    PeriodLock,
    Programme,
    Target,
)


def lock_for(programme: Programme, year: int) -> PeriodLock | None:
    """The lock on a programme year, if its figures are locked."""
    return PeriodLock.objects.filter(programme=programme, year=year, is_locked=True).first()


def locked_message(lock: PeriodLock) -> str:
    """Why a year is locked (who, when, why) and who can reopen it, in the user's language."""
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
    """Refuse a change to a locked year: the year the figure moves to, or the one it leaves."""
    observation.set_period_fields()
    places = {(observation.indicator.programme_id, observation.year)}
    if observation.pk is not None:
        stored = Observation.objects.filter(pk=observation.pk).values_list(
            "indicator__programme", "year"
        )
        places.update(stored)
    for programme_id, year in sorted(places):
        lock = (
            PeriodLock.objects.filter(programme_id=programme_id, year=year, is_locked=True)
            .select_related("locked_by")
            .first()
        )
        if lock is not None:
            raise ValidationError(locked_message(lock), code="locked")


def indicators_for(user: Any) -> QuerySet[Indicator]:
    """The entered (not derived) indicators whose figures ``user`` may enter."""
    entered = Indicator.objects.restrict(user, "view").filter(formula="")
    entered = entered.select_related("programme")
    if manages_programme(user):
        return entered
    if is_active(user) and user.role == Role.AGENCY and user.agency_id:
        return entered.filter(responsible_agency=user.agency_id)
    return entered.none()


def save_observation(user: Any, observation: Observation, submit: bool = False) -> Observation:
    """Create or correct a figure; a correction keeps the old value in the history."""
    action = "add" if observation._state.adding else "change"
    if not permits(user, action, observation if action == "change" else Observation):
        raise PermissionDenied(_("You may not enter figures for this indicator."))
    _check_agency(user, observation)
    check_unlocked(observation)
    with transaction.atomic(), acting_as(user):
        set_entry_status(user, observation, submit)
        observation.save()
    return observation


def set_entry_status(user: Any, observation: Observation, submit: bool) -> None:
    """Submit, or take back to draft; an approved figure keeps its approval."""
    status = Observation.Status
    if observation.status == status.APPROVED:
        return
    if submit:
        observation.status = status.SUBMITTED
        observation.submitted_by = user
        observation.submitted_at = timezone.now()
    elif observation.status != status.DRAFT:
        observation.status = status.DRAFT


def _check_agency(user: Any, observation: Observation) -> None:
    if manages_programme(user, observation):
        return
    agency_id = observation.indicator.responsible_agency_id
    if agency_id is None or agency_id != getattr(user, "agency_id", None):
        raise PermissionDenied(_("Only the responsible agency enters this indicator's figures."))


def approve_observations(user: Any, observations: list[Observation]) -> int:
    """Approve submitted (or draft) figures; only approved figures count."""
    if not all(manages_programme(user, o) for o in observations) or not manages_programme(user):
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
    """Send a figure back to its agency with the reason, which is kept in its note."""
    if not manages_programme(user, observation):
        raise PermissionDenied(_("Only the programme secretariat approves figures."))
    if not reason.strip():
        raise ValidationError(_("Say why the figure is rejected."))
    check_unlocked(observation)
    with transaction.atomic(), acting_as(user):
        observation.status = Observation.Status.REJECTED
        observation.note = f"{observation.note}\n{reason}".strip()
        observation.save()
    return observation


def lock_period(user: Any, programme: Programme, year: int, reason: str = "") -> PeriodLock:
    """Lock a year whose figures are approved: forms then refuse changes, saying why."""
    if not manages_programme(user, programme):
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
    """Open a locked year again for corrections; the lock keeps who reopened it and why."""
    if not manages_programme(user, programme):
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
    if not manages_programme(user, record):
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
    if not manages_programme(user, target):
        raise PermissionDenied(_("Only the programme secretariat revises targets."))
    if not reason.strip():
        raise ValidationError({"revision_reason": _("A revision must say why.")})
    if not target.is_current:
        raise ValidationError(_("Only the current, approved version of a target can be revised."))
    revision = Target(
        indicator=target.indicator,
        start_year=target.start_year,
        year=target.year,
        value=value,
        qualifier=target.qualifier,
        locality=target.locality,
        zone=target.zone,
        document=document,
        revises=target,
        revision_reason=reason,
        status=Target.Status.APPROVED,
        approved_by=user,
        approved_at=timezone.now(),
    )
    for name, new in changes.items():
        setattr(revision, name, new)
    revision.full_clean()
    try:
        with transaction.atomic(), acting_as(user):
            revision.save()
    except IntegrityError:  # someone revised the same version a moment earlier
        raise ValidationError(_("This target was revised meanwhile; reload the page.")) from None
    return revision
