"""A serializer's representation without DRF's per-field, per-row machinery: the same data.

``Serializer.to_representation`` calls, for every field of every row, ``get_attribute`` (a
generic path walk with its error handling, a ``PKOnlyObject`` for a key) and the field's
``to_representation``: a list of 100 tasks with their occurrences made some 4,000 such
pairs, and 100 aftercare requests with their assignments, events and ratings most of that
API's time at national size. ``writer(serializer)`` plans, once per serializer, a getter
per field that writes what DRF writes for the plain fields (a model column converted as its
field converts it: text, whole numbers, booleans, ISO dates, choices; the primary key of a
foreign key or of a many-to-many; a nested list of such serializers). Any other field (a
property, a method field, a key of a key) goes through DRF's own two calls, and a value DRF
would treat otherwise (a string in a date field) falls back to the field's own
``to_representation``. The fields, and so the schema, are the serializer's own.

Two ways in: ``FastRepresentation``, a serializer mixin (every representation, single
records too), and ``FastListSerializer``, a ``Meta.list_serializer_class`` (lists only).
A view may hand the rows' nested lists in as plain lists: ``prefetch`` reads them for a
page, only the columns they write, and ``Prefetch(name, queryset, to_attr=prefetched(name))``
sets them too; without either, the relation's manager is read as DRF reads it.
``tests/core/test_api_fast.py``, ``tests/aftercare/test_fast_lists.py`` and the apps' API
tests compare the output with DRF's, key order included.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.manager import BaseManager
from rest_framework import fields, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField
from rest_framework.settings import api_settings

_SKIP = object()
Getter = Callable[[Any], Any]
Writer = Callable[[Any], dict[str, Any]]


def prefetched(name: str) -> str:
    """The attribute where a view leaves the relation ``name``'s records as a plain list
    (``prefetch``, or ``Prefetch(name, queryset, to_attr=prefetched(name))``), where
    ``prefetch_related(name)`` made a related manager and a queryset per record (~20 µs
    each, 4 ms for a page of 100 tasks and two relations)."""
    return f"{name}_listed"


class _Row:
    """A related row read as values: its attributes are the columns the writer reads."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


def _model_of(serializer: Any) -> Any:
    return getattr(getattr(serializer, "Meta", None), "model", None)


def _model_field(model: Any, name: str) -> Any:
    """``model``'s concrete or (forward) many-to-many field ``name``, or None."""
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    forward_many = isinstance(found, models.ManyToManyField)
    return found if getattr(found, "concrete", False) or forward_many else None


def _column(model: Any, field: serializers.Field) -> str | None:
    """The column a plain ``field`` is read from, as it is written: a value converted by
    the field, or the key of a foreign key; None for anything else."""
    attrs = field.source_attrs
    if field.source == "*" or len(attrs) != 1 or isinstance(field, serializers.BaseSerializer):
        return None
    column = _model_field(model, attrs[0])
    if column is None or column.many_to_many:
        return None
    if column.is_relation:
        plain_key = type(field) is PrimaryKeyRelatedField and field.pk_field is None
        return column.attname if plain_key else None
    return column.attname


def _drf(field: serializers.Field) -> Getter:
    """DRF's own path for one field, as ``Serializer.to_representation`` takes it."""

    def get(instance: Any) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _SKIP
        check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return get


def _converter(field: serializers.Field) -> Callable[[Any], Any]:
    """``field.to_representation`` of a value that is not None, shortened where DRF's is known."""
    method = type(field).to_representation
    slow = field.to_representation
    if method is fields.CharField.to_representation:
        return str
    if method is fields.IntegerField.to_representation:
        return int
    if method is fields.BooleanField.to_representation:
        return lambda value: value if value is True or value is False else slow(value)
    if method is fields.DateField.to_representation:
        output = getattr(field, "format", api_settings.DATE_FORMAT)
        if output is None or str(output).lower() != fields.ISO_8601:
            return slow
        return lambda value: value.isoformat() if type(value) is datetime.date else slow(value)
    if method is fields.ChoiceField.to_representation:
        known = field.choice_strings_to_values
        return lambda value: (
            known.get(value, value) if type(value) is str and value else slow(value)
        )
    return slow


