"""A record's history as people read it: each field by its label, each value as the pages
show it (choice labels, the names of linked records, dates and numbers in the page's
language), so a change such as an erased IRC date is visible on the record's own page."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

MISSING = "—"
# Curation remarks (how a source was read, its wording) stay in the admin: a page shows
# each record's text in the reader's language only (docs/decisions/0014).
INTERNAL_FIELDS = {"note", "head", "place_text", "sector_text", "reported_as", "occupancy_note"}


Names = dict[Any, dict[str, str]]  # related model -> {str(pk): name}


def change_rows(change: Any, names: Names | None = None) -> list[tuple[str, str, str]]:
    """(label, before, after) of a ChangeRecord; fields empty on both sides left out."""
    model = ContentType.objects.get_for_id(change.content_type_id).model_class()
    if names is None:
        names = related_names([change])
    rows = []
    for name, old, new in change.fields():
        if name in INTERNAL_FIELDS:
            continue
        field = model_field(model, name)
        before, after = readable_value(field, old, names), readable_value(field, new, names)
        if before != MISSING or after != MISSING:
            rows.append((field_label(field, name), before, after))
    return rows


def readable_history(changes: Any) -> list[tuple[Any, list[tuple[str, str, str]]]]:
    """Each change with its readable rows; the linked records' names read once for all."""
    changes = list(changes)
    names = related_names(changes)
    return [(change, change_rows(change, names)) for change in changes]


def related_names(changes: list[Any]) -> Names:
    """The names of every record the changes link to: one query per related model."""
    wanted: dict[Any, set[str]] = {}
    for change in changes:
        model = ContentType.objects.get_for_id(change.content_type_id).model_class()
        for name, old, new in change.fields():
            field = model_field(model, name)
            if field is None or not field.is_relation:
                continue
            for value in (old, new):
                ids = value if isinstance(value, list | tuple) else [value]
                wanted.setdefault(field.related_model, set()).update(
                    str(pk) for pk in ids if pk not in (None, "")
                )
    return {
        model: {str(o.pk): str(o) for o in model._base_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
        if ids
    }


def model_field(model: Any, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def field_label(field: Any, attname: str) -> str:
    return capfirst(str(getattr(field, "verbose_name", attname))) if field else attname


def readable_value(field: Any, value: Any, names: Names | None = None) -> str:
    """A stored history value (JSON: ids, ISO dates, decimal strings) as a page shows it."""
    if value is None or value == "" or value == []:
        return MISSING
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return str(value)
    if field is not None and field.is_relation:
        ids = value if isinstance(value, list | tuple) else [value]
        known = (names or {}).get(field.related_model, {})
        # A record deleted since keeps its id, so the change still says which it was.
        return ", ".join(known.get(str(pk), f"#{pk}") for pk in ids)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    return _formatted(field, value)


def _formatted(field: Any, value: Any) -> str:
    from xuctien.core.templatetags.xuctien import format_number

    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "SHORT_DATETIME_FORMAT")
    elif isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return date_format(day, "SHORT_DATE_FORMAT")
    elif isinstance(field, models.DecimalField | models.FloatField):
        try:
            return format_number(Decimal(str(value)))
        except InvalidOperation:
            pass
    return str(value)
