"""The base of every form (ISO date pickers, record versions), and the core pages' forms."""

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.conflicts import conflict_message
from xuctien.core.models import Agency, Zone
from xuctien.core.search import search_q

# --- The base of every form in the product ------------------------------------------------

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """The browser's date picker. ``<input type="date">`` shows and sends ISO dates only,
    so the value is written 2021-03-31 whatever the page's language; a localised
    31/03/2021 would show an empty picker and be saved back as nothing."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        attrs = {k: v for k, v in (attrs or {}).items() if k != "type"}
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (``datetime-local``), ISO like ``DateInput``."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        attrs = {k: v for k, v in (attrs or {}).items() if k != "type"}
        super().__init__(attrs, format=ISO_DATETIME)


def use_browser_pickers(fields: dict[str, forms.Field]) -> None:
    """Give every visible date and datetime field the ISO picker, and accept ISO input."""
    for field in fields.values():
        if isinstance(field.widget, forms.HiddenInput | forms.MultipleHiddenInput):
            continue
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeInput(attrs=field.widget.attrs)
            field.input_formats = [ISO_DATETIME, *field.input_formats]
        elif isinstance(field, forms.DateField):
            field.widget = DateInput(attrs=field.widget.attrs)
            field.input_formats = [ISO_DATE, *field.input_formats]


def choices_in_province(fields: dict[str, forms.Field]) -> None:
    """Record choices offer the records of the provinces the person works in.

    The person is the one the request acts for (``history.acting_as``, set by the
    middleware and by every service); agencies, zones, places, indicators… of another
    province, and people who hold no role in these provinces, are not offered. National
    roles and superusers are offered every province's.
    """
    from xuctien.core import scope
    from xuctien.history import current_actor

    actor = current_actor()
    if not scope.narrows(actor):
        return
    provinces = scope.province_ids(actor)
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        path = scope.province_path(queryset.model)
        if path:
            field.queryset = queryset.filter(**{f"{path}__in": provinces})
        elif queryset.model is get_user_model():
            field.queryset = queryset.filter(memberships__province__in=provinces).distinct()


def select_by_field_value(form: forms.BaseForm) -> None:
    """A choice of records by code (``to_field_name``) starts on the record's own code.

    ``model_to_dict`` puts a foreign key's id into the initial data; with options keyed by
    code nothing would be selected, and a save would quietly pick the blank option.
    """
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or not field.to_field_name:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField) or name not in form.initial:
            continue
        related = getattr(instance, name, None)
        if related is not None and form.initial[name] == related.pk:
            form.initial[name] = related


def keep_stored_precision(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """A date-time shown to the second (or the minute) and sent back as shown keeps the
    stored value, so a save without a change does not cut off its seconds or microseconds."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
            continue
        # Not get_initial_for_field: it drops the microseconds this is about.
        stored, sent = form.initial.get(name, field.initial), data.get(name)
        if not isinstance(stored, datetime) or not isinstance(sent, datetime):
            continue
        if sent in (stored.replace(microsecond=0), stored.replace(second=0, microsecond=0)):
            data[name] = stored


class StoredPrecisionMixin:
    """Date-times saved unchanged keep their stored precision (the admin's forms use it)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        keep_stored_precision(self, data)  # type: ignore[arg-type]
        return data


class BrowserFieldsMixin(StoredPrecisionMixin):
    """What every form of the product shares: date pickers that round-trip, and
    record choices that start on the stored record. Use ``Form`` and ``ModelForm``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_browser_pickers(self.fields)
        select_by_field_value(self)
        choices_in_province(self.fields)


class Form(BrowserFieldsMixin, forms.Form):
    """The base of every plain form."""


class ModelForm(BrowserFieldsMixin, forms.ModelForm):
    """The base of every model form."""


class VersionedForm(Form):
    """A form that edits a record carries the ``version`` it was read at.

    The version is a field like any other: missing or not a number is a form error, and a
    version other than the stored one is the form's ``stale`` error (answered with 409). After
    that error the field holds the current version, so the person's next save goes
    through: they have been shown that the record changed. Mix in before ``ModelForm``;
    a plain form names its record with ``record=``.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else getattr(self, "instance", None)
        if self.versioned and not self.is_bound:
            self.initial["version"] = self.record.version
        if not self.versioned:
            self.fields["version"].required = False

    @property
    def versioned(self) -> bool:
        return self.record is not None and self.record.pk is not None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        read_at = data.get("version")
        if self.versioned and read_at is not None and read_at != self.record.version:
            self.show_current_version(self.record.version)
            self.add_error(None, forms.ValidationError(conflict_message(self.record), code="stale"))
        return data

    def show_current_version(self, version: int) -> None:
        """After a conflict, the next save goes through: the person has seen the change."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data

    @property
    def is_stale(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="stale")

    def add_stale_error(self, current: Any, message: str = "") -> None:
        """A conflict found at save time (someone saved between our check and our write)."""
        current = type(current)._base_manager.get(pk=current.pk)
        self.show_current_version(current.version)
        message = message or conflict_message(current)
        self.add_error(None, forms.ValidationError(message, code="stale"))


def form_status(form: forms.BaseForm, invalid: int = 200) -> int:
    """The status of a page that shows a form again: 409 (Conflict) for a stale save."""
    return 409 if getattr(form, "is_stale", False) else invalid


# --- The core pages' forms ----------------------------------------------------------------


class LanguageForm(Form):
    """The language switch on every page."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class SearchFilterForm(Form):
    """A GET form narrowing a list by a text search and a kind; subclasses name the fields."""

    search_fields: tuple[str, ...] = ()
    exact_fields: tuple[str, ...] = ("kind",)

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def filter(self, queryset: QuerySet) -> QuerySet:
        """The queryset narrowed by the valid, filled-in fields (all of it when none are)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(search_q(data["q"], self.search_fields))
        exact = {name: data[name] for name in self.exact_fields if data.get(name)}
        return queryset.filter(**exact)


def _any(label: str, choices: list) -> list:
    return [("", label), *choices]


class ZoneFilterForm(SearchFilterForm):
    search_fields = ("code", "name_vi", "name_en", "developer", "locality_text")
    exact_fields = ("kind", "status")

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_any(_("All kinds"), Zone.Kind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(_("All statuses"), Zone.Status.choices)
    )


class AgencyFilterForm(SearchFilterForm):
    search_fields = ("code", "name_vi", "name_en", "head", "role")

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_any(_("All kinds"), Agency.Kind.choices)
    )
