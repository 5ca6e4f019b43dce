"""Reminders to the lead agency's focal people, and the secretariat's daily digest.

``send_reminders`` is a background task (django-tasks: run in-process by default, by an
RQ worker in production). It runs daily; on a working day it emails the lead agency's
officers ``N`` working days before each due date (``ACTIONS_REMINDER_DAYS``, default 5
and 1) and once when a deadline is missed, then sends the secretariat its digest.
Each email is sent once: its log row is claimed under a unique constraint in the same
transaction as the sending, so a second run or a second worker finds it taken.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from xuctien.actions.calendar import (
    UncoveredYear,
    WorkCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)
from xuctien.actions.holidays import load_calendar
from xuctien.actions.models import DigestLog, Occurrence, ReminderLog
from xuctien.actions.models.tasks import CLOSED, Status
from xuctien.actions.services import recompute_overdue
from xuctien.core.models import User
from xuctien.core.roles import Role

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = (5, 1)
DIGEST_HORIZON = 5  # working days ahead the digest looks


def thresholds() -> tuple[int, ...]:
    return tuple(getattr(settings, "ACTIONS_REMINDER_DAYS", DEFAULT_THRESHOLDS))


def due_reminder(
    due: date | None, today: date, days: Iterable[int], calendar: WorkCalendar
) -> tuple[str, int] | None:
    """The reminder an occurrence needs today, as (kind, threshold), or None.

    Before the deadline: the nearest threshold whose date has come (so a run missed on
    one day is caught up on the next, and a task added late gets one reminder, not two).
    """
    if due is None:
        return None
    if today > due:
        return ReminderLog.Kind.MISSED, 0
    reached = [n for n in days if add_working_days(due, -n, calendar) <= today]
    return (ReminderLog.Kind.BEFORE, min(reached)) if reached else None


@task()
def send_reminders(day: str | None = None) -> dict[str, int]:
    """Mark overdue occurrences, send due reminders and the digest; return what was sent."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    calendar = load_calendar()
    sent = {"before": 0, "missed": 0, "digest": 0}
    try:
        if not is_working_day(today, calendar):
            return sent
    except UncoveredYear as error:
        # Whether today is a working day is unknown: refuse, loudly, rather than guess.
        logger.error("Reminders not sent on %s: %s", today, " ".join(error.messages))
        return {**sent, "uncovered_year": error.year}
    recompute_overdue(today)
    for occurrence in open_occurrences():
        try:
            reminder = due_reminder(occurrence.due_date, today, thresholds(), calendar)
        except UncoveredYear as error:
            logger.warning("No reminder for occurrence %s: %s", occurrence.pk, error.messages[0])
            continue
        if reminder and remind_once(occurrence, *reminder, today=today, calendar=calendar):
            sent[reminder[0]] += 1
    sent["digest"] = int(send_digest_once(today, calendar))
    return sent


def open_occurrences() -> Iterable[Occurrence]:
    return (
        Occurrence.objects.filter(due_date__isnull=False, task__is_reference=False)
        .exclude(status__in=CLOSED)
        .exclude(task__status=Status.CANCELLED)
        .select_related("task", "task__lead_agency")
        .order_by("due_date", "pk")
    )


def focal_people(agency_id: int) -> list[User]:
    """The active agency officers of an agency who have an email address."""
    users = User.objects.filter(role=Role.AGENCY, agency_id=agency_id, is_active=True)
    return list(users.exclude(email="").order_by("pk"))


def remind_once(
    occurrence: Occurrence, kind: str, threshold: int, *, today: date, calendar: WorkCalendar
) -> bool:
    """Claim the (occurrence, threshold, kind) log row and send; False if already claimed."""
    people = focal_people(occurrence.task.lead_agency_id)
    if not people:
        return False  # nobody to tell yet; the reminder stays unclaimed for when there is
    with transaction.atomic():
        _log, created = ReminderLog.objects.get_or_create(
            occurrence=occurrence,
            threshold=threshold,
            kind=kind,
            defaults={"recipients": ", ".join(u.email for u in people)},
        )
        if created:
            context = _reminder_context(occurrence, kind, today, calendar)
            _send_by_language(people, "actions/email/reminder", context)
    return created


def _lenient(calendar: WorkCalendar) -> WorkCalendar:
    """The same days without the coverage check, for figures that only inform a reader."""
    return replace(calendar, covered_years=None)


def _reminder_context(occurrence: Occurrence, kind: str, today: date, calendar: WorkCalendar):
    calendar = _lenient(calendar)
    return {
        "occurrence": occurrence,
        "task": occurrence.task,
        "missed": kind == ReminderLog.Kind.MISSED,
        "working_days_left": working_days_between(today, occurrence.due_date, calendar),
        "url": site_url(reverse("actions:task-detail", args=[occurrence.task_id])),
    }


def send_digest_once(today: date, calendar: WorkCalendar) -> bool:
    """The secretariat's digest of overdue and soon-due occurrences, once a day."""
    people = list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True).exclude(email="").order_by("pk")
    )
    if not people:
        return False
    with transaction.atomic():
        _log, created = DigestLog.objects.get_or_create(
            day=today, defaults={"recipients": ", ".join(u.email for u in people)}
        )
        if created:
            _send_by_language(people, "actions/email/digest", digest_context(today, calendar))
    return created


def digest_context(today: date, calendar: WorkCalendar) -> dict[str, Any]:
    horizon = add_working_days(today, DIGEST_HORIZON, _lenient(calendar))
    rows = list(open_occurrences())
    return {
        "today": today,
        "overdue": [o for o in rows if o.due_date < today],
        "due_soon": [o for o in rows if today <= o.due_date <= horizon],
        "horizon": horizon,
        "url": site_url(reverse("actions:overdue")),
    }


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _send_by_language(people: Sequence[User], template: str, context: dict) -> None:
    """One email per language, each rendered in that language."""
    groups: dict[str, list[str]] = defaultdict(list)
    for person in people:
        groups[person.language or settings.LANGUAGE_CODE].append(person.email)
    for language, emails in groups.items():
        with translation.override(language):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}_body.txt", context)
        EmailMessage(subject, body, to=emails).send()
