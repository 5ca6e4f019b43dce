"""Admin: which programme indicators the screening feeds (configuration, not code)."""

from django.contrib import admin

from xuctien.core.admin import ModelAdmin
from xuctien.screening.models import IndicatorFeed


@admin.register(IndicatorFeed)
class IndicatorFeedAdmin(ModelAdmin):
    list_display = ("indicator", "measure", "province")
