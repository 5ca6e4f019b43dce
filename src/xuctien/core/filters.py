"""The filter forms' shared controls, used by the filtersets that serve the pages and the API.

* ``MultiSelect``: a ``<select multiple>`` that ``static/js/multiselect.js`` turns into a
  searchable list of checkboxes (the plain select is the fallback). Its labels come from
  here, in the page's language.
* ``BoundedMultiSelect``: a ``MultiSelect`` of records that lists them while they are a few
  hundred, and beyond that only those chosen (a national register's 20,000 investors made
  every project page 1.5 MB): the search field finds the rest. ``BoundedSelect``: the same
  for a single choice (the nation's agencies, for a national reader).
* ``YesNoFilter``: a yes/no filter whose empty choice reads "All" (django-filter's reads
  "Unknown", which users took for a value of its own).
* ``Select`` and every select here write their options in Python (``FastOptions``), the
  very HTML of Django's templates: a template per option cost ~0.2 ms, and the country
  list's 249 options, a national reader's 287 zones, were a third of a list page's time.
"""

import html
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    """As ``{{ value }}`` writes it: localised, escaped unless already safe."""
    return str(conditional_escape(localize(value)))


def _string(value: Any) -> str:
    """As ``{{ value|stringformat:'s' }}`` writes it."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _label(value: Any) -> str:
    """``_text`` of an option's label, text (the most) escaped at once."""
    if type(value) is str:
        return html.escape(value)
    return _text(value)


