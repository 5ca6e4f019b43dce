"""Changes to the action programme, each checked, attributed and atomic.

Views, API views, the importer, tasks and commands call these functions; none of them
writes a task, an occurrence, a report or a comment directly. Every function takes the
acting user explicitly. A form carries the ``version`` of the record it was read at; a
save from an older version raises ``EditConflict`` (who changed what) and writes nothing.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.actions import permissions, scorecard
from xuctien.actions.calendar import UncoveredYear, WorkCalendar, add_working_days
from xuctien.actions.holidays import load_calendar
from xuctien.actions.models import Comment, Occurrence, ProgressReport, ReportAttachment, Task
from xuctien.actions.models.tasks import CLOSED, Status
from xuctien.actions.schedule import schedule
from xuctien.actions.status import occurrence_status, task_percent, task_status
from xuctien.core import aggregates
from xuctien.core.attachments import CONTENT_TYPES, validate_attachment
from xuctien.core.conflicts import conflict_message
from xuctien.core.permissions import manages_programme
from xuctien.history import acting_as
from xuctien.models import StaleObjectError

#: What an agency officer may change on a task their agency leads; the schedule and the
#: assignment stay with the secretariat, so an agency cannot move its own deadline.
AGENCY_EDITABLE = frozenset({"description", "expected_output", "note"})


class EditConflict(Exception):
    """A save from a stale form. ``current`` is the record as it now stands."""

    def __init__(self, instance: Any) -> None:
        self.current = type(instance)._base_manager.get(pk=instance.pk)
        self.message = conflict_message(self.current)
        super().__init__(self.message)


def _require(user: Any, action: str, obj: Any, message: str) -> None:
    if not obj.permits(user, action, obj if not isinstance(obj, type) else None):
        raise PermissionDenied(message)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- Tasks ----------------------------------------------------------------------------


def create_task(
    user: Any, task: Task, coordinating: Iterable[Any] = (), today: date | None = None
) -> Task:
    """Add a task with its occurrences; only the secretariat and administrators may."""
    _require(user, "add", Task, _("Only the programme secretariat assigns tasks."))
    task.clean_fields()  # dates in range before the calendar counts from them
    calendar = load_calendar()
    apply_working_day_deadline(task, calendar)
    task.full_clean()
    with transaction.atomic(), acting_as(user):
        task.save()
        task.coordinating_agencies.set(list(coordinating))
        sync_occurrences(task, calendar)
        refresh_task(task, _today(today))
        scores_changed(task)
    return task


def scores_changed(task: Task) -> None:
    """The scorecard of the task's province must be counted again (``core.aggregates``);
    last in the transaction of the write."""
    aggregates.bump(scorecard.CACHE_KEY, task.province_id)


def update_task(
    user: Any,
    task: Task,
    version: int | None = None,
    coordinating: Iterable[Any] | None = None,
    today: date | None = None,
) -> Task:
    """Save an edited task, refusing a stale form and schedule changes by an agency."""
    _require(user, "change", task, _("You may not edit this task."))
    _check_agency_edit(user, task, coordinating)
    task.clean_fields()  # dates in range before the calendar counts from them
    calendar = load_calendar()
    apply_working_day_deadline(task, calendar)
    task.full_clean()
    try:
        with transaction.atomic(), acting_as(user):
            if version is not None:
                task.version = version
            task.save()
            if coordinating is not None:
                task.coordinating_agencies.set(list(coordinating))
            sync_occurrences(task, calendar)
            refresh_task(task, _today(today))
            scores_changed(task)
    except StaleObjectError as error:
        raise EditConflict(task) from error
    return task


def _check_agency_edit(user: Any, task: Task, coordinating: Iterable[Any] | None) -> None:
    if manages_programme(user):
        return
    before = getattr(task, "_history_before", {}) or {}
    after = history.snapshot(task, Task.history_exclude)
    changed = {k for k in after if before.get(k) != after[k]}
    coordinating_changed = coordinating is not None and {a.pk for a in coordinating} != set(
        task.coordinating_agencies.values_list("pk", flat=True)
    )
    if changed - AGENCY_EDITABLE or coordinating_changed:
        raise PermissionDenied(
            _("Only the programme secretariat changes a task's assignment and schedule.")
        )


def apply_working_day_deadline(task: Task, calendar: WorkCalendar) -> None:
    """A one-off task counted in working days is due that many working days after its start."""
    if task.is_recurring or task.start_date is None or task.deadline_working_days is None:
        return
    try:
        task.deadline = add_working_days(task.start_date, task.deadline_working_days, calendar)
    except UncoveredYear as error:
        raise ValidationError({"deadline_working_days": [error]}) from error


def sync_occurrences(task: Task, calendar: WorkCalendar) -> None:
    """Give the task the occurrences its schedule calls for; keep any that hold reports."""
    recurring = task.is_recurring and task.deadline_working_days is not None
    try:
        wanted = dict(
            schedule(
                task.recurrence,
                task.start_date,
                task.deadline,
                calendar,
                task.deadline_working_days if recurring else None,
                due_day=task.due_day,
                due_month=task.due_month,
            )
        )
    except UncoveredYear as error:
        raise ValidationError({"deadline_working_days": [error]}) from error
    existing = {o.period_label: o for o in task.occurrences.all()}
    for label, due in wanted.items():
        occurrence = existing.get(label)
        if occurrence is None:
            Occurrence.objects.create(task=task, period_label=label, due_date=due)
        elif occurrence.due_date != due:
            occurrence.due_date = due
            occurrence.save()
    for label, occurrence in existing.items():
        if label not in wanted and not occurrence.reports.exists():
            occurrence.delete()


def refresh_task(task: Task, today: date) -> None:
    """Recompute the occurrences' statuses and the task's status and percent."""
    occurrences = list(task.occurrences.all())
    if not task.is_reference:
        for occurrence in occurrences:
            _refresh_occurrence(occurrence, today)
    if task.status == Status.CANCELLED or not occurrences:
        return
    if not task.is_reference:
        task.status = task_status(o.status for o in occurrences)
    task.percent = task_percent([o.percent for o in occurrences])
    # Derived from the occurrences, whose own history records each change; written
    # without a new version so that it never makes someone's open edit form stale.
    Task.objects.filter(pk=task.pk).update(status=task.status, percent=task.percent)


def _refresh_occurrence(occurrence: Occurrence, today: date) -> None:
    status = occurrence_status(
        occurrence.percent,
        occurrence.due_date,
        occurrence.completed_at,
        today,
        cancelled=occurrence.status == Status.CANCELLED,
    )
    if status != occurrence.status:
        occurrence.status = status
        occurrence.save()


def cancel_task(user: Any, task: Task, version: int | None = None) -> Task:
    """Cancel a task and its open occurrences (secretariat and administrators)."""
    _require(user, "delete", Task, _("Only the programme secretariat cancels tasks."))
    try:
        with transaction.atomic(), acting_as(user):
            if version is not None:
                task.version = version
            task.status = Status.CANCELLED
            task.save()
            for occurrence in task.occurrences.exclude(status__in=CLOSED):
                occurrence.status = Status.CANCELLED
                occurrence.save()
            scores_changed(task)
    except StaleObjectError as error:
        raise EditConflict(task) from error
    return task


# --- Reports and comments ----------------------------------------------------------------


def report_progress(
    user: Any,
    occurrence: Occurrence,
    *,
    text: str,
    percent: int,
    reported_on: date | None = None,
    version: int | None = None,
    files: Sequence[UploadedFile] = (),
    today: date | None = None,
) -> ProgressReport:
    """Record the lead agency's progress on one occurrence and update its status."""
    task = occurrence.task
    message = _("Only the lead agency, the secretariat and administrators report on this task.")
    _require(user, permissions.REPORT, task, message)
    today = _today(today)
    reported_on = reported_on or today
    _check_report(occurrence, percent, reported_on, today, files)
    try:
        with transaction.atomic(), acting_as(user):
            report = ProgressReport.objects.create(
                occurrence=occurrence,
                agency=task.lead_agency,
                author=user,
                text=text,
                percent=percent,
                reported_on=reported_on,
            )
            _attach(report, files)
            _apply_report(occurrence, percent, reported_on, version)
            refresh_task(task, today)
            scores_changed(task)
    except StaleObjectError as error:
        raise EditConflict(occurrence) from error
    return report


