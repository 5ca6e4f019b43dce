"""The national indicator catalogue and how each province's indicators map to it.

The catalogue is national: it belongs to no province (like investors, it is shared). A
province maps its own indicators to it in its workbook (column ``national`` of sheet
``indicators``); a mapping reaches its province through the indicator's programme.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import Bilingual, Sourced
from xuctien.models import BaseModel


class CatalogueIndicator(Bilingual, Sourced, BaseModel):
    """An indicator the ministry follows in every province, in one unit."""

    class Behaviour(models.TextChoices):
        LEVEL = "level", _("Level")
        RATE = "rate", _("Average rate")
        CUMULATIVE = "cumulative", _("Cumulative")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.CharField(_("code"), max_length=60, unique=True, validators=text.NAME)
    unit = models.CharField(_("unit (Vietnamese)"), max_length=100)
    unit_en = models.CharField(_("unit (English)"), max_length=100, blank=True)
    behaviour = models.CharField(_("behaviour"), max_length=12, choices=Behaviour.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("national indicator")
        verbose_name_plural = _("national indicators")


class CatalogueMapping(BaseModel):
    """One province indicator counted as a national one."""

    indicator = models.OneToOneField(
        "programmes.Indicator",
        models.CASCADE,
        related_name="national_mapping",
        verbose_name=_("province indicator"),
    )
    catalogue = models.ForeignKey(
        CatalogueIndicator,
        models.PROTECT,
        related_name="mappings",
        verbose_name=_("national indicator"),
    )

    class Meta:
        ordering = ["catalogue", "indicator__code"]
        verbose_name = _("national mapping")
        verbose_name_plural = _("national mappings")

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.catalogue.code}"
