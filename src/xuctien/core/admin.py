"""The administration site for reference data and users; the history is read-only."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import StoredPrecisionMixin
from xuctien.core.models import (
    Agency,
    AgencyAlias,
    ApiToken,
    ChangeBatch,
    ChangeRecord,
    Locality,
    LoginFailure,
    Province,
    User,
    Zone,
)

admin.site.site_header = admin.site.site_title = "Xúc Tiến"


class AdminForm(StoredPrecisionMixin, forms.ModelForm):
    """The admin's change form: a record saved unchanged stays as it was."""


class ModelAdmin(admin.ModelAdmin):
    """The base of every admin page of the product."""

    form = AdminForm


class UserChangeForm(StoredPrecisionMixin, DjangoUserChangeForm):
    pass


SOURCED = (_("Source"), {"fields": ("source_url", "note")})


@admin.register(Locality)
class LocalityAdmin(ModelAdmin):
    list_display = ("name_vi", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name_vi", "name_en")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Province)
class ProvinceAdmin(ModelAdmin):
    list_display = ("name_vi", "code", "slug", "valid_from", "valid_to", "successor")
    search_fields = ("code", "slug", "name_vi", "name_en")
    autocomplete_fields = ("locality", "successor")
    list_select_related = ("successor",)


class AgencyAliasInline(admin.TabularInline):
    """The names plans write for the agency; imports add them from their questions."""

    model = AgencyAlias
    form = AdminForm
    fields = ("name", "province")
    extra = 0


@admin.register(Agency)
class AgencyAdmin(ModelAdmin):
    inlines = (AgencyAliasInline,)
    list_display = ("name_vi", "code", "kind", "locality", "valid_to", "successor")
    list_filter = ("kind",)
    search_fields = ("code", "name_vi", "name_en", "head", "abbreviation", "aliases")
    autocomplete_fields = ("locality", "successor")
    list_select_related = ("locality", "successor")
    fieldsets = (
        (None, {"fields": ("code", "name_vi", "name_en", "kind", "locality", "head")}),
        (_("Other names"), {"fields": ("abbreviation", "aliases")}),
        (_("Role in the programme"), {"fields": ("role", "role_en")}),
        (_("Validity"), {"fields": ("valid_from", "valid_to", "successor")}),
        SOURCED,
    )


@admin.register(Zone)
class ZoneAdmin(ModelAdmin):
    list_display = ("name_vi", "code", "kind", "status", "parent", "total_area_ha")
    list_filter = ("kind", "status")
    search_fields = ("code", "name_vi", "name_en", "developer")
    autocomplete_fields = ("parent", "locality")
    list_select_related = ("parent",)
    fieldsets = (
        (None, {"fields": ("code", "name_vi", "name_en", "kind", "status", "parent")}),
        (_("Place"), {"fields": ("locality", "locality_text")}),
        (
            _("Land"),
            {"fields": ("total_area_ha", "industrial_land_ha", "leased_land_ha", "occupancy_note")},
        ),
        (_("Developer"), {"fields": ("developer", "established")}),
        SOURCED,
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    list_display = ("username", "first_name", "last_name", "role", "agency", "zone", "is_active")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    list_select_related = ("agency", "zone")
    autocomplete_fields = ("agency", "zone")
    _role = (_("Role in the programme"), {"fields": ("role", "agency", "zone", "language")})
    fieldsets = (*DjangoUserAdmin.fieldsets, _role)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, _role)


class ReadOnlyAdmin(ModelAdmin):
    """Logs the application writes itself; the admin only reads them."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


class HistoryAdmin(ReadOnlyAdmin):
    """The history: read and searched, never written nor deleted by hand."""

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "address_key", "locks_user_until", "locks_ip_until")
    search_fields = ("username",)
    date_hierarchy = "at"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Administrators see who holds tokens; revoking is done by the holder or here by delete."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)


@admin.register(ChangeBatch)
class ChangeBatchAdmin(HistoryAdmin):
    """The imports, each with its rows' changes; read only, like the history."""

    list_display = ("id", "at", "label", "content_type", "created", "updated", "user")
    list_filter = ("content_type",)
    search_fields = ("label", "request_id", "user__username")
    list_select_related = ("content_type", "user")
    date_hierarchy = "at"


@admin.register(ChangeRecord)
class ChangeRecordAdmin(HistoryAdmin):
    """The history can be read and searched, never written by hand."""

    list_display = ("at", "action", "content_type", "object_repr", "user", "batch")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "object_id", "request_id", "user__username")
    list_select_related = ("content_type", "user")
    date_hierarchy = "at"
