"""The labour forms: one need form for the portal, the officers and the survey import."""

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.lookup import as_lookup
from xuctien.core.permissions import manages_programme
from xuctien.labour import permissions
from xuctien.labour.models import Need, SkillLevel

#: The fields of a need, in the order of the form and of the survey workbook's columns.
NEED_FIELDS = [
    "enterprise",
    "project",
    "occupation",
    "level",
    "number",
    "year",
    "quarter",
    "zone",
    "locality",
    "foreign_experts",
    "comment",
]


class NeedForm(VersionedForm, ModelForm):
    """A need for workers; an investor chooses among their own companies only."""

    class Meta:
        model = Need
        fields = NEED_FIELDS

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xuctien.investments.models import Investor, Project

        if user is not None and not (manages_programme(user) or permissions.is_officer(user)):
            ids = permissions.company_ids(user)
            self.fields["enterprise"].queryset = Investor.objects.filter(pk__in=ids)
            self.fields["project"].queryset = Project.objects.filter(investors__in=ids).distinct()
            if len(ids) == 1 and not self.is_bound and self.instance.pk is None:
                self.initial["enterprise"] = ids[0]
        else:  # every company and project: typed, not chosen from a list of them all
            self.fields["enterprise"] = as_lookup(self.fields["enterprise"], ("tax_code",))
            self.fields["project"] = as_lookup(self.fields["project"], ("irc_number",))
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.order_by("code")


class GapTaskForm(Form):
    """Turn a gap cell into a task of the action programme."""

    occupation = forms.CharField(widget=forms.HiddenInput, max_length=4)
    level = forms.ChoiceField(choices=SkillLevel.choices, widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    title_vi = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    working_days = forms.IntegerField(
        validators=[MinValueValidator(1)], max_value=1000, required=False, widget=forms.HiddenInput
    )


class SurveyImportForm(Form):
    """The yearly survey workbook (.xlsx): one need per row, all rows or none."""

    file = forms.FileField(label=_("Survey workbook (.xlsx)"))
