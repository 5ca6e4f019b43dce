"""Abuse protection and the inquiries the public sends."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import ProvinceScoped, province_field
from xuctien.core.text import LONG_TEXT
from xuctien.investments.countries import country_choices
from xuctien.models import BaseModel


class RateLimitHit(models.Model):
    """How many times one address used one form in one time window.

    Not a ``BaseModel``: these are counters, not business records, and a change history of
    every hit would itself be an abuse vector. The address is stored only as a keyed hash.
    One row per (address, form, window) works across every web worker and process.
    """

    key = models.CharField(max_length=64)
    form = models.CharField(max_length=40)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "form", "window_start"], name="ratelimit_unique")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.form} {self.window_start:%Y-%m-%d %H:%M} ×{self.count}"


class Inquiry(ProvinceScoped, BaseModel):
    """An inquiry sent through the public form, as received, and the lead it became.

    Confidential: it holds a person's name and address. Kept so the Centre can show when
    and to what the person consented.
    """

    province_from = ("project",)

    province = province_field("inquiries")
    company = models.CharField(_("company"), max_length=300)
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    contact_name = models.CharField(_("contact name"), max_length=200, validators=text.NAME)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    sector = models.ForeignKey(
        "investments.Sector",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector of interest"),
    )
    land_ha = models.DecimalField(
        _("land needed (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    message = models.TextField(_("message"), max_length=LONG_TEXT)
    language = models.CharField(_("language"), max_length=8)
    consent_at = models.DateTimeField(_("consent given"))
    project = models.ForeignKey(
        "investments.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.company} ({self.created_at:%Y-%m-%d})" if self.created_at else self.company

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: object, action: str):
        """Only the pipeline's people read inquiries; nobody edits them."""
        from xuctien.investments import access

        if action == "view" and access.sees_all(user):
            return queryset
        return queryset.none()
