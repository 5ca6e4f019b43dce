"""Enterprises' requests and difficulties, from receipt to a rated answer."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.aftercare import permissions
from xuctien.core import text
from xuctien.core.attachments import Attachment, RandomUploadPath
from xuctien.core.models import Agency, ProvinceScoped, province_field
from xuctien.core.permissions import READ
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel


class Category(models.TextChoices):
    LAND = "land", _("Land clearance and handover")
    PROCEDURES = "procedures", _("Investment procedures")
    CONSTRUCTION = "construction", _("Construction permits")
    ENVIRONMENT = "environment", _("Environment")
    LABOUR = "labour", _("Labour and recruitment")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure and utilities")
    CUSTOMS_TAX = "customs_tax", _("Customs and tax")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    HOTLINE = "hotline", _("Hotline")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Escalation(models.TextChoices):
    NONE = "none", _("None")
    SECRETARIAT = "secretariat", _("Secretariat")
    LEADERSHIP = "leadership", _("Leadership")


#: Statuses in which an agency still owes an answer.
WAITING = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)
#: Statuses in which the enterprise may confirm, reopen or rate.
ANSWERED = (Status.ANSWERED, Status.CLOSED)
#: The order of escalation levels, lowest first.
LEVELS = (Escalation.NONE, Escalation.SECRETARIAT, Escalation.LEADERSHIP)


def _visible(user: Any, action: str) -> models.QuerySet:
    return permissions.restrict_requests(Request.objects.all(), user, action)


class Request(ProvinceScoped, BaseModel):
    """A difficulty an enterprise raises (kiến nghị, vướng mắc) and its way to an answer.

    ``round`` counts the times the request was put to the agencies: 1 at first, one more
    at each reopening. The request's timeline lists every step; the assignments carry the
    deadlines and answers.
    """

    province_from = ("project",)

    province = province_field("aftercare_requests")
    enterprise = models.ForeignKey(
        "investments.Investor",
        models.PROTECT,
        related_name="aftercare_requests",
        verbose_name=_("enterprise"),
    )
    project = models.ForeignKey(
        "investments.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="aftercare_requests",
        verbose_name=_("project"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=300, validators=text.NAME)
    description = models.TextField(_("description"), max_length=LONG_TEXT)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    escalation = models.CharField(
        _("escalation"), max_length=12, choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reform_tasks = models.ManyToManyField(
        "actions.Task",
        blank=True,
        related_name="aftercare_requests",
        verbose_name=_("reform tasks"),
        help_text=_("Action-programme tasks this request prompted."),
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["category", "received_on"]),
            # The list in its default order: a province's, and the nation's.
            models.Index(
                fields=["province", "-received_on", "-id"], name="request_province_received"
            ),
            models.Index(fields=["-received_on", "-id"], name="request_received"),
        ]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    def open_assignments(self) -> models.QuerySet:
        """The assignments of the current round that still owe an answer."""
        return self.assignments.filter(withdrawn=False, answered_on__isnull=True)

    def current_assignments(self) -> models.QuerySet:
        return self.assignments.filter(withdrawn=False, round=self.round)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_requests(queryset, user, action)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Request | None") -> bool:
        return permissions.permits_request(user, action, obj)


class Assignment(BaseModel):
    """One agency's share of a request in one round: its deadline and its answer."""

    province_path = "request__province"

    request = models.ForeignKey(Request, models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="aftercare_assignments", verbose_name=_("agency")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    assigned_on = models.DateField(_("assigned on"))
    working_days = models.PositiveSmallIntegerField(_("working days allowed"))
    deadline = models.DateField(_("deadline"), db_index=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=LONG_TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("Reassigned to another agency.")
    )

    class Meta:
        ordering = ["round", "deadline", "id"]
        indexes = [models.Index(fields=["agency", "deadline"])]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.request} → {self.agency}"

    @property
    def is_open(self) -> bool:
        return not self.withdrawn and self.answered_on is None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline < today

    @property
    def on_time(self) -> bool | None:
        """Answered by the deadline (None while unanswered)."""
        return None if self.answered_on is None else self.answered_on <= self.deadline

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        if action == permissions.ANSWER and permissions.officer_agency_id(user) is not None:
            return queryset.filter(agency=permissions.officer_agency_id(user))
        return queryset.filter(request__in=_visible(user, action))

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Assignment | None") -> bool:
        if obj is None:
            return permissions.permits_on_kind(user, action)
        if action == permissions.ANSWER:
            return permissions.may_answer(user, obj) and Request.permits(user, READ, obj.request)
        return Request.permits(user, action, obj.request)


class RequestAttachment(Attachment):
    """A file sent with a request, checked for type, content and size on upload."""

    province_path = "request__province"

    request = models.ForeignKey(Request, models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=RandomUploadPath("aftercare"), max_length=300)

    download_kind = "aftercare-request"

    class Meta(Attachment.Meta):
        pass

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return queryset.filter(request__in=_visible(user, action))


class RequestEvent(BaseModel):
    """One step on a request's timeline: what happened, when, by whom."""

    province_path = "request__province"

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        ROUTED = "routed", _("Assigned")
        REASSIGNED = "reassigned", _("Reassigned")
        STARTED = "started", _("Work started")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Rated")
        ESCALATED = "escalated", _("Escalated")

    request = models.ForeignKey(Request, models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    status = models.CharField(_("status after"), max_length=12, choices=Status.choices)
    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    escalation = models.CharField(
        _("escalation"), max_length=12, choices=Escalation.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request step")
        verbose_name_plural = _("request timeline")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_kind_display()} {self.on}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return queryset.filter(request__in=_visible(user, action))


class Rating(BaseModel):
    """The enterprise's mark (1–5) for the answer of one round, with a comment."""

    province_path = "request__province"

    request = models.ForeignKey(Request, models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    score = models.PositiveSmallIntegerField(_("score"), choices=[(n, str(n)) for n in range(1, 6)])
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    rated_on = models.DateField(_("rated on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["request", "round"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round"], name="aftercare_rating_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="aftercare_rating_1_to_5"
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.score}/5"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return queryset.filter(request__in=_visible(user, action))
