"""Forms of the aftercare pages; each hands its cleaned data to a service."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xuctien.aftercare import enterprises
from xuctien.aftercare.models import Category, Request
from xuctien.core.forms import Form, ModelForm
from xuctien.core.models import Agency
from xuctien.core.permissions import manages_programme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def lookup_input(suggestions: str) -> forms.TextInput:
    """A text input that, with htmx, fills the datalist ``suggestions`` with the first
    enterprises matching what is typed (``aftercare:enterprise-search``)."""
    return forms.TextInput(
        attrs={
            "list": suggestions,
            "autocomplete": "off",
            "hx-get": reverse_lazy("aftercare:enterprise-search"),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{suggestions}",
            "hx-swap": "innerHTML",
        }
    )


class RequestForm(ModelForm):
    """A new request: an investor for their own companies, the secretariat for anyone."""

    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB each."),
    )

    class Meta:
        model = Request
        fields = [
            "enterprise",
            "project",
            "category",
            "title",
            "description",
            "channel",
            "received_on",
        ]

    lookups = False  # the enterprise and project are typed (the secretariat), not chosen

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xuctien.portal.membership import companies_for, projects_for

        if manages_programme(user):
            # Any of the nation's enterprises: typed, matched on the server, not listed.
            self.fields["enterprise"] = forms.CharField(
                label=_("Enterprise"),
                max_length=300,
                widget=lookup_input("enterprise-suggestions"),
                help_text=_("Type its name or its tax code."),
            )
            self.fields["project"] = forms.CharField(
                label=_("Project"),
                max_length=300,
                required=False,
                help_text=_("Its IRC number or its name; empty when no project is concerned."),
            )
            self.lookups = True
        else:
            self.fields["enterprise"].queryset = companies_for(user)
            self.fields["project"].queryset = projects_for(user)
            del self.fields["channel"]
            del self.fields["received_on"]
        self.fields["project"].required = False

    def clean_enterprise(self) -> Any:
        from xuctien.investments.models import Investor

        value = self.cleaned_data["enterprise"]
        if not self.lookups:
            return value
        return enterprises.resolve(Investor.objects.all(), value)

    def clean_project(self) -> Any:
        value = self.cleaned_data.get("project")
        if not self.lookups or not value:
            return value or None
        company = self.cleaned_data.get("enterprise")
        if company is None:
            return None  # the enterprise's own error says what to fix first
        return enterprises.resolve_project(company.projects.all(), value)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("enterprise")
        data.pop("files", None)
        if "received_on" in data and data["received_on"] is None:
            data.pop("received_on")
        return data


class AnswerForm(Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))


class RatingForm(Form):
    score = forms.TypedChoiceField(
        label=_("Your mark"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(Form):
    reason = forms.CharField(
        label=_("Why is the problem not solved?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RouteForm(Form):
    """Assign (or split) a request: one agency or several."""

    agencies = forms.ModelMultipleChoiceField(label=_("Agencies"), queryset=Agency.objects.all())
    working_days = forms.IntegerField(
        label=_("Working days"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: as the category's routing rule says."),
    )

    def __init__(self, *args: Any, province: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agencies_of(self.fields["agencies"], province)


class ReassignForm(Form):
    agency = forms.ModelChoiceField(label=_("New agency"), queryset=Agency.objects.all())

    def __init__(self, *args: Any, province: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agencies_of(self.fields["agency"], province)


def _agencies_of(field: forms.ModelChoiceField, province: int | None) -> None:
    """A request goes to the agencies of its own province, not to the nation's list."""
    if province is not None:
        field.queryset = field.queryset.filter(province=province)


class RoutingRuleForm(Form):
    """One line of the routing table: a category, its agency and its days."""

    category = forms.ChoiceField(choices=Category.choices, widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.all(), required=False
    )
    working_days = forms.IntegerField(
        label=_("Working days"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("agency") and not data.get("working_days"):
            self.add_error("working_days", _("Give the number of working days."))
        return data


RoutingRuleFormSet = forms.formset_factory(RoutingRuleForm, extra=0)


class ReformTaskForm(Form):
    """Turn a pattern into a task of the action programme."""

    category = forms.ChoiceField(choices=Category.choices, widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), widget=forms.HiddenInput)
    title_vi = forms.CharField(label=_("Task title"), required=False, max_length=500)
    working_days = forms.IntegerField(
        label=_("Working days to finish"), validators=[MinValueValidator(1)], required=False
    )
