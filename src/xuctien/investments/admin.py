"""Admin for the pipeline's reference data (exchange rates, sectors, targets per developer)."""

from django.contrib import admin
from django.utils import timezone

from xuctien.core.admin import ModelAdmin
from xuctien.core.permissions import manages_programme
from xuctien.investments import models


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(ModelAdmin):
    list_display = ("currency", "date", "kind", "rate", "source_url")
    list_filter = ("currency", "kind")


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
class LeadRouteAdmin(ModelAdmin):
    list_display = ("section", "country", "owner", "next_step_days")
    list_filter = ("section",)


@admin.register(models.RegistryDeclaration)
class RegistryDeclarationAdmin(ModelAdmin):
    """Who declared the project registry complete for a year, when and why.

    The declarer and the time are set from the request when declared, never typed; the history keeps
    every change (declared, withdrawn).
    """

    list_display = (
        "year",
        "province",
        "locality",
        "declared_by",
        "declared_at",
        "is_withdrawn",
        "reason",
    )
    list_filter = ("is_withdrawn", "province")
    readonly_fields = ("declared_by", "declared_at")
    fields = (
        "province",
        "year",
        "locality",
        "reason",
        "is_withdrawn",
        "declared_by",
        "declared_at",
    )

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return manages_programme(request.user)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return manages_programme(request.user)

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        if not change:  # a later edit (a withdrawal) is kept in the history, not re-stamped
            obj.declared_by = request.user
            obj.declared_at = timezone.now()
        super().save_model(request, obj, form, change)
