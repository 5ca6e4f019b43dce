"""Forms of the action programme's pages. Each carries the version it was read at."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.actions.filtersets import TaskFilterSet
from xuctien.actions.models import Task
from xuctien.actions.services import AGENCY_EDITABLE
from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.models import Agency
from xuctien.core.permissions import manages_programme
from xuctien.core.spreadsheets import ACCEPT
from xuctien.programmes.models import Programme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class TaskForm(VersionedForm, ModelForm):
    """The secretariat's task form; an agency officer sees only what it may change."""

    class Meta:
        model = Task
        fields = [
            "title_vi",
            "title_en",
            "description",
            "programme",
            "breakthrough",
            "solution_group",
            "lead_agency",
            "coordinating_agencies",
            "coordinating_note",
            "expected_output",
            "start_date",
            "deadline",
            "deadline_working_days",
            "recurrence",
            "due_day",
            "due_month",
            "group",
            "source_url",
            "note",
            "is_synthetic",
        ]
        widgets = {
            "coordinating_agencies": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "source_url": forms.TextInput,
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not manages_programme(user):
            for name in list(self.fields):
                if name not in AGENCY_EDITABLE and name != "version":
                    del self.fields[name]


class ReportForm(VersionedForm, Form):
    """A progress report on one occurrence (``record=``), read at its version."""

    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPG; at most 10 MB each."),
    )


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(Form):
    """An action plan's annex: a spreadsheet or a Word document with the task table."""

    file = forms.FileField(
        label=_("Annex (.xlsx, .xls, .ods or .docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    plan = forms.CharField(
        label=_("Plan number and symbol"),
        max_length=200,
        help_text=_(
            "As on the plan, e.g. 45/KH-UBND. Importing the same plan again updates its tasks."
        ),
    )
    year = forms.IntegerField(
        label=_("Plan year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Recurring tasks (monthly, quarterly…) run through this year."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )


class AnswersForm(Form):
    """The user's answers to an import's questions: which agency each name means."""

    def __init__(self, *args: Any, questions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = [(str(a.pk), a.name_vi) for a in Agency.objects.order_by("name_vi")]
        self.questions = list(questions)
        for number, question in enumerate(self.questions):
            choices: list[tuple[str, str]] = [("", "—")]
            if question.kind == "successor":
                label = _("Yes: %(name)s, which took it over") % {
                    "name": question.successor["name"]
                }
                choices.append(("confirm", label))
            choices += [(str(c["id"]), c["name"]) for c in question.candidates]
            if not question.lead:
                choices.append(("text", _("None of these: keep the name as text")))
            others = [c for c in agencies if c[0] not in {k for k, _v in choices}]
            choices.append((_("Any agency"), others))
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=question.text, choices=choices, required=False, initial=question.answer
            )
        self.fields["remember"] = forms.BooleanField(
            label=_("Remember these names as aliases of the agencies chosen"),
            required=False,
            initial=True,
        )

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data.get(f"q{n}") or ""
            for n, q in enumerate(self.questions)
            if self.cleaned_data.get(f"q{n}")
        }

    def rows(self) -> list[tuple[Any, Any]]:
        return [(q, self[f"q{n}"]) for n, q in enumerate(self.questions)]


class ScorecardForm(Form):
    PERIODS = [("year", _("Year")), ("quarter", _("Quarter"))]
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    period = forms.ChoiceField(label=_("By"), choices=PERIODS, required=False)


__all__ = [
    "AnswersForm",
    "CommentForm",
    "ImportForm",
    "ReportForm",
    "ScorecardForm",
    "TaskFilterSet",
    "TaskForm",
]
