"""Programmes, their indicators, targets and the figures reported against them."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import bounds, text
from xuctien.core.models import (
    Agency,
    Bilingual,
    Locality,
    ProvinceScoped,
    Sourced,
    Zone,
    province_field,
)
from xuctien.core.permissions import READ, is_active, manages_programme
from xuctien.core.roles import Role
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel

VALUE = {"max_digits": 24, "decimal_places": 6}
YEARS = bounds.between(bounds.FIRST_FACT.year, bounds.LAST_DAY.year)


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    OVER = "over", _("over")
    AT_LEAST = "at_least", _("at least")
    UNDER = "under", _("under")
    AT_MOST = "at_most", _("at most")
    APPROX = "approx", _("about")
    NEARLY = "nearly", _("nearly")


_DOCUMENT_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_DOCUMENT_MONTH = re.compile(r"\((\d{1,2})/((?:19|20)\d\d)\)")


def document_date(document: str) -> tuple[dt.date | None, str]:
    """The date a document's name states, and its precision ("day", "month" or "").

    "NQ 01-NQ/TU (16/11/2020)" -> 16 November 2020, "day"; "Ban Thường vụ Tỉnh ủy (02/2025)"
    -> 1 February 2025, "month"; a name without a date -> (None, "").
    """
    match = _DOCUMENT_DAY.search(document or "")
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day), "day"
        match = _DOCUMENT_MONTH.search(document or "")
        if match:
            return dt.date(int(match[2]), int(match[1]), 1), "month"
    except ValueError:
        return None, ""
    return None, ""


class Programme(ProvinceScoped, Bilingual, Sourced, BaseModel):
    """A resolution or plan with targets: Resolution 01-NQ/TU, a five-year SEDP…"""

    province = province_field("programmes")
    code = models.CharField(_("code"), max_length=40, validators=text.NAME)
    number = models.CharField(_("number"), max_length=60)
    issuing_body = models.CharField(_("issuing body"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["issued_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="programme_code_unique")
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class Breakthrough(Bilingual, BaseModel):
    """One of a programme's breakthroughs (đột phá), which group its indicators."""

    province_path = "programme__province"

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="breakthroughs")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="breakthrough_unique")
        ]
        verbose_name = _("breakthrough")
        verbose_name_plural = _("breakthroughs")


class SolutionGroup(Bilingual, BaseModel):
    """One of a programme's groups of solutions (nhóm giải pháp) its tasks are filed under.

    Programme data (sheet ``solution_groups`` of the workbook), never a list in code.
    ``takes_reform_tasks`` marks the group that tasks made from recurring aftercare
    requests (administrative reform) go to.
    """

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="solution_groups", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=40, validators=text.NAME)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    takes_reform_tasks = models.BooleanField(
        _("takes the tasks made from aftercare requests"), default=False
    )

    class Meta:
        ordering = ["programme", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="solution_group_unique")
        ]
        verbose_name = _("solution group")
        verbose_name_plural = _("solution groups")


