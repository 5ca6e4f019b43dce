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
from django.db.models.manager import BaseManager
from rest_framework import fields, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

Writer = Callable[[Any], dict[str, Any]]


def _listed(name: str) -> str:
    return f"_fast_{name}"


class _Row:
    """A related row read as values: its attributes are the columns the writer reads."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


def prefetch(instances: list[Any], serializer: serializers.Serializer) -> list[Any]:
    """Read the nested lists of ``serializer`` (``many=True`` fields on a reverse foreign
    key) for ``instances`` as the writer will write them: one query per list, as Django's
    ``prefetch_related`` reads them (the related model's default manager and ordering, the
    rows of all ``instances`` in one ``IN``), but only the columns the nested serializer
    writes, as plain rows, not model instances with a filtered queryset each (two thirds of
    the aftercare API's time for 100 requests with three lists). A nested serializer that
    reads anything but columns gets model instances. Returns ``instances``."""
    pks = [instance.pk for instance in instances]
    for field in serializer._readable_fields:
        if not isinstance(field, serializers.ListSerializer) or len(field.source_attrs) != 1:
            continue
        name = field.source_attrs[0]
        rel = getattr(getattr(serializer.Meta.model, name, None), "rel", None)
        fk = getattr(rel, "field", None)
        if not instances or fk is None or not fk.many_to_one or fk.remote_field.field_name != "id":
            continue
        columns = _columns(field.child)
        rows = rel.related_model._default_manager.filter(**{f"{fk.name}__in": pks})
        grouped: dict[Any, list[Any]] = {pk: [] for pk in pks}
        if columns is None:
            for row in rows:
                grouped[getattr(row, fk.attname)].append(row)
        else:
            for values in rows.values(*columns | {fk.attname}):
                grouped[values[fk.attname]].append(_Row(values))
        for instance in instances:
            instance.__dict__[_listed(name)] = grouped[instance.pk]
    return instances


def _columns(serializer: serializers.Serializer) -> set[str] | None:
    """The columns ``writer(serializer)`` reads, or None if it reads anything else."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return None
    columns = set()
    for field in serializer._readable_fields:
        attrs = field.source_attrs
        concrete = _concrete(model, attrs[0]) if len(attrs) == 1 else None
        if concrete is None or _kind(field, concrete) is None:
            return None
        columns.add(concrete.attname)
    return columns


def _kind(field: fields.Field, concrete: Any) -> str | None:
    """How the writer reads a field on a concrete model field: "pk", "value" or None."""
    if (
        type(field) is relations.PrimaryKeyRelatedField
        and field.pk_field is None
        and concrete.is_relation
    ):
        return "pk"
    if not concrete.is_relation and not isinstance(field, serializers.BaseSerializer):
        return "value"
    return None


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
        kind = _kind(field, concrete) if concrete is not None else None
        if isinstance(field, serializers.ListSerializer) and len(attrs) == 1:
            listed = (_listed(attrs[0]), writer(field.child))
            plan.append((field.field_name, "many", attrs[0], listed))
        elif kind == "pk":
            plan.append((field.field_name, "pk", concrete.attname, None))
        elif kind == "value":
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
