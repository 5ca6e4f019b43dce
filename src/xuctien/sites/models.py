"""A zone's land, rent, infrastructure and location as dated, sourced reports.

A ``SiteReport`` is one set of figures about one zone, all read on one date from one
source: a published article, a planning decision, the developer's own statement. Every
figure of the report keeps that date and source. The figure shown for a zone is the one of
its most recent published report that states it (``sites.facts``); a figure no published
report states is unknown, and pages and the API say so.

Developers write reports for their own park; the economic zone authority publishes them
(decision record 0020). Drafts, submitted and rejected reports are seen only by the
developer of the zone and the staff.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import bounds, text
from xuctien.core.models import Sourced, Zone
from xuctien.core.text import LONG_TEXT
from xuctien.models import BaseModel


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Returned")


def _ha(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 1_000_000),
    )


def _km(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=bounds.between(0, 5000),
    )


def _m3(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=bounds.between(0, 100_000_000),
    )


class SiteReport(Sourced, BaseModel):
    """Figures about one zone, read on one date from one source."""

    province = models.ForeignKey(
        "core.Province", models.PROTECT, related_name="site_reports", verbose_name=_("province")
    )
    zone = models.ForeignKey(
        Zone, models.CASCADE, related_name="site_reports", verbose_name=_("zone")
    )
    as_of = models.DateField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("The date the figures describe. Leave empty when the source gives none."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Land
    total_ha = _ha(_("total area (ha)"))
    industrial_ha = _ha(_("industrial land (ha)"))
    leasable_ha = _ha(_("leasable land (ha)"))
    leased_ha = _ha(_("leased land (ha)"))
    available_ha = _ha(_("available land (ha)"))
    occupancy_pct = models.DecimalField(
        _("occupancy (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 100),
    )
    available_from = models.DateField(
        _("land available from"),
        null=True,
        blank=True,
        help_text=_("When land can be handed over, if not now."),
    )
    # Rent (USD per m² for the whole lease term)
    rent_min_usd_m2 = models.DecimalField(
        _("land rent from (USD/m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 10_000),
    )
    rent_max_usd_m2 = models.DecimalField(
        _("land rent to (USD/m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 10_000),
    )
    rent_term = models.CharField(
        _("lease term"), max_length=200, blank=True, help_text=_("For example: until 2064.")
    )
    # Infrastructure
    power_supply = models.CharField(_("power supply"), max_length=300, blank=True)
    power_kv = models.PositiveIntegerField(
        _("grid voltage (kV)"), null=True, blank=True, validators=bounds.between(0, 1000)
    )
    water_m3_day = _m3(_("water supply (m³/day)"))
    wastewater_m3_day = _m3(_("wastewater treatment (m³/day)"))
    workforce = models.PositiveIntegerField(
        _("workforce available"),
        null=True,
        blank=True,
        validators=bounds.between(0, 10_000_000),
        help_text=_("Workers the source says can be recruited for the park."),
    )
    seaport_km = _km(_("to the nearest seaport (km)"))
    airport_km = _km(_("to the nearest airport (km)"))
    border_gate_km = _km(_("to the nearest border gate (km)"))
    expressway_km = _km(_("to the nearest expressway (km)"))
    # Who and where
    status = models.CharField(_("status"), max_length=20, choices=Zone.Status.choices, blank=True)
    developer = models.CharField(_("developer"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=bounds.between(-90, 90),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=bounds.between(-180, 180),
    )
    location_approximate = models.BooleanField(
        _("location approximate"),
        default=False,
        help_text=_("The point is the commune's centre, not the park's own."),
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry, where one is published."),
    )
    sectors = models.ManyToManyField(
        "investments.Sector",
        blank=True,
        related_name="site_reports",
        verbose_name=_("sectors allowed or preferred (VSIC 2018)"),
    )
    # Review
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT)

    class Meta:
        ordering = ["zone", "-as_of", "-id"]
        verbose_name = _("site report")
        verbose_name_plural = _("site reports")

    def __str__(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "—"
        return f"{self.zone} ({when})"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        from xuctien.sites import permissions

        return permissions.restrict_reports(queryset, user, action)

    @classmethod
    def permits(cls, user: Any, action: str, obj: Any = None) -> bool:
        from xuctien.sites import permissions

        return permissions.permits(user, action, obj)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        low, high = self.rent_min_usd_m2, self.rent_max_usd_m2
        if low is not None and high is not None and low > high:
            errors["rent_max_usd_m2"] = _("The upper rent is below the lower one.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.boundary is not None:
            from xuctien.sites.geo import boundary_error

            problem = boundary_error(self.boundary)
            if problem:
                errors["boundary"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """A draft or returned report its developer may still change."""
        return self.state in (State.DRAFT, State.REJECTED)


class Plot(BaseModel):
    """A plot a developer lists in a report: its code, area, state and asking price."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        LEASED = "leased", _("Leased")

    report = models.ForeignKey(
        SiteReport, models.CASCADE, related_name="plots", verbose_name=_("report")
    )
    code = models.CharField(_("plot"), max_length=40, validators=text.NAME)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=10, decimal_places=2, validators=bounds.between(0, 100_000)
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    price_usd_m2 = models.DecimalField(
        _("price (USD/m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 10_000),
    )

    class Meta:
        ordering = ["report", "code"]
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="plot_unique")]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")

    def __str__(self) -> str:
        return self.code

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        from xuctien.sites import permissions

        reports = permissions.restrict_reports(SiteReport.objects.all(), user, action)
        return queryset.filter(report__in=reports)


class SiteNeeds(BaseModel):
    """What an investor said they need when asking about a site, kept with the lead."""

    province = models.ForeignKey(
        "core.Province",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    project = models.ForeignKey(
        "investments.Project",
        models.CASCADE,
        related_name="site_needs",
        verbose_name=_("project"),
    )
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site chosen")
    )
    needs = models.JSONField(_("needs"), default=dict)
    summary = models.TextField(_("needs in words"), blank=True, max_length=LONG_TEXT)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("site needs")
        verbose_name_plural = _("site needs")

    def __str__(self) -> str:
        return str(self.project)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        from xuctien.investments.models import Project

        return queryset.filter(project__in=Project.objects.restrict(user, action))