def _check_report(
    occurrence: Occurrence, percent: int, reported_on: date, today: date, files: Sequence
) -> None:
    errors: dict[str, list] = {}
    if occurrence.status == Status.CANCELLED or occurrence.task.status == Status.CANCELLED:
        errors.setdefault("__all__", []).append(_("This task was cancelled."))
    if not 0 <= percent <= 100:
        errors.setdefault("percent", []).append(_("Percent done is between 0 and 100."))
    if reported_on > today:
        errors.setdefault("reported_on", []).append(_("The report date is in the future."))
    for upload in files:
        try:
            validate_attachment(upload)
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def _apply_report(occurrence: Occurrence, percent: int, reported_on: date, version: int | None):
    if version is not None:
        occurrence.version = version
    occurrence.percent = percent
    occurrence.completed_at = reported_on if percent >= 100 else None
    occurrence.save()


def _attach(report: ProgressReport, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        suffix = "." + (upload.name or "").rsplit(".", 1)[-1].lower()
        ReportAttachment.objects.create(
            report=report,
            file=upload,
            original_name=(upload.name or "")[:255],
            content_type=CONTENT_TYPES.get(suffix, ""),
            size=upload.size or 0,
        )


def add_comment(user: Any, task: Task, text: str) -> Comment:
    """A remark on a task by its lead agency, a coordinating agency or the secretariat."""
    message = _("Only the agencies of this task and the secretariat comment on it.")
    _require(user, permissions.COMMENT, task, message)
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    with transaction.atomic(), acting_as(user):
        return Comment.objects.create(
            task=task, author=user, text=text.strip(), agency=getattr(user, "agency", None)
        )


def recompute_overdue(today: date | None = None) -> int:
    """Mark the open occurrences whose due date has passed as overdue; returns how many."""
    today = _today(today)
    late = Occurrence.objects.filter(due_date__lt=today, task__is_reference=False).exclude(
        status__in=[*CLOSED, Status.OVERDUE]
    )
    tasks = Task.objects.filter(pk__in=late.values("task_id"))
    count = late.count()
    with transaction.atomic(), acting_as(None):
        for task in tasks:
            refresh_task(task, today)
    return count
