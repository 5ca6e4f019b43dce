"""The screening's forms: a project's facts, the decision on a screening, the criteria."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.models import Zone
from xuctien.core.text import LONG_TEXT, SOURCE_TEXT
from xuctien.screening import engine, explain
from xuctien.screening.models import CriteriaSet, ProjectFacts, Recommendation, Screening

FACT_FIELDS = [
    "high_tech",
    "high_tech_certificate",
    "green",
    "environmental_group",
    "polluting_type",
    "tech_transfer",
    "local_suppliers_pct",
    "skilled_jobs",
    "budget_vnd_per_year",
    "source_url",
]


class FactsForm(VersionedForm, ModelForm):
    class Meta:
        model = ProjectFacts
        fields = FACT_FIELDS
        widgets = {"source_url": forms.Textarea(attrs={"rows": 2})}


class DecisionForm(VersionedForm, Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Screening.Decision.choices if c[0]],
        widget=forms.RadioSelect,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation, when overridden"),
        choices=[("", "—"), *[c for c in Recommendation.choices if c[0] != engine.NO_RULE]],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
        help_text=_("Needed to override the computed recommendation."),
    )


class CriteriaForm(VersionedForm, Form):
    """Every criterion of the current version on one page, and the recommendation marks."""

    recommend_at = forms.DecimalField(
        label=_("Recommend from (% of what could be scored)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Blank: no rule, the officer decides."),
    )
    discuss_at = forms.DecimalField(
        label=_("Discuss from (% of what could be scored)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=LONG_TEXT,
        help_text=_("Needed when anything changes; kept with the new version."),
    )

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, record=criteria_set, **kwargs)
        self.criteria = list(criteria_set.criteria.all())
        if not self.is_bound:
            self.initial.update(
                recommend_at=criteria_set.recommend_at, discuss_at=criteria_set.discuss_at
            )
        for criterion in self.criteria:
            label = criterion.get_key_display()
            self.fields[f"weight_{criterion.key}"] = forms.DecimalField(
                label=_("%(criterion)s: weight (points)") % {"criterion": label},
                min_value=0,
                max_value=1000,
                max_digits=6,
                decimal_places=2,
                initial=criterion.weight,
            )
            if not criterion.is_measured:
                continue
            self.fields[f"threshold_{criterion.key}"] = forms.DecimalField(
                label=_("%(criterion)s: threshold (%(unit)s)")
                % {"criterion": label, "unit": criterion.unit_label},
                required=False,
                min_value=0,
                max_value=10**9,
                max_digits=14,
                decimal_places=2,
                initial=criterion.threshold,
                help_text=_("Blank when no norm is published: the criterion then scores nothing."),
            )
            self.fields[f"source_{criterion.key}"] = forms.CharField(
                label=_("%(criterion)s: source of the threshold") % {"criterion": label},
                required=False,
                max_length=SOURCE_TEXT,
                initial=criterion.threshold_source,
            )
        self.fields["reason"] = self.fields.pop("reason")  # last: after what it explains

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for criterion in self.criteria:
            threshold = data.get(f"threshold_{criterion.key}")
            source = (data.get(f"source_{criterion.key}") or "").strip()
            if criterion.is_measured and threshold is not None and not source:
                self.add_error(
                    f"source_{criterion.key}",
                    _("Say where the norm is published: a threshold keeps its source."),
                )
        return data

    def changes(self) -> list[Any]:
        from xuctien.screening.criteria import CriterionChange

        data = self.cleaned_data
        return [
            CriterionChange(
                key=c.key,
                weight=data[f"weight_{c.key}"],
                threshold=data.get(f"threshold_{c.key}") if c.is_measured else None,
                threshold_source=(data.get(f"source_{c.key}") or "").strip()
                if c.is_measured
                else c.threshold_source,
            )
            for c in self.criteria
        ]


class ZoneNormForm(Form):
    """A park's own norm for capital or budget contribution per hectare."""

    criterion = forms.ChoiceField(label=_("Criterion"), choices=[])
    zone = forms.ModelChoiceField(label=_("Park or zone"), queryset=Zone.objects.none())
    threshold = forms.DecimalField(
        label=_("Threshold"),
        required=False,
        min_value=0,
        max_value=10**9,
        max_digits=14,
        decimal_places=2,
        help_text=_("Blank removes the park's norm: the province's applies."),
    )
    source_url = forms.CharField(label=_("Source of the threshold"), required=False,
                                 max_length=SOURCE_TEXT)  # fmt: skip
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xuctien.screening.models import CriterionKey

        labels = dict(CriterionKey.choices)
        self.fields["criterion"].choices = [
            (key, f"{labels[key]} ({explain.unit(key)})") for key in engine.ZONE_NORMS
        ]
        self.fields["zone"].queryset = Zone.objects.order_by("name_vi")
