"""Periodic reports in the Decree 30/2020 layout: a draft the secretariat (or an agency)
writes, then an issued document that never changes.

A report is drafted for a programme and a period ("2024", "2024-Q2", "2024-H1"): the
figures are read live while it is a draft; issuing it freezes them in ``snapshot``, gives
it its number, and writes its DOCX and PDF (``ReportFile``). After that nothing on the
record or its files can change: figures approved later do not touch it.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuctien.core.attachments import RandomUploadPath
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel
from xuctien.reports import permissions


class IssuedReportError(ValidationError):
    """An issued report (or one of its files) was about to change."""

    def __init__(self) -> None:
        super().__init__(
            _("This report was issued: it cannot be changed. Draft a new report instead."),
            code="issued",
        )


class Report(BaseModel):
    """One periodic report on a programme's implementation, or an agency's own report."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", gettext_lazy("Programme report")
        AGENCY = "agency", gettext_lazy("Agency report")

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        ISSUED = "issued", gettext_lazy("Issued")

    province = models.ForeignKey(
        "core.Province", models.PROTECT, related_name="+", verbose_name=gettext_lazy("province")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        models.PROTECT,
        related_name="reports",
        verbose_name=gettext_lazy("programme"),
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        "core.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("agency"),
    )
    period = models.CharField(gettext_lazy("period"), max_length=7)
    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    parent_body = models.CharField(
        gettext_lazy("governing body"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The line above the issuing body, as printed (the governing body)."),
    )
    issuing_body = models.CharField(gettext_lazy("issuing body"), max_length=200)
    symbol = models.CharField(
        gettext_lazy("symbol"),
        max_length=40,
        help_text=gettext_lazy("The part after the number, e.g. BC-SCT."),
    )
    place = models.CharField(gettext_lazy("place"), max_length=100)
    summary = models.CharField(gettext_lazy("subject line"), max_length=500)
    opening = models.TextField(gettext_lazy("general situation"), blank=True, max_length=LONG_TEXT)
    shortcomings = models.TextField(
        gettext_lazy("shortcomings and their causes"), blank=True, max_length=LONG_TEXT
    )
    next_steps = models.TextField(
        gettext_lazy("tasks and solutions ahead"), blank=True, max_length=LONG_TEXT
    )
    proposals = models.TextField(gettext_lazy("proposals"), blank=True, max_length=LONG_TEXT)
    signer_authority = models.TextField(
        gettext_lazy("signing authority"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy(
            "One line each, as printed above the signer's title (TM., KT., TL.)."
        ),
    )
    signer_title = models.CharField(gettext_lazy("signer's title"), max_length=200)
    signer_name = models.CharField(
        gettext_lazy("signer's name"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Needed before the report is issued."),
    )
    recipients = models.TextField(
        gettext_lazy("sent to"),
        max_length=2000,
        help_text=gettext_lazy("One per line; the last is the archive copy."),
    )
    number = models.PositiveIntegerField(gettext_lazy("document number"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(
        gettext_lazy("year of the number"), null=True, blank=True
    )
    issued_on = models.DateField(gettext_lazy("issued on"), null=True, blank=True)
    issued_at = models.DateTimeField(gettext_lazy("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("issued by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("drafted by"),
    )
    #: The figures the issued report was made from (``reports.figures.collect``).
    snapshot = models.JSONField(gettext_lazy("figures"), null=True, blank=True, editable=False)

    # The frozen figures are the report itself, not an edit: kept out of the change log.
    history_exclude: ClassVar[tuple[str, ...]] = (*BaseModel.history_exclude, "snapshot")

    class Meta:
        ordering = ["-issued_at", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "symbol", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="report_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="programme", agency__isnull=True)
                | Q(kind="agency", agency__isnull=False),
                name="report_agency_matches_kind",
            ),
        ]
        verbose_name = gettext_lazy("report")
        verbose_name_plural = gettext_lazy("reports")

    def __str__(self) -> str:
        return f"{self.number_and_symbol} {self.summary}".strip()

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def number_and_symbol(self) -> str:
        """ "05/BC-SCT" (numbers under 10 with a leading 0); a draft leaves the number blank."""
        number = f"{self.number:02d}" if self.number else "\u00a0" * 6
        return f"{number}/{self.symbol}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and type(self)._base_manager.filter(pk=self.pk, status="issued").exists():
            raise IssuedReportError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.pk and type(self)._base_manager.filter(pk=self.pk, status="issued").exists():
            raise IssuedReportError
        return super().delete(*args, **kwargs)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_reports(queryset, user, action)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Report | None") -> bool:
        return permissions.permits_report(user, action, obj)


class ReportFile(BaseModel):
    """The DOCX or PDF of an issued report, written once at issue, downloaded through
    ``core.files`` (so only those who may read the report get it)."""

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"

    report = models.ForeignKey(Report, models.PROTECT, related_name="files")
    format = models.CharField(gettext_lazy("format"), max_length=4, choices=Format.choices)
    file = models.FileField(
        gettext_lazy("file"), upload_to=RandomUploadPath("reports"), max_length=300
    )
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    original_name = models.CharField(gettext_lazy("file name"), max_length=200)

    download_kind = "reports-file"

    class Meta:
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_unique")
        ]
        verbose_name = gettext_lazy("report file")
        verbose_name_plural = gettext_lazy("report files")

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise IssuedReportError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise IssuedReportError

    def get_absolute_url(self) -> str:
        return reverse("file", args=[self.download_kind, self.pk])

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_reports(queryset, user, action, prefix="report__")
