"""Admin for the pipeline's reference data (exchange rates, sectors, targets per developer)."""

from django.contrib import admin

from xuctien.core.admin import ModelAdmin
from xuctien.investments import models


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(ModelAdmin):
    list_display = ("currency", "date", "rate", "source_url")
    list_filter = ("currency",)


@admin.register(models.Sector)
class SectorAdmin(ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "level", "section")
    list_filter = ("level", "section")


@admin.register(models.PriorityGroup)
class PriorityGroupAdmin(ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "order")


@admin.register(models.AttractionTarget)
class AttractionTargetAdmin(ModelAdmin):
    list_display = ("zone", "year", "quarter", "capital_vnd", "projects", "land_ha")
    list_filter = ("year", "zone")


@admin.register(models.PromotionEvent)
class PromotionEventAdmin(ModelAdmin):
    list_display = ("name", "kind", "start_date", "place", "is_synthetic")
    filter_horizontal = ("investors_met", "participants")


@admin.register(models.Contact)
class ContactAdmin(ModelAdmin):
    list_display = ("name", "investor", "title", "email")


@admin.register(models.Commitment)
class CommitmentAdmin(ModelAdmin):
    list_display = ("project", "kind", "due_date", "met_on")
    list_filter = ("kind",)


@admin.register(models.LeadRoute)
class LeadRouteAdmin(admin.ModelAdmin):
    list_display = ("section", "country", "owner", "next_step_days")
    list_filter = ("section",)
