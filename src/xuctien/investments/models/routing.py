"""Who takes a new lead: routing rules by sector and country of origin."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import ProvinceScoped, province_field
from xuctien.investments import access
from xuctien.investments.countries import country_choices
from xuctien.models import BaseModel


class LeadRoute(ProvinceScoped, BaseModel):
    """A new lead in ``section`` (a VSIC section, blank for any) from ``country`` (blank for
    any) goes to ``owner``. The most specific rule wins (both, then the sector, then the
    country, then a rule for any lead); see ``routing.owner_for``.
    """

    province = province_field("lead_routes")
    section = models.CharField(
        _("VSIC section"), max_length=1, blank=True, help_text=_("Blank: any sector.")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=country_choices,
        blank=True,
        help_text=_("Blank: any country."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="lead_routes",
        verbose_name=_("owner"),
    )
    next_step_days = models.PositiveSmallIntegerField(
        _("working days for the first reply"), default=2
    )

    class Meta:
        ordering = ["section", "country", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "section", "country"], name="lead_route_unique"
            )
        ]
        verbose_name = _("lead routing rule")
        verbose_name_plural = _("lead routing rules")

    def __str__(self) -> str:
        return f"{self.section or '*'} / {self.country or '*'} → {self.owner}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """The pipeline's people read the rules; the managers set them."""
        if action == "view":
            return queryset if access.sees_all(user) else queryset.none()
        return queryset if access.writes_all(user) else queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "LeadRoute | None") -> bool:
        return access.sees_all(user) if action == "view" else access.writes_all(user)
