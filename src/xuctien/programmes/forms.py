"""Forms for programme data. The Excel import validates each row with these same forms."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.models import Locality
from xuctien.programmes.models import Indicator, Observation, Programme, Qualifier
from xuctien.programmes.periods import PeriodError, parse_period


class ObservationForm(VersionedForm, ModelForm):
    """One figure for one indicator, period and place.

    Indicators and localities are chosen by code, so a spreadsheet row and the web form
    name them the same way. ``version`` carries the version the form was read at, so a
    save from a stale form is refused instead of overwriting someone else's change.
    """

    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(formula=""),
        to_field_name="code",
        label=_("Indicator"),
    )
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Locality"),
        help_text=_("Blank for the whole province."),
    )

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "period",
            "locality",
            "value",
            "value_high",
            "qualifier",
            "estimate",
            "source",
            "source_url",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "source_url": forms.URLInput}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            from xuctien.programmes.services import indicators_for

            self.fields["indicator"].queryset = indicators_for(user)
        self.fields["value"].required = True
        self.fields["source_url"].required = False
        # A blank cell in a spreadsheet means the usual: an exact, final figure.
        self.fields["qualifier"].required = False
        self.fields["estimate"].required = False
        if self.instance.pk:
            for name in ("value", "value_high"):  # 12.3, not the stored 12.300000
                if self.initial.get(name) is not None:
                    self.initial[name] = format(self.initial[name].normalize(), "f")

    def clean_period(self) -> str:
        text = self.cleaned_data["period"]
        try:
            return str(parse_period(text))
        except PeriodError:
            # The parser's own message is English; say it again in the user's language.
            raise ValidationError(
                _(
                    "“%(value)s” is not a period. Write a year (2024), a quarter (2024-Q3), "
                    "a half-year (2024-H1), a month (2024-M06), months to date (2024-9M) "
                    "or years (2021/2025)."
                ),
                code="period",
                params={"value": text},
            ) from None

    def clean_qualifier(self) -> str:
        return self.cleaned_data.get("qualifier") or Qualifier.EXACT

    def clean_estimate(self) -> str:
        return self.cleaned_data.get("estimate") or Observation.Estimate.FINAL

    def clean_locality(self) -> Locality | None:
        """Blank means the whole province: the province of the figure's indicator."""
        locality = self.cleaned_data.get("locality")
        indicator = self.cleaned_data.get("indicator")
        if indicator is None:
            return locality
        if locality is None:
            locality = indicator.province.locality
            if locality is None:
                raise ValidationError(_("No province is set up yet."), code="no_province")
        elif locality.province_id != indicator.province_id:
            raise ValidationError(
                _("This place is not in the indicator's province."), code="other_province"
            )
        return locality

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("value"), data.get("value_high")
        if low is not None and high is not None and high < low:
            self.add_error("value_high", _("The upper value is below the value."))
        if not data.get("source") and not data.get("source_url"):
            self.add_error("source", _("Say where the figure comes from (document or URL)."))
        return data


class UploadForm(Form):
    """An Excel workbook to import."""

    MAX_BYTES = 10 * 1024 * 1024

    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an Excel workbook (.xlsx)."), code="extension")
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."), code="size")
        return upload


class RejectForm(Form):
    """Send a submitted figure back, saying why."""

    observation = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=1000)


class LockForm(Form):
    """Lock a programme year whose figures are approved."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), to_field_name="code", label=_("Programme")
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(Form):
    """Reopen a locked programme year, saying why."""

    lock = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for reopening"), max_length=1000)


class TargetRevisionForm(Form):
    """A new version of an approved target: value, the document that set it, and why."""

    value = forms.DecimalField(label=_("New value"), max_digits=24, decimal_places=6)
    value_high = forms.DecimalField(
        label=_("Upper value"), max_digits=24, decimal_places=6, required=False
    )
    qualifier = forms.ChoiceField(label=_("Qualifier"), choices=Qualifier.choices)
    document = forms.CharField(label=_("Document"), max_length=300)
    reason = forms.CharField(
        label=_("Reason for the revision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("value"), data.get("value_high")
        if low is not None and high is not None and high < low:
            self.add_error("value_high", _("The upper value is below the value."))
        return data