def _many(field: serializers.Field, attr: str) -> Getter | None:
    """The primary keys of a many-to-many, as ``ManyRelatedField`` writes them."""
    child = getattr(field, "child_relation", None)
    if type(field) is not ManyRelatedField or type(child) is not PrimaryKeyRelatedField:
        return None
    if child.pk_field is not None:
        return None
    listed = prefetched(attr)

    def many(o: Any) -> list:
        if getattr(o, "pk", 0) is None:
            return []
        records = o.__dict__.get(listed)
        if records is None:
            records = getattr(o, attr).all()
        return [record.pk for record in records]

    return many


def _nested(field: serializers.ListSerializer, attr: str) -> Getter:
    """A nested list (``many=True``, e.g. a reverse key), each row written by ``writer``."""
    write = writer(field.child)
    listed = prefetched(attr)

    def nested(o: Any) -> Any:
        rows = o.__dict__.get(listed)
        if rows is None:
            try:
                rows = field.get_attribute(o)
            except SkipField:
                return _SKIP
            if rows is None:
                return None
            rows = rows.all() if isinstance(rows, BaseManager) else rows
        return [write(row) for row in rows]

    return nested


def _getter(model: Any, field: serializers.Field) -> Getter:
    """What DRF writes for ``field``, read straight from the instance when it is plain."""
    attrs = field.source_attrs
    if isinstance(field, serializers.ListSerializer) and len(attrs) == 1:
        return _nested(field, attrs[0])
    column = _column(model, field)
    if column is not None:
        if _model_field(model, attrs[0]).is_relation:
            return lambda o: getattr(o, column)
        convert = _converter(field)
        return lambda o: None if (v := getattr(o, column)) is None else convert(v)
    if field.source != "*" and len(attrs) == 1:
        found = _model_field(model, attrs[0])
        if found is not None and found.many_to_many:
            return _many(field, attrs[0]) or _drf(field)
    return _drf(field)


def writer(serializer: serializers.Serializer) -> Writer:
    """A function writing one instance as ``serializer.to_representation`` would."""
    model = _model_of(serializer)
    plan = [(field.field_name, _getter(model, field)) for field in serializer._readable_fields]

    def write(instance: Any) -> dict[str, Any]:
        out = {}
        for name, get in plan:
            value = get(instance)
            if value is not _SKIP:
                out[name] = value
        return out

    return write


class FastRepresentation:
    """A ``Serializer`` mixin: ``to_representation`` by ``writer``, planned once."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        write = self.__dict__.get("_fast_write")
        if write is None:
            write = self.__dict__["_fast_write"] = writer(self)  # type: ignore[arg-type]
        return write(instance)


class FastListSerializer(serializers.ListSerializer):
    """A list written by ``writer`` (see the module's text); single records are DRF's."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        iterable = data.all() if isinstance(data, BaseManager) else data
        write = writer(self.child)
        return [write(item) for item in iterable]


def _columns(serializer: serializers.Serializer) -> set[str] | None:
    """The columns ``writer(serializer)`` reads, or None if it reads anything else."""
    model = _model_of(serializer)
    if model is None:
        return None
    columns = {_column(model, field) for field in serializer._readable_fields}
    return None if None in columns else columns  # type: ignore[return-value]


def prefetch(instances: list[Any], serializer: serializers.Serializer) -> list[Any]:
    """Read the nested lists of ``serializer`` (``many=True`` fields on a reverse foreign
    key) for ``instances`` as ``writer`` will write them: one query per list, as Django's
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
        rel = getattr(getattr(_model_of(serializer), name, None), "rel", None)
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
            instance.__dict__[prefetched(name)] = grouped[instance.pk]
    return instances