class Indicator(ProvinceScoped, Bilingual, Sourced, BaseModel):
    """Something measured against targets, with the arithmetic its behaviour implies."""

    class Feed(models.TextChoices):
        """Which register computes the indicator's yearly figures (declared in the workbook)."""

        NONE = "", _("entered figures")
        CAPITAL = "capital", _("capital attracted, from the project registry")
        JOBS = "jobs", _("new jobs, from the project registry")
        ZONE_OCCUPANCY = "zone_occupancy", _("park occupancy, from the zones' site reports")
        ZONE_AVAILABLE_LAND = (
            "zone_available_land",
            _("available land, from the zones' site reports"),
        )

    class Behaviour(models.TextChoices):
        LEVEL = "level", _("Level")
        RATE = "rate", _("Average rate")
        CUMULATIVE = "cumulative", _("Cumulative")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    #: Always the programme's province (kept here so codes are unique per province).
    province = province_field("indicators", editable=False)
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="indicators")
    breakthrough = models.ForeignKey(
        Breakthrough,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("breakthrough"),
    )
    code = models.CharField(_("code"), max_length=60, validators=text.NAME)
    unit = models.CharField(_("unit (Vietnamese)"), max_length=100, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=100, blank=True)
    behaviour = models.CharField(_("behaviour"), max_length=12, choices=Behaviour.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.10"),
        help_text=_("Shortfall, as a share of the expected value, still counted as at risk."),
    )
    responsible_agency = models.ForeignKey(
        Agency, models.SET_NULL, null=True, blank=True, verbose_name=_("responsible agency")
    )
    formula = models.CharField(
        _("formula"),
        max_length=500,
        blank=True,
        help_text=_("Blank for an entered indicator; e.g. MFG_VA / GRDP * 100 for a derived one."),
    )
    description = models.TextField(_("description (Vietnamese)"), blank=True, max_length=LONG_TEXT)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=LONG_TEXT)
    order = models.PositiveIntegerField(_("order"), default=0)
    registry_feed = models.CharField(
        _("computed from"), max_length=24, choices=Feed.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["programme", "breakthrough__number", "order", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="indicator_code_unique")
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_id = self.programme.province_id
        super().save(*args, **kwargs)

    @property
    def is_derived(self) -> bool:
        return bool(self.formula.strip())

    @property
    def is_quantified(self) -> bool:
        return any(t.value is not None for t in self.current_targets())

    def current_targets(self) -> list["Target"]:
        """The approved, unrevised targets for the whole province, by end year."""
        targets = [t for t in self.targets.all() if t.is_current and t.locality_id is None]
        return sorted(targets, key=lambda t: (t.year, t.start_year))

    def current_baseline(self) -> "Baseline | None":
        return next((b for b in self.baselines.all() if b.is_current), None)

    def check_values(self, record: models.Model, fields: tuple[str, ...]) -> None:
        """Refuse values outside what this indicator's unit allows (a share is 0–100)."""
        low, high = bounds.indicator_range(self.unit)
        errors = {
            name: ValidationError(
                _("Enter a value from %(low)s to %(high)s (%(unit)s)."),
                params={"low": f"{low:,}", "high": f"{high:,}", "unit": self.unit or "—"},
                code="indicator_range",
            )
            for name in fields
            if getattr(record, name) is not None and not low <= getattr(record, name) <= high
        }
        if errors:
            raise ValidationError(errors)


class Revisable(models.Model):
    """Governance shared by baselines and targets: approved figures are frozen.

    A change after approval is a revision: a new record that names the one it revises,
    with its reason, document and approver; the earlier version stays visible.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revises = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="revised_by",
        verbose_name=_("revises"),
    )
    revision_reason = models.TextField(_("reason for revision"), blank=True, max_length=LONG_TEXT)

    frozen_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_current(self) -> bool:
        """Approved and not replaced by a later revision."""
        return self.is_approved and not self._revised_by_exists()

    def _revised_by_exists(self) -> bool:
        try:
            self.revised_by  # noqa: B018  (reverse one-to-one raises when absent)
        except type(self).DoesNotExist:
            return False
        return True

    def clean(self) -> None:
        super().clean()
        if self.revises_id and not self.revision_reason.strip():
            raise ValidationError({"revision_reason": _("A revision must say why.")})
        if self.indicator_id:
            names = tuple(n for n in ("value", "value_high") if hasattr(self, n))
            self.indicator.check_values(self, names)

    def check_not_frozen(self) -> None:
        """Refuse to change the figures of an approved record in place."""
        before = getattr(self, "_history_before", None)
        if self._state.adding or before is None or before.get("status") != "approved":
            return
        changed = [f for f in self.frozen_fields if str(before.get(f)) != str(self._plain_value(f))]
        if changed:
            raise ValidationError(
                _("An approved figure is frozen; record a revision instead (%(fields)s).")
                % {"fields": ", ".join(changed)}
            )

    def _plain_value(self, field: str) -> Any:
        from xuctien.history import plain_value

        return plain_value(getattr(self, self._meta.get_field(field).attname))


class Baseline(Revisable, Sourced, BaseModel):
    """The indicator's value in the year before its first target window."""

    province_path = "indicator__province"

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="baselines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = models.DecimalField(_("value"), **VALUE)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    source = models.CharField(_("source document"), max_length=300, blank=True)

    frozen_fields = ("year", "value", "qualifier")

    class Meta:
        # By the indicator's id, not by the indicator: "indicator" orders by the indicator's
        # own ordering, which joined the indicator, its programme and its breakthrough to
        # every read of an indicator's baselines or targets (one indicator's, in year order).
        ordering = ["indicator_id", "year"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_not_frozen()
        super().save(*args, **kwargs)


class Target(Revisable, Sourced, BaseModel):
    """A value to reach by ``year`` over the window ``start_year``..``year``."""

    province_path = "indicator__province"

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets")
    start_year = models.PositiveSmallIntegerField(_("window start"), validators=YEARS)
    year = models.PositiveSmallIntegerField(_("target year"), validators=YEARS)
    value = models.DecimalField(_("value"), **VALUE)
    value_high = models.DecimalField(_("upper value"), null=True, blank=True, **VALUE)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    document = models.CharField(_("document"), max_length=300)
    locality = models.ForeignKey(
        Locality,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("locality"),
        help_text=_("Blank for the whole province."),
    )
    zone = models.ForeignKey(Zone, models.PROTECT, null=True, blank=True, verbose_name=_("zone"))

    frozen_fields = ("start_year", "year", "value", "value_high", "qualifier")

    class Meta:
        ordering = ["indicator_id", "year", "start_year"]  # as ``Baseline``'s
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("year")), name="target_window_order"
            )
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.start_year}–{self.year}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_not_frozen()
        super().save(*args, **kwargs)

    @property
    def document_date(self) -> dt.date | None:
        """The date of the document the target comes from, as its name states it."""
        return document_date(self.document)[0]


