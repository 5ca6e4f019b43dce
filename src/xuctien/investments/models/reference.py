"""Reference data of the pipeline: VSIC 2018 sectors, priority groups, exchange rates."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import bounds, text
from xuctien.core.models import Bilingual, Sourced
from xuctien.core.permissions import manages_programme
from xuctien.core.roles import Role
from xuctien.models import BaseModel

MANUFACTURING = "C"


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
    """What one unit of ``currency`` was worth in VND: on one day, or on average over a year.

    A central rate of the State Bank of Vietnam applies to its own day only; an annual
    average (the IMF's official rate series) applies to its year and is dated 1 January.
    No rate is carried over to another day: an amount whose day has no central rate and
    whose year has no average waits for a rate.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("central rate of the day")
        ANNUAL_AVERAGE = "annual_average", _("annual average")

    date = models.DateField(_("date"), help_text=_("For an annual average: 1 January of its year."))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CENTRAL)
    rate = models.DecimalField(_("rate to VND"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date", "kind"], name="exchange_rate_unique"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNUAL_AVERAGE:
            return f"{self.currency} {str(self.date)[:4]} ({self.get_kind_display()}): {self.rate}"
        return f"{self.currency} {self.date}: {self.rate}"

    def clean(self) -> None:
        super().clean()
        first_of_year = self.date is not None and (self.date.month, self.date.day) == (1, 1)
        if self.kind == self.Kind.ANNUAL_AVERAGE and not first_of_year:
            raise ValidationError({"date": _("An annual average is dated 1 January of its year.")})

    @classmethod
    def applicable(
        cls, currency: str, day: dt.date | None, precision: str = "day"
    ) -> "ExchangeRate | None":
        """The rate for an amount of ``day``: that day's central rate, else its year's average.

        A day known only to its month, half or year (``precision``) takes the annual average.
        """
        if day is None or currency == Currency.VND:
            return None
        rates = cls.objects.filter(currency=currency)
        if precision == "day":
            central = rates.filter(kind=cls.Kind.CENTRAL, date=day).first()
            if central is not None:
                return central
        return rates.filter(kind=cls.Kind.ANNUAL_AVERAGE, date__year=day.year).first()

    @classmethod
    def rate_on(cls, currency: str, day: dt.date | None, precision: str = "day") -> Decimal | None:
        """The rate :meth:`applicable` gives, as a number; 1 for VND."""
        if currency == Currency.VND:
            return Decimal(1)
        rate = cls.applicable(currency, day, precision)
        return rate.rate if rate is not None else None


class RegistryDeclaration(BaseModel):
    """Someone answerable declared the project registry complete for a place and a year.

    Without such a declaration the registry's sum for the year (capital attracted, new jobs)
    is only a lower bound: the registry knows some projects, not necessarily all. With it the
    sum is the year's value. Who, when and why are kept, and every change is in the history.
    """

    province = models.ForeignKey(
        "core.Province",
        models.PROTECT,
        null=True,
        verbose_name=_("province"),
        related_name="registry_declarations",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=bounds.between(bounds.FIRST_PLAN.year, bounds.LAST_DAY.year)
    )
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
    reason = models.TextField(_("reason"), max_length=2000, validators=[text.visible_only])
    is_withdrawn = models.BooleanField(_("declaration withdrawn"), default=False)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "locality"],
                name="registry_declaration_unique",
                nulls_distinct=False,
            )
        ]
        verbose_name = _("registry completeness declaration")
        verbose_name_plural = _("registry completeness declarations")

    def __str__(self) -> str:
        return f"{self.year}: {self.reason[:40]}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """The programme's people read who declared what; only its managers declare."""
        if action == "view":
            return queryset if cls.permits(user, "view", None) else queryset.none()
        return queryset if manages_programme(user) else queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "RegistryDeclaration | None") -> bool:
        if action == "view":
            active = getattr(user, "is_active", False) and user.is_authenticated
            return bool(active) and (user.is_superuser or user.role != Role.INVESTOR)
        return manages_programme(user)
