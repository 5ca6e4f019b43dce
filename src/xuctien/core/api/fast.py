"""Read-only lists serialised without DRF's per-field, per-row machinery, to the same data.

A ``ModelSerializer`` writes each field of each row through ``get_attribute``, a
``PKOnlyObject``, a None check and the field's ``to_representation``: at 100 rows with
nested assignments, events and ratings that was most of the aftercare API's time at national
size. ``FastListSerializer`` (a serializer's ``Meta.list_serializer_class``) plans each field
once per list: a model field it knows (text, integer, boolean, ISO date, choice, primary key
of a relation, nested lists of the same) is read from the instance's attribute and converted
as DRF converts it; any other field goes through DRF's own two steps. Values that DRF would
treat otherwise (a string in a date field, an enum member in a choice field) fall back to the
field's own ``to_representation``. Writes, the schema and single records are untouched.
``tests/aftercare/test_api_fast.py`` holds the output to DRF's, key order included.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.db.models.manager import BaseManager
from rest_framework import fields, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

Writer = Callable[[Any], dict[str, Any]]


def _listed(name: str) -> str:
    return f"_fast_{name}"


def prefetch(*names: str) -> list[Prefetch]:
    """Prefetches of the related lists ``names`` as plain lists (``to_attr``), which the
    writer reads before the related manager: Django's own prefetch gives each instance a
    filtered queryset per relation (a query clone each, 300 of them for 100 requests with
    three relations)."""
    return [Prefetch(name, to_attr=_listed(name)) for name in names]


def _converter(field: fields.Field) -> Callable[[Any], Any]:
    """``field.to_representation`` of a non-None value, shortened where DRF's is known."""
    method = type(field).to_representation
    slow = field.to_representation
    if method is fields.CharField.to_representation:
        return str
    if method is fields.IntegerField.to_representation:
        return int
    if method is fields.BooleanField.to_representation:
        return lambda value: value if value is True or value is False else slow(value)
    if method is fields.DateField.to_representation:
        if getattr(field, "format", api_settings.DATE_FORMAT) != api_settings.DATE_FORMAT or (
            api_settings.DATE_FORMAT.lower() != fields.ISO_8601
        ):
            return slow
        return lambda value: value.isoformat() if type(value) is date else slow(value)
    if method is fields.ChoiceField.to_representation:
        known = field.choice_strings_to_values
        return lambda value: (
            known.get(value, value) if type(value) is str and value else slow(value)
        )
    return slow


def _concrete(model: Any, name: str) -> Any:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) else None


def writer(serializer: serializers.Serializer) -> Writer:
    """A function writing one instance as ``serializer.to_representation`` would."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    plan: list[tuple[str, str, Any, Any]] = []
    for field in serializer._readable_fields:
        attrs = field.source_attrs
        concrete = _concrete(model, attrs[0]) if model is not None and len(attrs) == 1 else None
        if isinstance(field, serializers.ListSerializer) and len(attrs) == 1:
            plan.append(
                (field.field_name, "many", attrs[0], (_listed(attrs[0]), writer(field.child)))
            )
        elif (
            concrete is not None
            and type(field) is relations.PrimaryKeyRelatedField
            and field.pk_field is None
            and concrete.is_relation
        ):
            plan.append((field.field_name, "pk", concrete.attname, None))
        elif concrete is not None and not concrete.is_relation:
            plan.append((field.field_name, "value", concrete.attname, _converter(field)))
        else:
            plan.append((field.field_name, "drf", None, field))

    def write(instance: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, kind, attr, how in plan:
            if kind == "value":
                value = getattr(instance, attr)
                out[name] = None if value is None else how(value)
            elif kind == "pk":
                out[name] = getattr(instance, attr)
            elif kind == "many":
                listed, child = how
                rows = instance.__dict__.get(listed)
                if rows is None:
                    related = getattr(instance, attr)
                    rows = related.all() if isinstance(related, BaseManager) else related
                out[name] = [child(row) for row in rows]
            else:  # as Serializer.to_representation does it
                try:
                    attribute = how.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                out[name] = None if check is None else how.to_representation(attribute)
        return out

    return write


class FastListSerializer(serializers.ListSerializer):
    """A read-only list written by ``writer`` (see the module's text)."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        iterable = data.all() if isinstance(data, BaseManager) else data
        write = writer(self.child)
        return [write(item) for item in iterable]
