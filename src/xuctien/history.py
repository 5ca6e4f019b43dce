"""Who is acting, and the before/after snapshots that make up a record's history.

The acting user travels in a context variable: the request middleware sets it for web
and API requests, and services, commands and background tasks set it with ``acting_as``.
"""

import contextvars
import functools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("xt_actor", default=None)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("xt_request_id", default="")

CREATE, UPDATE, DELETE = "create", "update", "delete"


@contextmanager
def acting_as(user: Any, request_id: str | None = None) -> Iterator[None]:
    """Attribute every change made inside the block to ``user`` (None = the system)."""
    actor_token = _actor.set(user if user is not None and user.is_authenticated else None)
    rid_token = _request_id.set(request_id or uuid.uuid4().hex)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _request_id.reset(rid_token)


def current_actor() -> Any:
    return _actor.get()


def plain_value(value: Any) -> Any:
    """A JSON-safe form of a field value that compares equal when the value is equal."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def snapshot(
    instance: models.Model, exclude: tuple[str, ...] = (), only: set[str] | None = None
) -> dict[str, Any]:
    """The record's loaded concrete field values (foreign keys by id), ready for JSON.

    Deferred fields (``.only()``, ``.defer()``) are left out: reading one would load it
    from the database, which builds another instance, which takes its own snapshot...
    ``only`` narrows the snapshot to those attribute names.
    """
    deferred = instance.get_deferred_fields()
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.attname in deferred:
            continue
        if only is not None and field.attname not in only:
            continue
        data[field.attname] = plain_value(getattr(instance, field.attname))
    return data


#: Values ``plain_value`` returns as they are (exact types: an enum member, a subclass of
#: ``str``, takes the long way and comes back the same).
_AS_THEY_ARE = frozenset({str, int, float, bool, type(None), dict, list})


def snapshots(
    model: type[models.Model], records: list[models.Model], exclude: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """``[snapshot(record, exclude) for record in records]`` for thousands of records of
    ``model`` (an import's rows): the fields listed once, each value read from the record's
    attributes where its field keeps it there as it is, a plain value kept as it is."""
    names = _snapshot_fields(model, exclude)
    if names is None:
        return [snapshot(record, exclude) for record in records]
    found = []
    for record in records:
        state = record.__dict__
        if type(record) is not model:
            found.append(snapshot(record, exclude))
            continue
        try:
            values = [state[name] for name in names]
        except KeyError:  # a deferred field: left out, as ``snapshot`` leaves it
            found.append(snapshot(record, exclude))
            continue
        found.append(
            {
                name: value if type(value) in _AS_THEY_ARE else plain_value(value)
                for name, value in zip(names, values, strict=True)
            }
        )
    return found


@functools.cache
def _snapshot_fields(model: type[models.Model], exclude: tuple[str, ...]) -> list[str] | None:
    """The attribute names ``snapshot`` reads, in its order; None if one of them is read
    through a descriptor that makes something of the stored value (a file)."""
    from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
    from django.db.models.query_utils import DeferredAttribute

    plain = (DeferredAttribute, ForeignKeyDeferredAttribute)
    fields = [f for f in model._meta.concrete_fields if f.name not in exclude]

    def descriptor(name: str) -> Any:
        return next((vars(c)[name] for c in model.__mro__ if name in vars(c)), None)

    if any(type(descriptor(f.attname)) not in plain for f in fields):
        return None
    return [f.attname for f in fields]


def loaded_snapshot(
    instance: models.Model,
    field_names: list[str],
    values: tuple[Any, ...],
    exclude: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``snapshot`` of a record as it was read: from the row the database returned.

    ``field_names`` are the attribute names of the loaded fields (deferred ones are not
    among them), in the order of ``values``.
    """
    skip, files = _loaded_fields(type(instance), exclude)
    return {
        name: (value or "") if name in files else plain_value(value)
        for name, value in zip(field_names, values, strict=True)
        if name not in skip
    }


@functools.cache
def _loaded_fields(model: type[models.Model], exclude: tuple[str, ...]) -> tuple[set, set]:
    """The attribute names a snapshot leaves out, and those of file fields (read as names)."""
    fields = model._meta.concrete_fields
    skip = {f.attname for f in fields if f.name in exclude}
    files = {f.attname for f in fields if isinstance(f, models.FileField)}
    return skip, files


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[dict, dict]:
    """The fields that changed, as (before, after) dicts restricted to those fields."""
    if before is None:
        return {}, after
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def record(instance: models.Model, action: str, before: dict | None, after: dict | None) -> None:
    """Write one entry of the record's history."""
    change_model = apps.get_model("core", "ChangeRecord")
    actor = current_actor()
    change_model.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=action,
        user=actor,
        request_id=_request_id.get(),
        before=before,
        after=after,
    )


