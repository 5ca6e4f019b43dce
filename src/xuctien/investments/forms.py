"""Forms of the pipeline pages. ``ProjectForm`` also validates every row of an Excel import."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.spreadsheets import ACCEPT
from xuctien.investments.models import (
    CapitalEvent,
    Currency,
    Interaction,
    LeadRoute,
    Project,
    RegistryDeclaration,
    Sector,
    Stage,
)
from xuctien.investments.routing import routing_candidates
from xuctien.investments.stages import EXITS, PIPELINE


class ProjectForm(ModelForm):
    """A project's facts, on the edit page and for each imported row alike."""

    class Meta:
        model = Project
        fields = [
            "name",
            "investors",
            "sector",
            "sector_text",
            "priority_groups",
            "zone",
            "locality",
            "place_text",
            "land_ha",
            "fdi",
            "jobs_planned",
            "jobs_actual",
            "irc_number",
            "irc_date",
            "expected_capital_vnd",
            "owner",
            "source_url",
            "note",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "source_url": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_irc_number(self) -> str | None:
        return (self.cleaned_data.get("irc_number") or "").strip() or None


class ProjectEditForm(VersionedForm, ProjectForm):
    """The edit page's project form: the facts, and the version they were read at."""

    class Meta(ProjectForm.Meta):
        pass


class NewProjectForm(ProjectForm):
    """A new project also says where in the pipeline it starts."""

    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.LEAD)

    class Meta(ProjectForm.Meta):
        fields = [*ProjectForm.Meta.fields]


class MoveForm(VersionedForm, Form):
    """Move a card: forward, back, or out of the pipeline with a reason (``record=``)."""

    to_stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea({"rows": 2}))
    irc_number = forms.CharField(label=_("IRC number"), required=False, max_length=40)
    capital = forms.DecimalField(
        label=_("Registered capital"),
        required=False,
        min_value=0,
        max_digits=22,
        decimal_places=2,
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=Currency.VND, required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("to_stage") in EXITS and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the project leaves the pipeline."))
        return data


class ExitForm(Form):
    """Only the exits, for the board's "leave the pipeline" form."""

    to_stage = forms.ChoiceField(label=_("Exit"), choices=[(s, Stage(s).label) for s in EXITS])


class CapitalEventForm(ModelForm):
    class Meta:
        model = CapitalEvent
        fields = ["kind", "date", "amount", "currency", "source_url", "note"]


class InteractionForm(ModelForm):
    class Meta:
        model = Interaction
        fields = [
            "kind",
            "date",
            "project",
            "event",
            "contacts",
            "notes",
            "next_step",
            "next_step_owner",
            "next_step_due",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ImportForm(Form):
    file = forms.FileField(
        label=_("Projects register (.xlsx, .xls, .ods or .docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


BOARD_STAGES = PIPELINE


class LeadRouteForm(ModelForm):
    """A routing rule: which sector section and country go to whom."""

    class Meta:
        model = LeadRoute
        fields = ["section", "country", "owner", "next_step_days"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = Sector.objects.filter(level=Sector.Level.SECTION).order_by("code")
        self.fields["section"] = forms.ChoiceField(
            label=_("VSIC section"),
            required=False,
            choices=[("", _("Any sector")), *((s.section, str(s)) for s in sections)],
        )
        self.fields["owner"].queryset = routing_candidates()
        self.fields["next_step_days"].min_value = 1
        self.fields["next_step_days"].max_value = 30


class RegistryDeclarationForm(ModelForm):
    """Declare the project registry complete for a province and a year (or a place in it)."""

    class Meta:
        model = RegistryDeclaration
        fields = ["province", "year", "locality", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from xuctien.core.models import Locality, Province

        super().__init__(*args, **kwargs)
        provinces = Province.objects.all()
        self.fields["province"].queryset = provinces
        self.fields["province"].required = True
        if len(provinces) == 1 and not self.is_bound:
            self.initial.setdefault("province", provinces[0].pk)
        self.fields["locality"].queryset = Locality.objects.exclude(parent=None)
        self.fields["locality"].empty_label = _("Whole province")
        self.fields["year"].help_text = _(
            "The year whose every investment registration certificate the registry holds."
        )
        self.fields["reason"].help_text = _(
            "How you know: e.g. checked against the Economic Zone Authority's list of IRCs."
        )


class RegistryDeclarationEditForm(VersionedForm, ModelForm):
    """Change a declaration's reason, or withdraw it (its year becomes a bound again)."""

    class Meta:
        model = RegistryDeclaration
        fields = ["reason", "is_withdrawn"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
