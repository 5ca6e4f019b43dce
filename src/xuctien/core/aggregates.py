"""Costly aggregates computed once, cached per province, invalidated by the writes that change
them (decision record 0026).

An aggregate (the investment funnel, analytics by country, a scorecard…) is computed in SQL
for one province and kept in Django's cache under a key that holds a *generation*: a number
per aggregate key and province, drawn anew at each change, stored in the database
(``core.AggregateGeneration``) so that every worker process sees a bump at once, whatever
the cache backend. The services that write
the underlying rows call ``bump(key, province)`` inside their transaction; the next read finds
a new generation, misses the cache and computes again. A bump rolled back with its
transaction leaves the old generation, and the value cached under it, valid.

``province`` is a ``Province``, its id, or None for data shared by every province (investors,
sectors, countries): bumping None invalidates the key in every province.

Usage::

    from xuctien.core import aggregates

    funnel = aggregates.cached("investments", province, lambda: compute_funnel(province))
    ...
    aggregates.bump("investments", project.province_id)  # in the service, last

Cache plain data (numbers, ids, codes), never rendered text: one cached value serves every
language. A bump locks its counter row until the transaction ends, so call it last in the
service, and bump one key per service where possible.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import QuerySet

T = TypeVar("T")

#: Safety net: a value computed before a bump that never happened (a write outside the
#: services) lives at most this long.
TIMEOUT_SECONDS = 6 * 3600
SHARED = 0
_MISSING = object()


def _pid(province: Any) -> int:
    if province is None:
        return SHARED
    return int(getattr(province, "pk", province))


def generations(key: str, provinces: Iterable[Any]) -> dict[int, str]:
    """Province id -> current generation of ``key`` there (its own and the shared one), in
    one query."""
    from xuctien.core.models import AggregateGeneration

    pids = {_pid(p) for p in provinces}
    rows = dict(
        AggregateGeneration.objects.filter(key=key, province_id__in=pids | {SHARED}).values_list(
            "province_id", "generation"
        )
    )
    shared = rows.get(SHARED, 0)
    return {pid: f"{rows.get(pid, 0)}.{shared}" for pid in pids}


def generation(key: str, province: Any) -> str:
    """The current generation of ``key`` in ``province`` (one query)."""
    return generations(key, [province])[_pid(province)]


def bump(key: str, province: Any) -> None:
    """Say the data behind ``key`` in ``province`` changed (None: in every province).

    A generation is a random number, not a count: a rolled-back transaction or a restored
    backup brings back an older generation together with its data, and a new bump can never
    repeat a generation already cached for other data."""
    from xuctien.core.models import AggregateGeneration

    pid = _pid(province)
    counters = AggregateGeneration.objects.filter(key=key, province_id=pid)
    if counters.update(generation=_fresh()):
        return
    AggregateGeneration.objects.bulk_create(
        [AggregateGeneration(key=key, province_id=pid, generation=_fresh())],
        ignore_conflicts=True,
    )
    counters.update(generation=_fresh())  # created meanwhile by another writer, or by us


def versions(keys: Iterable[str]) -> dict[str, int]:
    """Key -> current generation (0: never bumped) of keys that stand for no province (a
    cache keyed by many small scopes, such as each indicator's assessment), in one query."""
    from xuctien.core.models import AggregateGeneration

    return dict(
        AggregateGeneration.objects.filter(key__in=set(keys), province_id=SHARED).values_list(
            "key", "generation"
        )
    )


def versions_digest(prefix: str) -> str:
    """A short digest of the generations of every key that stands for no province and
    starts with ``prefix``, in one query: it changes whenever one of them is bumped or
    first created, so a value computed over all of them (a national summary of every
    indicator's assessment) can be cached under it."""
    from xuctien.core.models import AggregateGeneration

    rows = (
        AggregateGeneration.objects.filter(key__startswith=prefix, province_id=SHARED)
        .order_by("key")
        .values_list("key", "generation")
    )
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=8).hexdigest()


def bump_keys(keys: Iterable[str]) -> None:
    """``bump`` for many keys that stand for no province, in two or three queries."""
    from xuctien.core.models import AggregateGeneration

    keys = set(keys)
    if not keys:
        return
    counters = AggregateGeneration.objects.filter(key__in=keys, province_id=SHARED)
    if counters.update(generation=_fresh()) == len(keys):
        return
    AggregateGeneration.objects.bulk_create(
        [AggregateGeneration(key=k, province_id=SHARED, generation=_fresh()) for k in keys],
        ignore_conflicts=True,
    )
    counters.update(generation=_fresh())


def bump_prefix(prefix: str) -> None:
    """Bump every key that stands for no province and starts with ``prefix``."""
    from xuctien.core.models import AggregateGeneration

    AggregateGeneration.objects.filter(key__startswith=prefix, province_id=SHARED).update(
        generation=_fresh()
    )


def _fresh() -> int:
    return secrets.randbelow(2**62) + 1


def _cache_key(key: str, pid: int, gen: str, variant: str) -> str:
    return f"xt:aggregate:{key}:{variant}:{pid}:{gen}"


def cached(key: str, province: Any, compute: Callable[[], T], *, variant: str = "") -> T:
    """``compute()`` for ``province``, from the cache while its generation holds.

    ``variant`` tells apart values of one key that differ by something else than the data
    (what an audience may see: "all", "public"); they share the generation."""
    pid = _pid(province)
    cache_key = _cache_key(key, pid, generation(key, province), variant)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, TIMEOUT_SECONDS)
    return value  # type: ignore[return-value]


