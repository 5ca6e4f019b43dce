"""The reports' forms: start a draft, edit it, issue it, and export the history."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import DateInput, Form, ModelForm, VersionedForm
from xuctien.core.models import Agency
from xuctien.programmes.models import Programme
from xuctien.reports import permissions
from xuctien.reports.models import Report
from xuctien.reports.periods import PeriodError, parse


def period_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A year (2024), a quarter (2024-Q2) or six months (2024-H1)."),
        **kwargs,
    )


def clean_period(value: str) -> str:
    try:
        return parse(value).key
    except PeriodError as error:
        raise ValidationError(str(error)) from error


class NewReportForm(Form):
    """Which programme, period and (for an agency's own report) agency."""

    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Programme"))
    period = period_field()
    agency = forms.ModelChoiceField(
        Agency.objects.all(),
        label=_("Agency"),
        required=False,
        help_text=_("Empty: the programme's report. An agency: that agency's own report."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        officer = permissions._officer_agency(user)
        if officer is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk=officer)
            self.fields["agency"].required = True
            self.fields["agency"].initial = officer

    def clean_period(self) -> str:
        return clean_period(self.cleaned_data["period"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        agency = data.get("agency")
        kind = "agency" if agency else "programme"
        if not permissions.may_draft(self.user, kind, agency.pk if agency else None):
            raise ValidationError(_("You may not draft this report."))
        return data


class DraftForm(VersionedForm, ModelForm):
    """What the secretariat (or the agency) writes and edits before issuing."""

    class Meta:
        model = Report
        fields = [
            "parent_body",
            "issuing_body",
            "symbol",
            "place",
            "summary",
            "opening",
            "shortcomings",
            "next_steps",
            "proposals",
            "signer_authority",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("opening", "shortcomings", "next_steps", "proposals")
        } | {
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "signer_authority": forms.Textarea(attrs={"rows": 2}),
        }


class IssueForm(Form):
    number = forms.IntegerField(
        label=_("Document number"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Empty: the next free number of the year."),
    )
    issued_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)


class HistoryForm(Form):
    """Everything changed in a period, or one record's history."""

    period = period_field(required=False)
    kind = forms.CharField(required=False, widget=forms.HiddenInput)
    record = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def clean_period(self) -> str:
        value = self.cleaned_data["period"]
        return clean_period(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("period") and not (data.get("kind") and data.get("record")):
            raise ValidationError(_("Choose a period."))
        return data
