"""Admin for the labour reference data: occupations, institutions, figures, assumptions."""

from django.contrib import admin

from xuctien.core.admin import ModelAdmin
from xuctien.labour import models


@admin.register(models.Occupation)
class OccupationAdmin(ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "parent")


class ProgrammeInline(admin.TabularInline):
    model = models.Programme
    fields = ("name_vi", "name_en", "occupation", "level")
    extra = 0


@admin.register(models.Institution)
class InstitutionAdmin(ModelAdmin):
    list_display = ("code", "name_vi", "kind", "province")
    list_filter = ("kind",)
    inlines = [ProgrammeInline]


@admin.register(models.ProgrammeYear)
class ProgrammeYearAdmin(ModelAdmin):
    list_display = ("programme", "year", "enrolment", "graduates")
    list_filter = ("year",)


@admin.register(models.Partnership)
class PartnershipAdmin(ModelAdmin):
    list_display = ("institution", "enterprise", "since")


@admin.register(models.JobsReport)
class JobsReportAdmin(ModelAdmin):
    list_display = ("project", "year", "quarter", "workers", "skilled_workers", "is_synthetic")
    list_filter = ("year", "is_synthetic")


@admin.register(models.Survey)
class SurveyAdmin(ModelAdmin):
    list_display = ("province", "year", "enterprises_asked", "enterprises_answered", "complete")


@admin.register(models.Policy)
class PolicyAdmin(ModelAdmin):
    list_display = ("province", "stay_rate", "stay_rate_is_assumption", "gap_threshold")
