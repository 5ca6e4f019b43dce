"""The filter forms' shared controls, used by the filtersets that serve the pages and the API.

* ``MultiSelect``: a ``<select multiple>`` that ``static/js/multiselect.js`` turns into a
  searchable list of checkboxes (the plain select is the fallback). Its labels come from
  here, in the page's language.
* ``YesNoFilter``: a yes/no filter whose empty choice reads "All" (django-filter's reads
  "Unknown", which users took for a value of its own).
"""

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class MultiSelect(forms.SelectMultiple):
    """A multi-select the filter component enhances; nothing ticked means all."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        defaults = {
            "data-multiselect": "",
            "data-all-label": _("All"),
            "data-search-label": _("Search the list…"),
            "data-count-label": _("{n} chosen"),
        }
        super().__init__({**defaults, **(attrs or {})}, choices)


class YesNoSelect(forms.Select):
    """All / yes / no, read from and written to "true" / "false" as django-filter does."""

    def __init__(self, attrs: dict[str, Any] | None = None, yes: Any = None, no: Any = None):
        choices = [("", _("All")), ("true", yes or _("Yes")), ("false", no or _("No"))]
        super().__init__(attrs, choices)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        return {"true": True, "True": True, "1": True, "false": False, "False": False}.get(
            data.get(name)
        )

    def format_value(self, value: Any) -> list[str]:
        return [{True: "true", False: "false"}.get(value, "")]


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter shown as All / yes / no (the words for yes and no may be given)."""

    def __init__(self, *args: Any, yes: Any = None, no: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", YesNoSelect(yes=yes, no=no))
        super().__init__(*args, **kwargs)


_BIGINT = 2**63


class RecordsField(django_filters.fields.ModelMultipleChoiceField):
    """Record ids that are not whole numbers a database column can hold are invalid input
    (400), not a database error (500): ``?investor=10**30`` overflowed SQLite and PostgreSQL."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    valid = -_BIGINT <= int(str(pk)) < _BIGINT
                except ValueError:
                    valid = False
                if not valid:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class RecordsFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several records, chosen by id (see ``RecordsField``)."""

    field_class = RecordsField