def cached_many(
    key: str, provinces: Iterable[Any], compute: Callable[[Any], T], *, variant: str = ""
) -> dict[int, T]:
    """Province id -> ``compute(province)`` for several provinces (a national page): one
    query for the generations, one cache round trip, then a computation per stale province."""
    provinces = list(provinces)
    gens = generations(key, provinces)
    keys = {_pid(p): _cache_key(key, _pid(p), gens[_pid(p)], variant) for p in provinces}
    found = cache.get_many(list(keys.values()))
    result: dict[int, T] = {}
    for province in provinces:
        pid = _pid(province)
        if keys[pid] in found:
            result[pid] = found[keys[pid]]
        else:
            result[pid] = compute(province)
            cache.set(keys[pid], result[pid], TIMEOUT_SECONDS)
    return result


def cached_together(
    key: str,
    provinces: Iterable[Any],
    compute: Callable[[list[int]], dict[int, T]],
    *,
    variant: str = "",
    default: Callable[[], T] | None = None,
) -> dict[int, T]:
    """Province id -> value for several provinces (a national page), the provinces not
    cached computed together by one call of ``compute(province ids) -> {id: value}`` (a
    grouped query), not one computation per province; a province ``compute`` leaves out gets
    ``default()`` (it has no rows)."""
    pids = [_pid(p) for p in provinces]
    gens = generations(key, pids)
    keys = {pid: _cache_key(key, pid, gens[pid], variant) for pid in pids}
    found = cache.get_many(list(keys.values()))
    result = {pid: found[keys[pid]] for pid in pids if keys[pid] in found}
    stale = [pid for pid in pids if pid not in result]
    if stale:
        computed = compute(stale)
        fresh = {pid: computed[pid] if pid in computed else _empty(default) for pid in stale}
        cache.set_many({keys[pid]: value for pid, value in fresh.items()}, TIMEOUT_SECONDS)
        result.update(fresh)
    return {pid: result[pid] for pid in pids}


def cached_combined(
    key: str, provinces: Iterable[Any], compute: Callable[[], T], *, variant: str = ""
) -> T:
    """``compute()`` over several provinces' data (a value a national page derives from their
    cached parts, such as a scorecard folded from every province's groups), cached as one
    value while none of their generations of ``key`` changes: one query for the generations
    and one cache round trip, not one cached part per province to unpickle and merge."""
    gens = sorted(generations(key, provinces).items())
    return _cached_while(key, -2, gens, compute, variant)


def cached_national(key: str, compute: Callable[[], T], *, variant: str = "") -> T:
    """``compute()`` over every province's data (a count of the nation's records), cached
    while no province's generation of ``key`` changes: all of them read in one query."""
    from xuctien.core.models import AggregateGeneration

    rows = sorted(
        AggregateGeneration.objects.filter(key=key).values_list("province_id", "generation")
    )
    return _cached_while(key, -1, rows, compute, variant)


def _cached_while(
    key: str, slot: int, generations: list, compute: Callable[[], T], variant: str
) -> T:
    """``compute()`` cached under ``key``'s ``slot`` while ``generations`` stay the same."""
    digest = hashlib.blake2b(repr(generations).encode(), digest_size=8).hexdigest()
    cache_key = _cache_key(key, slot, digest, variant)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, TIMEOUT_SECONDS)
    return value  # type: ignore[return-value]


def columns(record: Any) -> tuple:
    """Every column of ``record`` as read, for the key of a value drawn from it: a change made
    without ``save`` (a queryset's ``update``, which bumps no generation) still changes it."""
    return tuple(f.value_from_object(record) for f in record._meta.concrete_fields)


def counted(queryset: QuerySet, count: int) -> QuerySet:
    """``queryset`` answering ``count()`` with ``count`` (known from a cached aggregate)
    instead of counting in SQL: for a paginator. Any further filter, order or slice is a
    plain queryset again, counted by the database."""
    return counted_by(queryset, lambda: count, "Counted")


def counted_by(queryset: QuerySet, count: Callable[[], int], name: str) -> QuerySet:
    """``queryset`` whose ``count()`` is ``count()``: a subclass of its class made once per
    class and ``name``; its clones (a filter, an order, a slice) are of the plain class."""
    base = type(queryset)
    kind = _COUNTED.get((name, base))
    if kind is None:

        def _clone(self: QuerySet) -> QuerySet:
            clone = base._clone(self)
            clone.__class__ = base
            return clone

        kind = _COUNTED[name, base] = type(
            f"{name}{base.__name__}",
            (base,),
            {"count": lambda self: self._count(), "_clone": _clone},
        )
    result = queryset._chain()
    result.__class__ = kind
    result._count = count
    return result


_COUNTED: dict[tuple[str, type], type] = {}


def provinces_of(model: Any, records: Iterable[Any], path: str) -> set[int]:
    """The provinces of a bulk write's ``records``: ``path`` leads from ``model`` to the
    province ("province", or "project__province" through one relation, read in one query)."""
    first, _sep, rest = path.partition("__")
    if not rest:  # the record's own province
        return {getattr(record, f"{first}_id") for record in records}
    # A record holding its related record (an import writes its new projects' events with
    # them) says the province itself; only the others are asked for.
    relation = model._meta.get_field(first)
    field = relation.related_model._meta.get_field(rest) if "__" not in rest else None
    attname = field.attname if field is not None and field.concrete else None
    found, ids = set(), set()
    for record in records:
        related = record._state.fields_cache.get(relation.cache_name) if attname else None
        if related is not None and attname in related.__dict__:
            found.add(getattr(related, attname))
        else:
            ids.add(getattr(record, relation.attname))
    if ids:
        queryset = relation.related_model.objects.filter(pk__in=ids)
        found.update(queryset.values_list(rest, flat=True))
    return found


def _empty(default: Callable[[], T] | None) -> T | None:
    return default() if default is not None else None
