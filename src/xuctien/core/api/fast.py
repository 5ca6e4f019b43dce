"""A serializer's representation without DRF's per-field machinery: the same dict.

``Serializer.to_representation`` calls, for every field of every row, ``get_attribute``
(a generic path walk with its error handling) and ``to_representation``; a list of 100
tasks with their occurrences made some 4,000 such pairs, most of the task API's time at
national scale. ``FastRepresentation`` plans once per serializer, field by field, a getter
that writes what DRF writes for the common plain fields (text, whole numbers, booleans,
ISO dates, choices, primary keys of a foreign key or of a many-to-many, a nested list of
such serializers); any other field goes through DRF's own two calls. The fields, and so the
schema, are the serializer's own. ``tests/core/test_api_fast.py`` and the apps' API tests
compare the two representations.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Manager
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField
from rest_framework.settings import api_settings

_SKIP = object()
Getter = Callable[[Any], Any]


def prefetched(name: str) -> str:
    """Where a view may prefetch the relation ``name`` for this path:
    ``Prefetch(name, queryset, to_attr=prefetched(name))`` sets a plain list on each record,
    where ``prefetch_related(name)`` made a related manager and a queryset per record
    (~20 µs each, 4 ms for a page of 100 tasks and two relations). Without it, the
    relation's manager is read as DRF reads it."""
    return f"{name}_listed"


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


def _model_field(serializer: Any, name: str) -> Any:
    """The serializer's model's field ``name`` (concrete or many-to-many), or None."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return None
    fields = {f.name: f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
    return fields.get(name)


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


def _nested(field: serializers.Field, attr: str) -> Getter | None:
    """A list of a fast serializer's representations (``many=True``, e.g. a reverse key)."""
    if not isinstance(field, serializers.ListSerializer):
        return None
    child = field.child
    if not isinstance(child, FastRepresentation):
        return None

    listed = prefetched(attr)

    def nested(o: Any) -> Any:
        rows = o.__dict__.get(listed)
        if rows is not None:
            return [child.to_representation(row) for row in rows]
        try:
            rows = field.get_attribute(o)
        except SkipField:
            return _SKIP
        if rows is None:
            return None
        rows = rows.all() if isinstance(rows, Manager) else rows
        return [child.to_representation(row) for row in rows]

    return nested


def _getter(serializer: Any, field: serializers.Field) -> Getter:
    """What DRF writes for ``field``, read straight from the instance when it is plain."""
    attrs = field.source_attrs
    if field.source == "*" or len(attrs) != 1:
        return _drf(field)
    attr, kind = attrs[0], type(field)
    column = _model_field(serializer, attr)
    if column is None:  # a property, a method, a reverse relation: DRF's path (or nested)
        return _nested(field, attr) or _drf(field)
    if column.many_to_many:
        return _many(field, attr) or _drf(field)
    if column.is_relation:
        if kind is PrimaryKeyRelatedField and field.pk_field is None:
            name = column.attname
            return lambda o: getattr(o, name)
        return _drf(field)
    if kind is serializers.CharField:
        return lambda o: None if (v := getattr(o, attr)) is None else str(v)
    if kind is serializers.IntegerField:
        return lambda o: None if (v := getattr(o, attr)) is None else int(v)
    if kind is serializers.BooleanField:
        slow = _drf(field)
        return lambda o: v if type(v := getattr(o, attr)) is bool else slow(o)
    if kind is serializers.DateField:
        output = getattr(field, "format", api_settings.DATE_FORMAT)
        if output is not None and str(output).lower() == "iso-8601":
            slow = _drf(field)
            return lambda o: (
                v.isoformat() if type(v := getattr(o, attr)) is datetime.date else slow(o)
            )
        return _drf(field)
    if kind is serializers.ChoiceField:
        choices = field.choice_strings_to_values
        slow = _drf(field)
        return lambda o: choices.get(v, v) if type(v := getattr(o, attr)) is str and v else slow(o)
    return _drf(field)


class FastRepresentation:
    """A ``Serializer`` mixin: ``to_representation`` from getters planned once (see above)."""

    def _plan(self) -> list[tuple[str, Getter]]:
        plan = self.__dict__.get("_fast_plan")
        if plan is None:
            fields = self._readable_fields  # type: ignore[attr-defined]
            plan = self.__dict__["_fast_plan"] = [
                (field.field_name, _getter(self, field)) for field in fields
            ]
        return plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        ret = {}
        for name, get in self._plan():
            value = get(instance)
            if value is not _SKIP:
                ret[name] = value
        return ret
