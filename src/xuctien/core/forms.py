"""Forms of the core pages: the language choice and the filters of the reference lists."""

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Agency, Zone
from xuctien.core.search import search_q


class LanguageForm(forms.Form):
    """The language switch on every page."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class SearchFilterForm(forms.Form):
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
