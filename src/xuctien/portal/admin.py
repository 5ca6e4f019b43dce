"""The portal's records in the admin; translations edited inline, one row per language."""

from django.contrib import admin

from xuctien.core.admin import ModelAdmin
from xuctien.portal import models


class ArticleTranslationInline(admin.StackedInline):
    model = models.ArticleTranslation
    extra = 0


class PageTranslationInline(admin.StackedInline):
    model = models.PageTranslation
    extra = 0


class OpportunityTranslationInline(admin.StackedInline):
    model = models.OpportunityTranslation
    extra = 0


@admin.register(models.Article)
class ArticleAdmin(ModelAdmin):
    list_display = ("slug", "date", "status", "author")
    list_filter = ("status",)
    inlines = [ArticleTranslationInline]
    filter_horizontal = ("sectors", "priority_groups", "zones", "projects", "programmes")


@admin.register(models.Page)
class PageAdmin(ModelAdmin):
    list_display = ("slot", "is_published")
    inlines = [PageTranslationInline]


@admin.register(models.InvestmentOpportunity)
class OpportunityAdmin(ModelAdmin):
    list_display = ("code", "status", "zone", "is_synthetic")
    list_filter = ("status", "is_synthetic")
    inlines = [OpportunityTranslationInline]


@admin.register(models.Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ("user", "investor", "role", "accepted_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "investor", "invited_by")


@admin.register(models.Invitation)
class InvitationAdmin(ModelAdmin):
    list_display = ("email", "investor", "role", "expires_at", "accepted_at", "revoked")
    readonly_fields = ("token_hash",)
    raw_id_fields = ("investor", "invited_by")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # invitations are issued by the service, which emails the token


@admin.register(models.Inquiry)
class InquiryAdmin(ModelAdmin):
    list_display = ("company", "country", "email", "created_at", "project")
    readonly_fields = [f.name for f in models.Inquiry._meta.fields]
