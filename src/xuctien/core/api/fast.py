"""A serializer's representation without DRF's per-field, per-row machinery: the same data.

``Serializer.to_representation`` calls, for every field of every row, ``get_attribute`` (a
generic path walk with its error handling, a ``PKOnlyObject`` for a key) and the field's
``to_representation``: a list of 100 tasks with their occurrences made some 4,000 such
pairs, and 100 aftercare requests with their assignments, events and ratings most of that
API's time at national size. ``writer(serializer)`` writes by a plan of the serializer's
class (``_shape``), a getter per field that writes what DRF writes for the plain fields (a
model column converted as its field converts it: text, whole numbers, booleans, ISO dates,
choices; the primary key of a foreign key or of a many-to-many; a slug of a foreign key or
of a many-to-many; a column through a foreign key, ``source="sector.code"``; a nested list
of such serializers); a method field calls the serializer's method. Any other field (a
property, a timestamp) goes through DRF's own two calls, and a value DRF would treat
otherwise (a string in a date field) falls back to the field's own ``to_representation``.
The fields, and so the schema, are the serializer's own. A class's plan is made once per
process when none of its fields reads the request (``_Shape.once``): building a
serializer's fields was a quarter of the investor list's time (a choice of 250 countries).

Two ways in: ``FastRepresentation``, a serializer mixin (every representation, single
records too), and ``FastListSerializer``, a ``Meta.list_serializer_class`` (lists only).
A view may read a page as values, not model instances (``rows``: the columns the plan
reads, as ``Row``s), and hand the rows' nested lists and many-to-many fields in as plain
lists: ``prefetch`` reads them for a page, only the columns they write, and
``Prefetch(name, queryset, to_attr=prefetched(name))`` sets them too; without either, the
relation's manager is read as DRF reads it. A class's plan made once is written by one
function made for it (``_compiled``), its columns read and converted inline.
``tests/core/test_api_fast.py``, ``tests/aftercare/test_fast_lists.py``,
``tests/investments/test_project_api_fast.py`` and the apps' API tests compare the output
with DRF's, key order included.
"""

import datetime
import decimal
import functools
import keyword
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Lookup
from django.db.models.manager import BaseManager
from django.db.models.query import ValuesIterable
from rest_framework import fields, serializers
from rest_framework.fields import SkipField, empty
from rest_framework.relations import (
    ManyRelatedField,
    PKOnlyObject,
    PrimaryKeyRelatedField,
    SlugRelatedField,
)
from rest_framework.settings import api_settings

from xuctien.core import aggregates

_SKIP = object()
Getter = Callable[[Any], Any]
Writer = Callable[[Any], dict[str, Any]]


def prefetched(name: str) -> str:
    """The attribute where a view leaves the relation ``name``'s records as a plain list
    (``prefetch``, or ``Prefetch(name, queryset, to_attr=prefetched(name))``), where
    ``prefetch_related(name)`` made a related manager and a queryset per record (~20 µs
    each, 4 ms for a page of 100 tasks and two relations)."""
    return f"{name}_listed"