def _attrs(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html`` writes them."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_string(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class FastOptions:
    """A select widget whose HTML is written here, character for character as Django's
    ``select.html`` and ``select_option.html`` write it (``tests/core/test_filters.py``
    compares them), without rendering a template per option; and, for a plain select,
    without building Django's dictionary per option either: the options are written from
    the choices themselves (``_options``), a national reader's ~600 in some 2 ms less."""

    def listed(self, value: list[str]) -> Any:
        """The choices to list, ``value`` chosen (``Bounded`` lists fewer)."""
        return self.choices  # type: ignore[attr-defined]

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> Any:
        listed = self.listed(value)
        if listed is self.choices:  # type: ignore[attr-defined]
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        kept, self.choices = self.choices, listed  # type: ignore[attr-defined]
        try:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = kept

    def _plain(self) -> bool:
        """Whether the options are Django's own templates' and take no attributes."""
        return (
            self.template_name == _SELECT  # type: ignore[attr-defined]
            and self.option_template_name == _OPTION  # type: ignore[attr-defined]
            and not self.option_inherits_attrs  # type: ignore[attr-defined]
        )

    def get_context(self, name: str, value: Any, attrs: Any) -> dict:
        if not self._plain():
            return super().get_context(name, value, attrs)  # type: ignore[misc]
        # ``Select.get_context`` without ``ChoiceWidget``'s ``optgroups``
        context = forms.Widget.get_context(self, name, value, attrs)  # type: ignore[arg-type]
        widget = context["widget"]
        if self.allow_multiple_selected:  # type: ignore[attr-defined]
            widget["attrs"]["multiple"] = True
        widget["options"] = self._options(widget["value"])
        return context

    def _options(self, value: list[str]) -> str:
        """The ``<option>`` (and ``<optgroup>``) HTML of ``optgroups``' choices: the first
        chosen one selected, or every chosen one for a multiple select."""
        multiple = self.allow_multiple_selected  # type: ignore[attr-defined]
        chosen = set(value)
        has_selected = False
        parts = []
        for option_value, option_label in self.listed(value):
            group = isinstance(option_label, (list, tuple))
            if group and option_value:
                parts.append(f'\n  <optgroup label="{_text(option_value)}">')
            for subvalue, sublabel in option_label if group else [(option_value, option_label)]:
                if subvalue is None and not group:
                    subvalue = ""
                selected = (not has_selected or multiple) and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_string(subvalue)}"{" selected" if selected else ""}>'
                    f"{_label(sublabel)}</option>\n"
                )
            if group and option_value:
                parts.append("\n  </optgroup>")
        return "".join(parts)

    def _render(self, template_name: str, context: dict, renderer: Any = None) -> str:
        if template_name != _SELECT or self.option_template_name != _OPTION:  # type: ignore[attr-defined]
            return super()._render(template_name, context, renderer)  # type: ignore[misc]
        widget = context["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        if "options" in widget:
            parts.append(widget["options"])
        else:
            for group_name, options, _index in widget["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{_text(group_name)}">')
                parts += [
                    f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"  # the option template's last line
                    for option in options
                ]
                if group_name:
                    parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class Select(FastOptions, forms.Select):
    """A single choice, its options written without a template each."""


class MultiSelect(FastOptions, forms.SelectMultiple):
    """A multi-select the filter component enhances; nothing ticked means all."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        defaults = {
            "data-multiselect": "",
            "data-all-label": _("All"),
            "data-search-label": _("Search the list…"),
            "data-count-label": _("{n} chosen"),
        }
        super().__init__({**defaults, **(attrs or {})}, choices)


class Bounded:
    """A select of a queryset's records: every record while they are at most ``limit``,
    else only the chosen ones and a line saying to use the search. One count of at most
    ``limit + 1`` rows decides; the records beyond are never read."""

    limit = 300
    #: How many records the queryset holds, where a cache knows (a filterset sets it for
    #: its reader): None asks the count of at most ``limit + 1`` rows.
    known_count: Callable[[], int] | None = None

    def _count(self, queryset: Any) -> int:
        if self.known_count is not None:
            return self.known_count()
        return queryset[: self.limit + 1].count()

    def listed(self, value: list[str]) -> Any:
        queryset = getattr(self.choices, "queryset", None)  # type: ignore[attr-defined]
        if queryset is None or self._count(queryset) <= self.limit:
            return super().listed(value)  # type: ignore[misc]
        chosen = [v for v in value if str(v).isdigit()]
        return [
            ("", _("Too many to list: find them with the search field")),
            *((str(r.pk), str(r)) for r in queryset.filter(pk__in=chosen)),
        ]


class BoundedMultiSelect(Bounded, MultiSelect):
    """A ``MultiSelect`` of records, listed while they are at most ``limit``."""


class BoundedSelect(Bounded, Select):
    """A single choice of records, listed while they are at most ``limit``."""


class YesNoSelect(Select):
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


class NamesIterator(django_filters.fields.ModelChoiceIterator):
    """The choices of a ``Bilingual`` model (a zone) read as rows of its id and two names,
    no model per row: the very choices ``ModelChoiceIterator`` makes (the id, ``str(record)``
    in the reader's language), without building a national reader's 287 zones as models."""

    #: The columns read: the id first, then what ``label`` writes.
    fields: tuple[str, ...] = ("pk", "name_vi", "name_en")

    @staticmethod
    def label(row: tuple, english: bool) -> str:
        """``str(record)`` of the record read as ``row``: ``in_language`` of its names, the
        language (``english`` or not) asked once for every row."""
        return row[2] if english and row[2] else row[1] or row[2]

    def __iter__(self) -> Any:
        if self.field.null_label is not None:
            yield from super().__iter__()
            return
        from django.forms.models import ModelChoiceIteratorValue

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label, english = self.label, get_language() == "en"
        for row in self.queryset.values_list(*self.fields):
            yield (ModelChoiceIteratorValue(row[0], None), label(row, english))


class CodedNamesIterator(NamesIterator):
    """``NamesIterator`` of a record written "code – name" (a sector)."""

    fields = ("pk", "code", "name_vi", "name_en")

    @staticmethod
    def label(row: tuple, english: bool) -> str:
        return f"{row[1]} – {row[3] if english and row[3] else row[2] or row[3]}"


class NamedField(django_filters.fields.ModelChoiceField):
    """A choice of one ``Bilingual`` record whose choices are read by ``NamesIterator``."""

    iterator = NamesIterator


class CodedNamedField(django_filters.fields.ModelChoiceField):
    """A choice of one coded ``Bilingual`` record, read by ``CodedNamesIterator``."""

    iterator = CodedNamesIterator


class NamedFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` of a ``Bilingual`` model, its choices read as names."""

    field_class = NamedField


class CodedNamedFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` of a coded ``Bilingual`` model (a sector: "code – name"), its
    choices read as rows."""

    field_class = CodedNamedField
