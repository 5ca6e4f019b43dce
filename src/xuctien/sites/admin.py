from django.contrib import admin

from xuctien.sites.models import Plot, SiteNeeds, SiteReport


class PlotInline(admin.TabularInline):
    model = Plot
    extra = 0


@admin.register(SiteReport)
class SiteReportAdmin(admin.ModelAdmin):
    list_display = ("zone", "as_of", "state", "updated_at")
    list_filter = ("state",)
    search_fields = ("zone__name_vi", "zone__code", "source_url")
    autocomplete_fields = ("zone",)
    filter_horizontal = ("sectors",)
    readonly_fields = ("submitted_by", "reviewed_by", "reviewed_at")
    inlines = [PlotInline]


@admin.register(SiteNeeds)
class SiteNeedsAdmin(admin.ModelAdmin):
    list_display = ("project", "zone", "created_at")
    readonly_fields = ("project", "zone", "needs", "summary", "province")
