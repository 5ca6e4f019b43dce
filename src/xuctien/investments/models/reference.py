"""Reference data of the pipeline: VSIC 2018 sectors, priority groups, exchange rates."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import Bilingual, Sourced
from xuctien.models import BaseModel

MANUFACTURING = "C"
#: A rate older than this is not used: no rate is better than a stale one.
RATE_MAX_AGE = timedelta(days=366)


class Sector(Bilingual, Sourced, BaseModel):
    """A VSIC 2018 section (A–U) or, in section C, a manufacturing division (10–33)."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")

    code = models.CharField(_("code"), max_length=5, unique=True, validators=text.NAME)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    section = models.CharField(_("section"), max_length=1, db_index=True)

    class Meta:
        ordering = ["section", "level", "code"]
        verbose_name = _("sector (VSIC 2018)")
        verbose_name_plural = _("sectors (VSIC 2018)")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_manufacturing(self) -> bool:
        return self.section == MANUFACTURING


class PriorityGroup(Bilingual, Sourced, BaseModel):
    """One of Resolution 01's priority industry groups (electronic components, …)."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=text.NAME)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")


class Currency(models.TextChoices):
    VND = "VND", "VND"
    USD = "USD", "USD"


class ExchangeRate(Sourced, BaseModel):
    """How many VND one unit of ``currency`` was worth from ``date`` on."""

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(_("rate to VND"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_unique"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate}"

    @classmethod
    def rate_on(cls, currency: str, day: dt.date | None) -> Decimal | None:
        """The latest rate on or before ``day`` (at most a year old); 1 for VND."""
        if currency == Currency.VND:
            return Decimal(1)
        if day is None:
            return None
        return (
            cls.objects.filter(currency=currency, date__lte=day, date__gt=day - RATE_MAX_AGE)
            .order_by("-date")
            .values_list("rate", flat=True)
            .first()
        )


class RegistryDeclaration(BaseModel):
    """Someone answerable declared the project registry complete for a place and a year.

    Without such a declaration the registry's sum for the year (capital attracted, new jobs)
    is only a lower bound: the registry knows some projects, not necessarily all. With it the
    sum is the year's value. Who, when and why are kept, and every change is in the history.
    """

    province_path = "locality__province"

    year = models.PositiveSmallIntegerField(_("year"))
    locality = models.ForeignKey(
        "core.Locality",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("locality"),
        help_text=_("Blank for the whole province."),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("declared by"),
    )
    declared_at = models.DateTimeField(_("declared at"))
    reason = models.TextField(_("reason"))
    is_withdrawn = models.BooleanField(_("declaration withdrawn"), default=False)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["year", "locality"], name="registry_declaration_unique")
        ]
        verbose_name = _("registry completeness declaration")
        verbose_name_plural = _("registry completeness declarations")

    def __str__(self) -> str:
        return f"{self.year}: {self.reason[:40]}"
