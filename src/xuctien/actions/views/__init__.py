"""The action programme's pages."""

from xuctien.actions.views.imports import ImportConfirmView, ImportUploadView
from xuctien.actions.views.reports import CommentView, ReportView
from xuctien.actions.views.scorecard import OverdueView, ScorecardView
from xuctien.actions.views.tasks import TaskCreateView, TaskDetailView, TaskListView, TaskUpdateView

__all__ = [
    "CommentView",
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
