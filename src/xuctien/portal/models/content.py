"""Editable public pages (incentives, why the province, contacts) and investment opportunities."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import Agency, ProvinceScoped, Sourced, Zone, province_field
from xuctien.core.text import ARTICLE_TEXT
from xuctien.models import BaseModel
from xuctien.portal.models.translation import Translatable, TranslationRow
from xuctien.portal.sanitiser import sanitise


class PageSlot(models.TextChoices):
    """The public pages whose words the Centre writes (the figures come from the data)."""

    WHY = "why", _("Why invest here (introduction)")
    INCENTIVES = "incentives", _("Incentives")
    CONTACTS = "contacts", _("Contacts (introduction)")


class Page(ProvinceScoped, Translatable, Sourced, BaseModel):
    """The Centre's own words for a public page; empty until an editor writes them."""

    province = province_field("portal_pages")
    slot = models.CharField(_("page"), max_length=20, choices=PageSlot.choices)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["slot"]
        constraints = [
            models.UniqueConstraint(fields=["province", "slot"], name="portal_page_unique")
        ]
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")

    def __str__(self) -> str:
        return self.get_slot_display()

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        from xuctien.portal.permissions import edits_content

        if edits_content(user):
            return queryset
        return queryset.filter(is_published=True) if action == "view" else queryset.none()


class PageTranslation(TranslationRow):
    """A page's title and (sanitised) body in one language."""

    province_path = "page__province"

    page = models.ForeignKey(Page, models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=300, validators=text.NAME)
    body = models.TextField(_("body"), blank=True, max_length=ARTICLE_TEXT)

    class Meta:
        ordering = ["page", "language"]
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="portal_page_tr_unique")
        ]
        verbose_name = _("page translation")
        verbose_name_plural = _("page translations")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitise(self.body)
        super().save(*args, **kwargs)


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Calling for investment")
    CLOSED = "closed", _("Closed")


class InvestmentOpportunity(ProvinceScoped, Translatable, Sourced, BaseModel):
    """A project the province calls investors for: where, what, how much land, who to ask."""

    Status = OpportunityStatus

    province_from = ("zone", "contact_agency")

    province = province_field("opportunities")
    code = models.SlugField(_("code"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=OpportunityStatus.choices, default="draft"
    )
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    sector = models.ForeignKey(
        "investments.Sector",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector (VSIC 2018)"),
    )
    priority_groups = models.ManyToManyField(
        "investments.PriorityGroup", blank=True, related_name="+", verbose_name=_("priority groups")
    )
    land_ha = models.DecimalField(
        _("land (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    capital_vnd = models.DecimalField(
        _("indicative capital (VND)"), max_digits=22, decimal_places=2, null=True, blank=True
    )
    contact_agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("contact")
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="portal_opportunity_unique")
        ]
        verbose_name = _("investment opportunity")
        verbose_name_plural = _("investment opportunities")

    def __str__(self) -> str:
        return self.translated("title") or self.code

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """The public sees what calls for investment or did; editors see drafts too."""
        from xuctien.portal.permissions import edits_content

        if edits_content(user):
            return queryset
        if action != "view":
            return queryset.none()
        return queryset.filter(~Q(status=OpportunityStatus.DRAFT))


class OpportunityTranslation(TranslationRow):
    """An opportunity's title, summary and (sanitised) description in one language."""

    province_path = "opportunity__province"

    opportunity = models.ForeignKey(
        InvestmentOpportunity, models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=300, validators=text.NAME)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("description"), blank=True, max_length=ARTICLE_TEXT)

    class Meta:
        ordering = ["opportunity", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "language"], name="portal_opportunity_tr_unique"
            )
        ]
        verbose_name = _("opportunity translation")
        verbose_name_plural = _("opportunity translations")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitise(self.body)
        super().save(*args, **kwargs)
