from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xuctien.core.admin import SOURCED, ModelAdmin
from xuctien.national.models import CatalogueIndicator


@admin.register(CatalogueIndicator)
class CatalogueIndicatorAdmin(ModelAdmin):
    """The national catalogue (shipped in data/national/catalogue.csv)."""

    list_display = ("code", "name_vi", "unit", "behaviour", "direction", "order")
    search_fields = ("code", "name_vi", "name_en")
    fieldsets = (
        (None, {"fields": ("code", "name_vi", "name_en", "order")}),
        (_("Arithmetic"), {"fields": ("unit", "unit_en", "behaviour", "direction")}),
        SOURCED,
    )
