"""A record chosen by typing it, not picked from a list of every record.

Where the records to choose from are thousands (companies, projects), a select would send
every one of them with each page. A ``LookupField`` is a text input instead: the person
types the record's name, or its code (a tax code, an IRC number) where names repeat, and
the form finds the one record among those the field allows, or says that none or several
match. A record is shown as "name (code)", or "name (#id)" without a code, and read back
from the same text, so a form sent back unchanged keeps its record; a bare number no code
or name matches is read as an id, as a select would have sent it. Pages may suggest
records while one types; the form never depends on it (decision record 0024).
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

#: "Name (code)" or "Name (#id)": the code or id in the last brackets.
_TAGGED = re.compile(r"^(?P<name>.*?)\s*\((?P<tag>#?[^()]+)\)$")


class LookupField(forms.ModelChoiceField):
    """A choice among ``queryset`` typed as a name or a code (see the module's text)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("No record of that name or code: check the spelling."),
        "ambiguous": _("Several records have this name: type the code instead."),
    }

    def __init__(self, queryset: QuerySet, *, codes: tuple[str, ...] = (), **kwargs: Any):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.codes = codes
        self.widget.attrs.setdefault("autocomplete", "off")

    def label_for(self, record: Model) -> str:
        code = next((getattr(record, c) for c in self.codes if getattr(record, c, "")), "")
        return f"{record} ({code or f'#{record.pk}'})"

    def prepare_value(self, value: Any) -> Any:
        """A record, or its id from the instance's data, as text; typed text as typed."""
        if isinstance(value, Model):
            return self.label_for(value)
        if isinstance(value, int) and not isinstance(value, bool):
            record = self.queryset.filter(pk=value).first()
            return self.label_for(record) if record is not None else ""
        return "" if value is None else value

    def to_python(self, value: Any) -> Model | None:
        if isinstance(value, int) and not isinstance(value, bool):  # an id, from code
            return self._one(self.queryset.filter(pk=value))
        text = str(value or "").strip()
        if not text:
            return None
        tagged = _TAGGED.match(text)
        if tagged and tagged["tag"].startswith("#"):
            return self._one(self.queryset.filter(pk=_number(tagged["tag"][1:])))
        for code in (tagged["tag"],) if tagged else (text,):
            for field in self.codes:
                found = list(self.queryset.filter(**{field: code})[:2])
                if found:
                    return self._one(found)
        name = tagged["name"] if tagged else text
        named = list(self.queryset.filter(**{f"{self._name_field}__iexact": name})[:2])
        if not named and not tagged and _number(text):  # an id, as a select would send
            return self._one(self.queryset.filter(pk=_number(text)))
        return self._one(named)

    @property
    def _name_field(self) -> str:
        return "name" if _has_field(self.queryset.model, "name") else "name_vi"

    def _one(self, found: Any) -> Model:
        found = list(found[:2])
        if not found:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return found[0]

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # found within the queryset: nothing else to check


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else 0


def _has_field(model: type[Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def as_lookup(field: forms.ModelChoiceField, codes: tuple[str, ...] = ()) -> LookupField:
    """The same choice (queryset, label, whether required, help) as a ``LookupField``."""
    return LookupField(
        field.queryset,
        codes=codes,
        required=field.required,
        label=field.label,
        help_text=field.help_text,
        initial=field.initial,
    )
