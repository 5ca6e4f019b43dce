"""Tasks of the action programme and their occurrences (one per reporting period)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.actions import permissions
from xuctien.core import bounds, text
from xuctien.core.models import (
    Agency,
    Bilingual,
    ProvinceScoped,
    Sourced,
    in_language,
    province_field,
)
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")
    ONGOING = "ongoing", _("Ongoing")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses after which an occurrence needs no more work.
CLOSED = frozenset({Status.DONE, Status.DONE_LATE, Status.CANCELLED})


class TaskGroup(Bilingual, BaseModel):
    """A group of an action plan's tasks, as the plan numbers it ("I. Quy hoạch…").

    Imported from the plan's Roman-numeral rows, kept with the plan's reference so that a
    second import of the same plan finds it again; shown on the tasks and filterable.
    """

    province = models.ForeignKey(
        "core.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="task_groups",
        verbose_name=_("programme"),
    )
    plan = models.CharField(
        _("plan"), max_length=200, help_text=_("The number and symbol of the plan.")
    )
    number = models.CharField(_("number"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "plan", "number"], name="task_group_unique"
            ),
        ]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Task(ProvinceScoped, Sourced, BaseModel):
    """A task of the action programme: who leads it, who helps, what it yields and when.

    A recurring task (a quarterly report, a yearly review) has one occurrence per period,
    each with its own deadline and reports; a one-off task has exactly one occurrence.
    ``is_reference`` marks a directive loaded from a public source for context: its
    progress is not tracked here, so reminders, overdue lists and scorecards leave it out.
    """

    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500, validators=text.NAME)
    title_en = models.CharField(
        _("title (English)"), max_length=500, blank=True, validators=text.NAME
    )
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    province_from = ("programme", "lead_agency")

    province = province_field("tasks")
    programme = models.ForeignKey(
        "programmes.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("programme"),
    )
    breakthrough = models.ForeignKey(
        "programmes.Breakthrough",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("breakthrough"),
    )
    #: One of the programme's own groups of solutions (programme data, not a list in code).
    solution_group = models.ForeignKey(
        "programmes.SolutionGroup",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("solution group"),
    )
    plan = models.CharField(
        _("plan"),
        max_length=200,
        blank=True,
        help_text=_("The number and symbol of the plan the task was imported from."),
    )
    plan_number = models.CharField(_("number in the plan"), max_length=20, blank=True)
    group = models.ForeignKey(
        TaskGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("task group"),
    )
    lead_agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="led_tasks", verbose_name=_("lead agency")
    )
    coordinating_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="coordinated_tasks",
        verbose_name=_("coordinating agencies"),
    )
    coordinating_note = models.CharField(
        _("other coordinating bodies"),
        max_length=500,
        blank=True,
        help_text=_("Bodies named in the plan that are not in the agency list."),
    )
    expected_output = models.TextField(_("expected output"), blank=True, max_length=LONG_TEXT)
    start_date = models.DateField(_("start"), null=True, blank=True, validators=bounds.plan_date())
    deadline = models.DateField(_("deadline"), null=True, blank=True, validators=bounds.plan_date())
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"),
        null=True,
        blank=True,
        validators=bounds.between(1, bounds.MAX_WORKING_DAYS),
        help_text=_("If set, the deadline is this many working days after the start."),
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day"),
        null=True,
        blank=True,
        validators=bounds.between(1, 31),
        help_text=_("For a recurring task: the day of the period's last month it is due."),
    )
    due_month = models.PositiveSmallIntegerField(
        _("due in month"),
        null=True,
        blank=True,
        validators=bounds.between(1, 12),
        help_text=_("For a yearly task: the month it is due (the period's last by default)."),
    )
    deadline_as_published = models.CharField(_("deadline as published"), max_length=200, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    is_reference = models.BooleanField(
        _("reference directive"),
        default=False,
        help_text=_("Loaded from a public source for context; progress is not tracked."),
    )
    is_synthetic = models.BooleanField(
        _("synthetic demo record"),
        default=False,
        help_text=_("Invented for the demonstration; not a real task."),
    )

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_agency", "status"]),
            # A province's list in its default order (the province filter comes first).
            models.Index(fields=["province", "deadline", "id"], name="task_province_deadline"),
            # The nation's list in its default order (a national reader's first page).
            models.Index(fields=["deadline", "id"], name="task_deadline"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_vi, self.title_en)

    @property
    def is_recurring(self) -> bool:
        return self.recurrence != Recurrence.NONE

    def clean(self) -> None:
        errors = {}
        if self.recurrence == Recurrence.ONGOING:
            if self.deadline is not None:
                errors["deadline"] = _("An ongoing task has no deadline.")
        elif self.is_recurring and (self.start_date is None or self.deadline is None):
            errors["start_date"] = _("A recurring task needs a start and an end (its deadline).")
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = _("The deadline is before the start.")
        elif self.is_recurring and self._span_years() > bounds.MAX_RECURRENCE_YEARS:
            errors["deadline"] = _(
                "A recurring task spans at most %(years)s years; split a longer one."
            ) % {"years": bounds.MAX_RECURRENCE_YEARS}
        has_working_days = self.start_date is not None and self.deadline_working_days is not None
        ongoing = self.recurrence == Recurrence.ONGOING
        if not (self.is_reference or ongoing) and self.deadline is None and not has_working_days:
            errors["deadline"] = _("Give a deadline, or a start and a number of working days.")
        if self.percent > 100:
            errors["percent"] = _("Percent done is between 0 and 100.")
        if self.breakthrough_id and self.breakthrough.programme_id != self.programme_id:
            errors["breakthrough"] = _("This breakthrough belongs to another programme.")
        if self.solution_group_id and self.solution_group.programme_id != self.programme_id:
            errors["solution_group"] = _("This solution group belongs to another programme.")
        if errors:
            raise ValidationError(errors)

    def _span_years(self) -> float:
        if self.start_date is None or self.deadline is None:
            return 0
        return (self.deadline - self.start_date).days / 365.25

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_tasks(queryset, user, action)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Task | None") -> bool:
        if obj is None:
            if action in ("add", "delete"):
                return permissions.permits_on_kind(user, "add")
            return permissions.permits_on_kind(user, action)
        return permissions.permits_task(user, action, obj)


class Occurrence(BaseModel):
    """One period's deadline of a task, with its own status, percent and reports."""

    province_path = "task__province"

    task = models.ForeignKey(Task, models.CASCADE, related_name="occurrences")
    period_label = models.CharField(_("period"), max_length=20)
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=bounds.plan_date())
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_at = models.DateField(_("completed on"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period_label"], name="occurrence_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The overdue list's order among the open ones: its first page is read from the
            # index, not sorted out of every open occurrence of the nation.
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=["not_started", "in_progress", "overdue"]),
                name="occurrence_open_due_idx",
            ),
        ]
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")

    def __str__(self) -> str:
        return f"{self.task} — {self.period_label}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def days_late(self, today: date) -> int | None:
        """Calendar days past the due date: at completion, or so far if still open."""
        if self.due_date is None or self.status == Status.CANCELLED:
            return None
        end = self.completed_at or today
        return max((end - self.due_date).days, 0)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_tasks(queryset, user, action, prefix="task__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Occurrence | None") -> bool:
        return Task.permits(user, action, obj.task if obj is not None else None)
