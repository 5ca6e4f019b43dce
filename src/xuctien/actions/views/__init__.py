"""The action programme's pages."""

from xuctien.actions.views.calendar import (
    CalendarYearView,
    HolidayDeleteView,
    HolidayEditView,
    HolidayListView,
)
from xuctien.actions.views.imports import ImportConfirmView, ImportUploadView
from xuctien.actions.views.reports import CommentView, ReportView
from xuctien.actions.views.scorecard import OverdueView, ScorecardView
from xuctien.actions.views.tasks import TaskCreateView, TaskDetailView, TaskListView, TaskUpdateView

__all__ = [
    "CalendarYearView",
    "CommentView",
    "HolidayDeleteView",
    "HolidayEditView",
    "HolidayListView",
    "ImportConfirmView",
    "ImportUploadView",
    "OverdueView",
    "ReportView",
    "ScorecardView",
    "TaskCreateView",
    "TaskDetailView",
    "TaskListView",
    "TaskUpdateView",
]
