"""The working-day calendar as data: public holidays, days off in lieu and make-up days."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Bilingual
from xuctien.models import BaseModel


class Holiday(Bilingual, BaseModel):
    """One day that breaks the Monday-to-Friday week for public offices.

    The secretariat keeps this list as announced each year: a public holiday, a day off
    given in lieu (compensatory, or swapped with a Saturday), or a Saturday worked in
    exchange for a swapped day. ``is_derived`` marks days computed from the Labour Code
    and the lunar calendar rather than copied from an announcement.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        DAY_OFF = "day_off", _("Compensatory day off")
        MAKE_UP = "make_up", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_derived = models.BooleanField(
        _("derived"),
        default=False,
        help_text=_("Computed from the Labour Code and the lunar calendar, not announced."),
    )
    source = models.TextField(_("source"), blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holiday calendar")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class CalendarYear(BaseModel):
    """A year whose holidays, days off in lieu and make-up days have been loaded and checked.

    Working-day deadlines are counted only inside covered years: in any other year every
    weekday would silently count as a working day. The secretariat marks a year covered
    once its announcements are in the holiday table (and may withdraw it).
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Which announcements the year's days were checked against."),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("covered calendar year")
        verbose_name_plural = _("covered calendar years")

    def __str__(self) -> str:
        return str(self.year)
