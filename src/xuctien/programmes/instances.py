"""Many model instances read, pickled and unpickled cheaply: the assessments' figures.

A full recompute reads every province-level figure of every indicator (tens of thousands
of observations at national scale) and caches each indicator's report with the figures it
used. Built by ``Model.__init__`` (signals, per-field ``setattr``) and pickled by
``Model.__reduce__`` (a copy of the instance's dict, keys and all), those figures cost
ten times their arithmetic. Here an instance is built as ``Model.from_db`` builds it —
the row's values on the instance, not added (``_state``), the loaded row kept for the
history (``_history_loaded``) — without ``__init__``, and pickled as the row's values.
Models with ``pre_init``/``post_init`` receivers are read the ordinary way.
"""

from __future__ import annotations

import pickle
from functools import cache
from operator import itemgetter
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

#: instance attributes the compact form rebuilds itself
_OWN = frozenset({"_state", "_history_loaded"})


@cache
def attnames(model: type[Model]) -> tuple[str, ...]:
    """The concrete fields' attribute names, in the order ``from_db`` takes the values."""
    return tuple(f.attname for f in model._meta.concrete_fields)


def plain(model: type[Model]) -> bool:
    """Whether instances of ``model`` can be built without ``__init__``: nothing listens."""
    return not (pre_init.has_listeners(model) or post_init.has_listeners(model))


def build(model: type[Model], db: str | None, values: tuple, adding: bool = False) -> Any:
    """An instance with every concrete field's value, as ``model.from_db(db, …)`` gives."""
    names = attnames(model)
    instance = model.__new__(model)
    state = ModelState()
    state.adding = adding
    state.db = db
    data = instance.__dict__
    data.update(zip(names, values, strict=True))
    data["_state"] = state
    data["_history_loaded"] = (names, values)
    return instance


def read(queryset: QuerySet, related: str | None = None) -> list[Any]:
    """The instances of ``queryset`` (no deferred field), built as ``build`` does: the same
    objects as ``list(queryset.select_related(related))``, several times faster. The
    related record (a foreign key) is read in the same query, one object per record."""
    model = queryset.model
    field = model._meta.get_field(related) if related else None
    other = field.related_model if field else None
    if not plain(model) or (other and not plain(other)) or queryset.query.deferred_loading[0]:
        return list(queryset.select_related(related) if related else queryset)
    names = attnames(model)
    columns = [*names, *(f"{related}__{name}" for name in attnames(other))] if other else names
    db = queryset.db
    rows = queryset.select_related(None).values_list(*columns)
    if field is None:
        return [build(model, db, values) for values in rows]
    cut = len(names)
    key = cut + attnames(other).index(other._meta.pk.attname)
    seen: dict[Any, Any] = {}
    cache_related = field.set_cached_value
    read = []
    for row in rows:
        instance = build(model, db, row[:cut])
        pk = row[key]
        if pk is None:
            cache_related(instance, None)
        else:
            record = seen.get(pk)
            if record is None:
                record = seen[pk] = build(other, db, row[cut:])
            cache_related(instance, record)
        read.append(instance)
    return read


@cache
def _values_of(model: type[Model]) -> Any:
    names = attnames(model)
    getter = itemgetter(*names)
    return getter if len(names) > 1 else lambda data: (getter(data),)


def reduce(instance: Model) -> tuple | None:
    """The compact pickled form of an instance with all its fields loaded, or None (the
    ordinary one: deferred fields). The caller checks the model is ``plain``."""
    model = type(instance)
    data = instance.__dict__
    try:
        values = _values_of(model)(data)
    except KeyError:  # a deferred field
        return None
    names = attnames(model)
    others = data.keys() - names - _OWN
    extras = {k: data[k] for k in others} if others else None
    state = data["_state"]
    cached = state.__dict__.get("fields_cache") or None
    loaded = data.get("_history_loaded")
    if loaded is not None and tuple(loaded[1]) == values and tuple(loaded[0]) == names:
        loaded = True  # as read: rebuilt from the values
    return (_rebuild, (model, state.db, state.adding, values, cached, extras, loaded))


def _rebuild(
    model: type[Model],
    db: str | None,
    adding: bool,
    values: tuple,
    cached: dict | None,
    extras: dict | None,
    loaded: Any,
) -> Any:
    instance = build(model, db, values, adding)
    data = instance.__dict__
    if loaded is not True:
        data.pop("_history_loaded")
        if loaded is not None:
            data["_history_loaded"] = loaded
    if cached:
        data["_state"].fields_cache = cached
    if extras:
        data.update(extras)
    return instance


class Pickler(pickle.Pickler):
    """Pickles model instances in their compact form (``reduce``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain: dict[type, bool] = {}

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Model):
            model = type(obj)
            compact = self._plain.get(model)
            if compact is None:
                compact = self._plain[model] = plain(model)
            reduced = reduce(obj) if compact else None
            if reduced is not None:
                return reduced
        return NotImplemented
