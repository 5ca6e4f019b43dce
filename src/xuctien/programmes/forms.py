"""Forms for programme data. The Excel import validates each row with these same forms."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Locality
from xuctien.programmes.models import Indicator, Observation, Qualifier
from xuctien.programmes.periods import PeriodError, parse_period


class ObservationForm(forms.ModelForm):
    """One figure for one indicator, period and place.

    Indicators and localities are chosen by code, so a spreadsheet row and the web form
    name them the same way. ``version`` carries the version the form was read at, so a
    save from a stale form is refused instead of overwriting someone else's change.
    """

    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(formula=""), to_field_name="code",
        label=_("Indicator"),
    )
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.all(), to_field_name="code", required=False,
        label=_("Locality"), help_text=_("Blank for the whole province."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Observation
        fields = [
            "indicator", "period", "locality", "value", "value_high", "qualifier", "estimate",
            "source", "source_url", "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "source_url": forms.URLInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].required = True
        self.fields["source_url"].required = False
        # A blank cell in a spreadsheet means the usual: an exact, final figure.
        self.fields["qualifier"].required = False
        self.fields["estimate"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_period(self) -> str:
        try:
            return str(parse_period(self.cleaned_data["period"]))
        except PeriodError as error:
            raise ValidationError(str(error), code="period") from None

    def clean_qualifier(self) -> str:
        return self.cleaned_data.get("qualifier") or Qualifier.EXACT

    def clean_estimate(self) -> str:
        return self.cleaned_data.get("estimate") or Observation.Estimate.FINAL

    def clean_locality(self) -> Locality:
        locality = self.cleaned_data.get("locality") or Locality.province()
        if locality is None:
            raise ValidationError(_("No province is set up yet."), code="no_province")
        return locality

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("value"), data.get("value_high")
        if low is not None and high is not None and high < low:
            self.add_error("value_high", _("The upper value is below the value."))
        if not data.get("source") and not data.get("source_url"):
            self.add_error("source", _("Say where the figure comes from (document or URL)."))
        self._check_version(data)
        return data

    def _check_version(self, data: dict[str, Any]) -> None:
        read_at = data.get("version")
        if self.instance.pk and read_at is not None and read_at != self.instance.version:
            raise ValidationError(
                _(
                    "Someone else changed this figure while you were editing it (now %(value)s, "
                    "version %(version)s). Your change was not saved; review theirs below."
                ),
                code="stale",
                params={"value": self.instance.value, "version": self.instance.version},
            )
