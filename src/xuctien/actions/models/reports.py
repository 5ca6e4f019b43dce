"""What agencies say about their tasks: progress reports (with files) and comments."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.actions import permissions
from xuctien.actions.models.tasks import Occurrence, Task
from xuctien.core.attachments import Attachment, RandomUploadPath
from xuctien.core.models import Agency
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel


class ProgressReport(BaseModel):
    """The lead agency's account of one occurrence: what was done, how far, on which date."""

    province_path = "occurrence__task__province"

    occurrence = models.ForeignKey(Occurrence, models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", verbose_name=_("agency"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("report"), max_length=LONG_TEXT)
    percent = models.PositiveSmallIntegerField(_("percent done"))
    reported_on = models.DateField(_("date"), default=timezone.localdate)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.occurrence} · {self.percent}%"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        action = permissions.REPORT if action in ("add", "change") else action
        return permissions.restrict_tasks(queryset, user, action, prefix="occurrence__task__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: "ProgressReport | None") -> bool:
        action = permissions.REPORT if action in ("add", "change") else action
        return Task.permits(user, action, obj.occurrence.task if obj is not None else None)


class ReportAttachment(Attachment):
    """A file attached to a progress report, checked for type and size on upload."""

    province_path = "report__occurrence__task__province"

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=RandomUploadPath("actions/reports"), max_length=300
    )

    download_kind = "actions-report"

    class Meta(Attachment.Meta):
        pass

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        prefix = "report__occurrence__task__"
        return permissions.restrict_tasks(queryset, user, action, prefix=prefix)


class Comment(BaseModel):
    """A remark on a task by one of its agencies (lead or coordinating) or the secretariat."""

    province_path = "task__province"

    task = models.ForeignKey(Task, models.CASCADE, related_name="comments")
    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), max_length=LONG_TEXT)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        action = permissions.COMMENT if action in ("add", "change") else action
        return permissions.restrict_tasks(queryset, user, action, prefix="task__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Comment | None") -> bool:
        action = permissions.COMMENT if action in ("add", "change") else action
        return Task.permits(user, action, obj.task if obj is not None else None)
