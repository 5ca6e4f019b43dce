"""The action programme: tasks, their occurrences, reports, comments and the calendar."""

from xuctien.actions.models.calendar import CalendarYear, Holiday
from xuctien.actions.models.reminders import DigestLog, ReminderLog
from xuctien.actions.models.reports import Comment, ProgressReport, ReportAttachment
from xuctien.actions.models.tasks import (
    Occurrence,
    Recurrence,
    Status,
    Task,
    TaskGroup,
)

__all__ = [
    "CalendarYear",
    "Comment",
    "DigestLog",
    "Holiday",
    "Occurrence",
    "ProgressReport",
    "Recurrence",
    "ReminderLog",
    "ReportAttachment",
    "Status",
    "Task",
    "TaskGroup",
]