class Observation(Sourced, BaseModel):
    """A figure reported for an indicator, period and place, with its source and approval.

    Only approved, accepted figures count. Where two sources disagree, one figure is
    accepted and its rival kept (``accepted=False``) with its own source.
    """

    province_path = "indicator__province"

    class Estimate(models.TextChoices):
        FINAL = "final", _("Final")
        PROVISIONAL = "provisional", _("Provisional")
        ESTIMATE = "estimate", _("Estimate")
        FORECAST = "forecast", _("Forecast")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="observations")
    period = models.CharField(
        _("period"), max_length=20, help_text=_("e.g. 2024, 2024-Q3, 2024-9M")
    )
    period_kind = models.CharField(_("period kind"), max_length=10, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    locality = models.ForeignKey(Locality, models.PROTECT, verbose_name=_("locality"))
    zone = models.ForeignKey(Zone, models.PROTECT, null=True, blank=True, verbose_name=_("zone"))
    value = models.DecimalField(_("value"), null=True, blank=True, **VALUE)
    value_high = models.DecimalField(_("upper value"), null=True, blank=True, **VALUE)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    estimate = models.CharField(
        _("kind of figure"), max_length=12, choices=Estimate.choices, default=Estimate.FINAL
    )
    accepted = models.BooleanField(_("accepted"), default=True)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    reported_as = models.CharField(_("as published"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "year", "period", "id"]
        indexes = [
            models.Index(fields=["indicator", "status", "year"]),
            # The figure of an indicator for a period and place: imports match on it.
            models.Index(
                fields=["indicator", "period", "locality"], name="observation_period_place"
            ),
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_period_fields()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        from xuctien.programmes.periods import PeriodError, parse_period

        try:
            year = parse_period(self.period).year
        except PeriodError:
            year = None  # the form says what is wrong with the period
        if year is not None and not bounds.FIRST_FACT.year <= year <= bounds.LAST_DAY.year:
            message = _("Enter a period from %(low)s to %(high)s.")
            params = {"low": bounds.FIRST_FACT.year, "high": bounds.LAST_DAY.year}
            raise ValidationError({"period": ValidationError(message, params=params)})
        if self.indicator_id:
            self.indicator.check_values(self, ("value", "value_high"))

    def set_period_fields(self) -> None:
        from xuctien.programmes.periods import parse_period

        parsed = parse_period(self.period)
        self.period = str(parsed)
        self.period_kind = parsed.kind
        self.year = parsed.year
        self.start_year = parsed.start_year

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Approved figures are public; drafts are seen by their agency and the managers."""
        if manages_programme(user):
            return queryset
        if action == READ:
            public = models.Q(status=cls.Status.APPROVED)
            if is_active(user) and user.role == Role.LEADERSHIP:
                return queryset
            if is_active(user) and user.role == Role.AGENCY and user.agency_id:
                own = models.Q(indicator__responsible_agency=user.agency_id)
                return queryset.filter(public | own)
            return queryset.filter(public)
        if is_active(user) and user.role == Role.AGENCY and user.agency_id and action != "approve":
            return queryset.filter(indicator__responsible_agency=user.agency_id).exclude(
                status=cls.Status.APPROVED
            )
        return queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Observation | None") -> bool:
        if obj is None:
            if action == READ:
                return True
            if manages_programme(user):
                return True
            return is_active(user) and user.role == Role.AGENCY and action == "add"
        return cls.restrict_queryset(cls.objects.filter(pk=obj.pk), user, action).exists()


class PeriodLock(BaseModel):
    """A programme year whose figures were approved; no figure of it changes until reopened."""

    province_path = "programme__province"

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="locks")
    year = models.PositiveSmallIntegerField(_("year"))
    is_locked = models.BooleanField(_("locked"), default=True)
    reason = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True, max_length=LONG_TEXT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="period_lock_unique")
        ]
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")

    def __str__(self) -> str:
        return f"{self.programme.code} {self.year}"
