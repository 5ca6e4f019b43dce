"""The secretariat's routing table: which agency answers which kind of request, how fast."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.aftercare import permissions
from xuctien.aftercare.models.requests import Category
from xuctien.core.models import Agency, ProvinceScoped, province_field
from xuctien.core.permissions import READ, manages_programme
from xuctien.models import BaseModel


class RoutingRule(ProvinceScoped, BaseModel):
    """For one category: the agency a new request goes to, and its deadline in working days.

    Each province has its own table.
    """

    province_from = ("agency",)

    province = province_field("aftercare_rules")
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="aftercare_rules", verbose_name=_("responsible agency")
    )
    working_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["province", "category"], name="aftercare_rule_unique")
        ]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.agency}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return queryset if cls.permits(user, action, None) else queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "RoutingRule | None") -> bool:
        """Internal people read the table; the secretariat and administrators edit it."""
        if action == READ:
            return permissions.reads_all(user) or permissions.officer_agency_id(user) is not None
        return manages_programme(user)