def record_batch(
    model: type[models.Model],
    label: str,
    rows: list[tuple[models.Model, str, dict | None, dict | None]],
    batch: Any = None,
) -> Any:
    """One history entry for a bulk write: a ``ChangeBatch`` and its rows' changes.

    ``rows`` are (record, CREATE or UPDATE, before, after), the records already written
    (of ``model``, or of records written with them: each change names its own kind);
    their changes are inserted together, a thousand to a statement, each pointing to the
    batch, so every record's own history still shows its change (decision 0029). Pass
    ``batch`` to add rows to a batch already started.
    """
    batch_model = apps.get_model("core", "ChangeBatch")
    change_model = apps.get_model("core", "ChangeRecord")
    actor, request_id = current_actor(), _request_id.get()
    from xuctien.importing import insert_rows

    kinds: dict[type, int] = {}  # the content type of each kind of record, asked once

    def kind(instance: models.Model) -> int:
        if type(instance) not in kinds:
            found = ContentType.objects.get_for_model(instance, for_concrete_model=False)
            kinds[type(instance)] = found.pk
        return kinds[type(instance)]

    user_id = getattr(actor, "pk", None)
    build = _builder(change_model)
    # The changes made before the batch is asked for: under ``importing.streamed``, the
    # database is meanwhile still inserting the rows they describe.
    changes = [
        build(  # ids, not records: ten thousand rows skip the descriptors
            content_type_id=kind(instance),
            object_id=str(instance.pk),
            object_repr=str(instance)[:200],
            action=action,
            user_id=user_id,
            request_id=request_id,
            before=before,
            after=after,
        )
        for instance, action, before, after in rows
    ]
    if batch is not None:  # the batch counts the records of its own kind
        model = ContentType.objects.get_for_id(batch.content_type_id).model_class()
    created = sum(1 for record, action, *_x in rows if action == CREATE and type(record) is model)
    updated = sum(1 for record, action, *_x in rows if action == UPDATE and type(record) is model)
    if batch is None:
        batch = batch_model.objects.create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            label=label[:200],
            user=actor,
            request_id=request_id,
            created=created,
            updated=updated,
        )
    elif created or updated:
        batch_model.objects.filter(pk=batch.pk).update(
            created=models.F("created") + created, updated=models.F("updated") + updated
        )
    for change in changes:
        change.batch_id = batch.pk
    insert_rows(change_model, changes, ids=False)  # nobody reads them back
    return batch


def _builder(model: type[models.Model]) -> Any:
    """``model(**values)`` for values given by attribute name (ids, not records), for
    thousands of rows: each record starts from the attributes of one built the usual way
    (its defaults) and takes the values given. ``Model.__init__`` walks every field
    and its descriptors per record; ten thousand history rows spent more in it than in
    their insert (decision 0032). A model with a default that must be made per record
    (a callable), or a value named by a field's name rather than its attribute name,
    is built the usual way.
    """
    fields = model._meta.concrete_fields
    if any(callable(f.default) for f in fields if f.has_default()):
        return model
    template = dict(vars(model()))
    del template["_state"]
    attnames = {f.attname for f in fields}

    def build(**values: Any) -> models.Model:
        if not attnames.issuperset(values):
            return model(**values)
        record = model.__new__(model)
        record.__dict__.update(template)
        record.__dict__.update(values)
        record._state = models.base.ModelState()
        return record

    return build