class Row:
    """A row read as values: its attributes are the columns the writer reads."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values

    @property
    def pk(self) -> Any:
        return self.__dict__.get("id")


class _RowIterable(ValuesIterable):
    """A ``values()`` queryset's rows as ``Row``s (``rows``): ``ValuesIterable``'s, each
    row's dict made by ``zip`` (not a comprehension of an index each) and the loop in C,
    some 500 rows a page of 100 aftercare requests with their nested lists."""

    row: type[Row] = Row

    def __iter__(self) -> Any:
        query = self.queryset.query
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        compiler = query.get_compiler(self.queryset.db)
        read = compiler.results_iter(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        return map(self.row, map(dict, map(partial(zip, names), read)))


@functools.cache
def _iterable_of(row: type[Row]) -> type[_RowIterable]:
    return type(f"{row.__name__}Iterable", (_RowIterable,), {"row": row})


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


def _inlined(convert: Callable[[Any], Any], expression: str, **names: Any) -> Callable[[Any], Any]:
    """``convert``, with the expression of ``v`` that ``writer`` writes for ``convert(v)``
    (``{c}``: ``convert`` itself, ``{c}_name``: ``names``' values): a value of the type it
    expects converted in place."""
    convert.inline = expression  # type: ignore[attr-defined]
    convert.names = names  # type: ignore[attr-defined]
    return convert


#: ``_inlined``'s expressions of the converters that are builtins.
_INLINE = {
    str: "v if type(v) is str else {c}(v)",
    int: "v if type(v) is int else {c}(v)",
}


class _Column:
    """The getter of a column written as it is read, or converted (``convert``) unless
    None: ``writer`` reads it inline, not by a call per row."""

    __slots__ = ("column", "convert")

    def __init__(self, column: str, convert: Callable[[Any], Any] | None = None) -> None:
        self.column = column
        self.convert = convert

    def __call__(self, o: Any) -> Any:
        value = getattr(o, self.column)
        return value if value is None or self.convert is None else self.convert(value)


def _decimal_text(field: fields.DecimalField) -> Callable[[Any], Any] | None:
    """A ``DecimalField``'s text of a value that has its decimal places already (a column's
    value: PostgreSQL's numeric keeps its scale), which ``quantize`` would leave as it is:
    without a copy of the decimal context and a power of ten per value (a page of 100
    projects had 250); anything else by the field. None where the field writes otherwise
    (a number, localised, normalised)."""
    slow = field.to_representation
    places, digits = field.decimal_places, field.max_digits
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if type(field).quantize is not fields.DecimalField.quantize or places is None:
        return None
    if not coerce or field.localize or field.normalize_output:
        return None

    def text(value: Any) -> Any:
        if type(value) is decimal.Decimal and value.is_finite():
            written = f"{value:f}"
            point = written.find(".")
            shown = len(written) - point - 1 if point >= 0 else 0
            # at most as many digits as the field's: quantize keeps them (not InvalidOperation)
            figures = len(written) - (point >= 0) - written.startswith("-")
            if shown == places and (digits is None or figures <= digits):
                return written
        return slow(value)

    return text


def _converter(field: serializers.Field) -> Callable[[Any], Any]:
    """``field.to_representation`` of a value that is not None, shortened where DRF's is known."""
    method = type(field).to_representation
    slow = field.to_representation
    if method is fields.CharField.to_representation:
        return str
    if method is fields.IntegerField.to_representation:
        return int
    if method is fields.BigIntegerField.to_representation:  # a BigAutoField's id
        text = getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
        return str if text else int
    if method is fields.BooleanField.to_representation:
        return _inlined(
            lambda value: value if value is True or value is False else slow(value),
            "v if v is True or v is False else {c}(v)",
        )
    if method is fields.DateField.to_representation:
        output = getattr(field, "format", api_settings.DATE_FORMAT)
        if output is None or str(output).lower() != fields.ISO_8601:
            return slow
        return _inlined(
            lambda value: value.isoformat() if type(value) is datetime.date else slow(value),
            "v.isoformat() if type(v) is date else {c}(v)",
        )
    if method is fields.DecimalField.to_representation:
        return _decimal_text(field) or slow
    if method is fields.ChoiceField.to_representation:
        known = field.choice_strings_to_values
        return _inlined(
            lambda value: (
                (known.get(value, value) if value else value) if type(value) is str else slow(value)
            ),
            "({c}_known.get(v, v) if v else v) if type(v) is str else {c}(v)",
            known=known,
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


def _slug(model: Any, field: serializers.Field) -> tuple[str, str] | None:
    """``(key, path)`` of a ``SlugRelatedField`` on a foreign key whose slug is a column of
    the related model: the key's attribute name, and the ``values()`` path of the slug."""
    attrs = field.source_attrs
    if type(field) is not SlugRelatedField or len(attrs) != 1:
        return None
    found = _model_field(model, attrs[0])
    if found is None or not found.many_to_one:
        return None
    slug = _model_field(found.related_model, field.slug_field)
    if slug is None or slug.is_relation:
        return None
    return found.attname, f"{attrs[0]}__{slug.attname}"


def _key_of_key(model: Any, field: serializers.Field) -> tuple[str, str] | None:
    """``(key, path)`` of a plain field read through a foreign key (``source="sector.code"``)
    whose value DRF converts (``_converter``): as ``_slug``."""
    attrs = field.source_attrs
    if len(attrs) != 2 or isinstance(field, serializers.BaseSerializer | serializers.RelatedField):
        return None
    if isinstance(field, ManyRelatedField | serializers.SerializerMethodField):
        return None
    found = _model_field(model, attrs[0])
    if found is None or not found.many_to_one:
        return None
    column = _model_field(found.related_model, attrs[1])
    if column is None or column.is_relation or callable(field.default):
        return None
    if field.default is empty and not field.allow_null and field.required:
        return None  # DRF raises: left to it
    return found.attname, f"{attrs[0]}__{column.attname}"


def _through_key(model: Any, key: str, path: str, field: serializers.Field) -> Getter:
    """A value read through a foreign key: from a ``values()`` row (``path``), or by DRF."""
    drf = _drf(field)
    if isinstance(field, SlugRelatedField):
        return lambda o: d[path] if path in (d := o.__dict__) else drf(o)
    convert = _converter(field)
    if field.default is not empty:  # DRF's ``get_default`` for a missing related record
        missing = None if field.default is None else convert(field.default)
    else:
        missing = None if field.allow_null else _SKIP

    def get(o: Any) -> Any:
        d = o.__dict__
        if path not in d:
            return drf(o)
        if d[key] is None:
            return missing
        value = d[path]
        return None if value is None else convert(value)

    return get


def _many_slugs(field: serializers.Field, attr: str) -> Getter | None:
    """The slugs of a many-to-many, as ``ManyRelatedField`` writes them, from a prefetched
    list (``prefetch``), else DRF's."""
    child = getattr(field, "child_relation", None)
    if type(field) is not ManyRelatedField or type(child) is not SlugRelatedField:
        return None
    listed = prefetched(attr)
    slug = child.slug_field
    drf = _drf(field)

    def many(o: Any) -> Any:
        records = o.__dict__.get(listed)
        if records is None:
            return drf(o)
        return [getattr(record, slug) for record in records]

    return many


#: DRF's fields that read nothing but their value (no request, no parent): a field left to
#: DRF (``_drf``) may be planned once per process (``_shape``) if it is one of them.
_PLAIN = (
    fields.CharField,
    fields.IntegerField,
    fields.FloatField,
    fields.DecimalField,
    fields.BooleanField,
    fields.DateField,
    fields.DateTimeField,
    fields.TimeField,
    fields.ChoiceField,
    fields.ReadOnlyField,
    SlugRelatedField,
    PrimaryKeyRelatedField,
)


def _plain(field: serializers.Field) -> bool:
    """Whether DRF's own path for ``field`` reads nothing but the instance."""
    if isinstance(field, ManyRelatedField):
        return _plain(field.child_relation)
    kind = next((k for k in _PLAIN if isinstance(field, k)), None)
    return kind is not None and all(
        getattr(type(field), name) is getattr(kind, name)
        for name in ("get_attribute", "to_representation")
    )


class _Shape:
    """A serializer's plan: per readable field its name and either a getter of the instance
    or the name of the serializer's method (a ``SerializerMethodField``); ``reads``, the
    ``values()`` a row needs (None: model instances); ``once``, whether the plan may serve
    every serializer of its class (it holds no field bound to a request)."""

    def __init__(self, serializer: serializers.Serializer) -> None:
        model = _model_of(serializer)
        method_reads = getattr(serializer, "fast_method_reads", {})
        self.entries: list[tuple[str, Getter | None, str | None]] = []
        reads: set[str] | None = {model._meta.pk.attname} if model is not None else None
        self.once = True
        self.methods = False
        #: the nested lists and many-to-many fields ``prefetch`` reads
        self.lists: list[serializers.Field] = []
        #: the plan as one function (``_compiled``), once the class's plan is made once
        self.compiled: Callable[..., Writer] | None = None
        for field in serializer._readable_fields:
            name = field.field_name
            if isinstance(field, serializers.SerializerMethodField):
                self.entries.append((name, None, field.method_name))
                self.methods = True
                if reads is not None and name in method_reads:
                    reads |= set(method_reads[name])
                else:
                    reads = None
                continue
            getter, needs, once = _planned(model, field)
            self.entries.append((name, getter, None))
            if isinstance(field, ManyRelatedField | serializers.ListSerializer):
                self.lists.append(field)
            self.once = self.once and once
            reads = None if reads is None or needs is None else reads | needs
        self.reads = reads


def _planned(model: Any, field: serializers.Field) -> tuple[Getter, set[str] | None, bool]:
    """What DRF writes for ``field``, read straight from the instance when it is plain; the
    columns it reads from a ``values()`` row (None: it needs the instance); and whether it
    may serve every serializer of the class."""
    attrs = field.source_attrs
    if isinstance(field, serializers.ListSerializer) and len(attrs) == 1:
        child = _shape(field.child)
        once = child.once and not child.methods
        return _nested(field, attrs[0]), set() if _reverse_key(model, attrs[0]) else None, once
    column = _column(model, field)
    if column is not None:
        if _model_field(model, attrs[0]).is_relation:
            return _Column(column), {column}, True
        return _Column(column, _converter(field)), {column}, True
    through = _slug(model, field) or _key_of_key(model, field)
    if through is not None:
        key, path = through
        return _through_key(model, key, path, field), {key, path}, _plain(field)
    if field.source != "*" and len(attrs) == 1:
        found = _model_field(model, attrs[0])
        if found is not None and found.many_to_many:
            many = _many(field, attrs[0]) or _many_slugs(field, attrs[0])
            if many is not None:
                return many, set() if _link_read(found) else None, True
    return _drf(field), None, _plain(field)


#: Plans of serializer classes whose fields hold no request (``_Shape.once``): building a
#: serializer's fields is a good part of a list's time (the investors' 250 countries).
_SHAPES: dict[type, _Shape] = {}


def _shape(serializer: serializers.Serializer) -> _Shape:
    """``serializer``'s plan: its class's, planned once per process, where it may be."""
    kind = type(serializer)
    found = _SHAPES.get(kind)
    if found is not None:
        return found
    planned = _Shape(serializer)
    if planned.once and kind.get_fields is serializers.ModelSerializer.get_fields:
        _SHAPES[kind] = planned
    return planned


def writer(serializer: serializers.Serializer) -> Writer:
    """A function writing one instance as ``serializer.to_representation`` would: by its
    class's plan's function (``_compiled``), or a getter per field."""
    shape = _shape(serializer)
    if _SHAPES.get(type(serializer)) is shape:  # planned once: compiled once too
        if shape.compiled is None:
            shape.compiled = _compiled(shape.entries)
        return shape.compiled(
            *[getattr(serializer, method) for _, _, method in shape.entries if method]
        )
    plan = [
        (name, get if get is not None else getattr(serializer, method))
        for name, get, method in shape.entries
    ]

    def write(instance: Any) -> dict[str, Any]:
        out = {}
        for name, get in plan:
            value = get(instance)
            if value is not _SKIP:
                out[name] = value
        return out

    return write


def _attribute(name: str) -> bool:
    """Whether ``o.name`` reads the attribute ``name`` (``getattr(o, name)``)."""
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("__")


def _compiled(entries: list[tuple[str, Getter | None, str | None]]) -> Callable[..., Writer]:
    """A plan's writer as one function, made of the serializer's methods (its arguments, in
    their order in ``entries``): each column read (``o.column``) and converted inline, each
    other field by its getter. A getter's call per field and row was most of a list's
    writing: 3,700 calls for 100 aftercare requests with their assignments and events."""
    env: dict[str, Any] = {"_SKIP": _SKIP, "date": datetime.date}
    arguments = []
    body = []
    for i, (name, get, method) in enumerate(entries):
        key = repr(name)
        if isinstance(get, _Column) and _attribute(get.column):
            if get.convert is None:
                body.append(f"out[{key}] = o.{get.column}")
                continue
            env[f"c{i}"] = get.convert
            for suffix, value in getattr(get.convert, "names", {}).items():
                env[f"c{i}_{suffix}"] = value
            inline = _INLINE.get(get.convert) or getattr(get.convert, "inline", "{c}(v)")
            body += [
                f"v = o.{get.column}",
                f"out[{key}] = None if v is None else " + inline.format(c=f"c{i}"),
            ]
            continue
        if method:
            arguments.append(f"g{i}")
        else:
            env[f"g{i}"] = get
        body += [f"v = g{i}(o)", "if v is not _SKIP:", f"    out[{key}] = v"]
    source = "\n".join(
        [
            f"def make({', '.join(arguments)}):",
            "    def write(o):",
            "        out = {}",
            *[f"        {line}" for line in body],
            "        return out",
            "    return write",
        ]
    )
    exec(compile(source, "<core.api.fast writer>", "exec"), env)
    return env["make"]


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


def rows(queryset: models.QuerySet, serializer: serializers.Serializer) -> models.QuerySet:
    """``queryset`` read as the columns ``writer(serializer)`` writes, rows as plain
    objects, not model instances (a page of 100 projects with their sector, zone, place
    and owner was 500 instances). It is counted as ``queryset`` is (``rows_of``): a count
    known in advance (``aggregates.counted``) kept, and no join of the values counted.
    ``queryset`` itself where the serializer needs instances. The nested lists and
    many-to-many fields are read by ``prefetch``."""
    reads = _shape(serializer).reads
    if reads is None:
        return queryset
    return values_rows(queryset, sorted(reads))


def values_rows(
    queryset: models.QuerySet, names: list[str], row: type[Row] = Row
) -> models.QuerySet:
    """``queryset`` read as the columns (or annotations) ``names``, rows as ``row``s (a
    ``Row`` or a subclass with the model's properties that read those columns), counted
    as ``queryset`` is (see ``rows``)."""
    read = queryset.prefetch_related(None).values(*names)
    read._iterable_class = _iterable_of(row)
    result = aggregates.counted_by(read, queryset.count, "Rows")
    result.rows_of = queryset
    return result


def _ordered(model: Any, prefix: str) -> list[str] | None:
    """``model``'s default ordering, seen from a relation ``prefix``; None if not plain."""
    ordering = model._meta.ordering
    if not all(isinstance(o, str) for o in ordering):
        return None
    return [f"-{prefix}{o[1:]}" if o.startswith("-") else f"{prefix}{o}" for o in ordering]


def _reverse_key(model: Any, name: str) -> Any:
    """The foreign key of the reverse relation ``name`` of ``model`` that ``prefetch``
    reads (to the related model's ``id``), or None."""
    rel = getattr(getattr(model, name, None), "rel", None)
    fk = getattr(rel, "field", None)
    if fk is None or not fk.many_to_one or fk.remote_field.field_name != "id":
        return None
    return fk


def _link_read(relation: Any) -> bool:
    """Whether a many-to-many ``relation`` can be read from its link table as its manager
    reads it: a model ordering of plain names (an unordered manager's order is the
    database's, left to it)."""
    ordering = _ordered(relation.related_model, "")
    return bool(ordering) and relation.remote_field.through._meta.auto_created is not False


class _AnyOf(Lookup):
    """``column = ANY(%s::bigint[])``: one of a list of whole numbers, bound as one array,
    written as its literal (psycopg's dumper of a list is a Python loop over its items)."""

    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        column, params = self.process_lhs(compiler, connection)
        keys = "{" + ",".join(map(str, self.rhs)) + "}"
        return f"{column} = ANY(%s::bigint[])", (*params, keys)


def keyed(queryset: models.QuerySet, column: str, keys: list[Any]) -> models.QuerySet:
    """``queryset``'s rows whose ``column`` is one of ``keys`` (a page's primary keys). On
    PostgreSQL, when they are whole numbers, ``= ANY(%s)`` of one array: an ``IN`` of a
    parameter per key made Django prepare each key and psycopg, which binds parameters
    client side, split the query at each of them (some 1 ms a list of 100 requests with
    three nested lists)."""
    plain = set(map(type, keys)) <= {int}
    if plain and connections[queryset.db].vendor == "postgresql":
        return queryset.filter(_AnyOf(F(column), keys))
    return queryset.filter(**{f"{column}__in": keys})


def _grouped(queryset: models.QuerySet, fk: Any) -> models.QuerySet:
    """``queryset`` (the default manager's) in its model's ordering less the terms read
    through ``fk``, the key its rows are grouped by (``prefetch``): those are the same for
    every row of a group, so the order within each group is the same, without a join
    (ratings ordered by ``request`` joined the requests to sort by their ordering)."""
    ordering = fk.model._meta.ordering
    if queryset.query.order_by or not queryset.query.default_ordering:
        return queryset
    if not ordering or not all(isinstance(o, str) for o in ordering):
        return queryset
    kept = [o for o in ordering if o.lstrip("-").split("__")[0] not in (fk.name, fk.attname)]
    return queryset if len(kept) == len(ordering) else queryset.order_by(*kept)


def _prefetch_many(instances: list[Any], model: Any, field: serializers.Field, name: str) -> bool:
    """Read a many-to-many field's keys or slugs for ``instances`` from its link table, in
    the related model's order as its manager reads them; False if not plain."""
    child = getattr(field, "child_relation", None)
    if _many(field, name) is None and _many_slugs(field, name) is None:
        return False
    relation = _model_field(model, name)
    if relation is None or not _link_read(relation):
        return False
    through = relation.remote_field.through
    source = relation.m2m_field_name()
    target = relation.m2m_reverse_field_name()
    slug = getattr(child, "slug_field", None)
    wanted = f"{target}__{slug}" if slug else f"{target}_id"
    read = keyed(through._default_manager.all(), f"{source}_id", [i.pk for i in instances])
    read = read.order_by(*_ordered(relation.related_model, f"{target}__"))
    grouped: dict[Any, list[Any]] = {i.pk: [] for i in instances}
    for owner, value in read.values_list(f"{source}_id", wanted):
        grouped[owner].append(Row({slug or "id": value}))
    listed = prefetched(name)
    for instance in instances:
        instance.__dict__[listed] = grouped[instance.pk]
    return True


def prefetch(instances: list[Any], serializer: serializers.Serializer) -> list[Any]:
    """Read the nested lists of ``serializer`` (``many=True`` fields on a reverse foreign
    key) for ``instances`` as ``writer`` will write them: one query per list, as Django's
    ``prefetch_related`` reads them (the related model's default manager and ordering, the
    rows of all ``instances`` in one ``IN``, ``keyed``; the order within each instance's
    rows as the model's, ``_grouped``), but only the columns the nested serializer
    writes, as plain rows, not model instances with a filtered queryset each (two thirds of
    the aftercare API's time for 100 requests with three lists). A nested serializer that
    reads anything but columns gets model instances. The keys or slugs of a many-to-many
    field are read from its link table (``_prefetch_many``). ``instances`` may be model
    instances or ``rows``. Returns ``instances``."""
    model = _model_of(serializer)
    pks = [instance.pk for instance in instances]
    for field in _shape(serializer).lists if instances else ():
        if len(field.source_attrs) != 1:
            continue
        name = field.source_attrs[0]
        if isinstance(field, ManyRelatedField):
            _prefetch_many(instances, model, field, name)
            continue
        fk = _reverse_key(model, name)
        if fk is None:
            continue
        columns = _shape(field.child).reads
        related = keyed(_grouped(fk.model._default_manager.all(), fk), fk.attname, pks)
        if columns is not None:
            related = related.values(*sorted(columns | {fk.attname}))
            related._iterable_class = _RowIterable
        grouped: dict[Any, list[Any]] = {pk: [] for pk in pks}
        key = fk.attname
        for row in related:
            grouped[row.__dict__[key]].append(row)
        listed = prefetched(name)
        for instance, pk in zip(instances, pks, strict=True):
            instance.__dict__[listed] = grouped[pk]
    return instances
