"""Queries planned once: their SQL, and how a row becomes model instances, worked out the
first time a database connection runs them, then run again with a new parameter.

Building a small query through the ORM (filters, joins, the select list, compiling to SQL)
costs far more than running it: the signed-in user with their agency took ~1 ms of every
request, of which the database answered in ~0.1 ms. A ``PlannedQuery`` is built from a
function that makes the queryset for one parameter value; the rows come back as the
queryset's own would (``from_db``, related objects from ``select_related`` attached).

A plan belongs to its connection (it keeps the connection's compiler and converters), so
each thread and each database has its own. The plan holds SQL, never rows: nothing read
is remembered between calls.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

#: The parameter value the plan is made with, found again in the compiled parameters.
_MARK = 7_392_016_452_861_537


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    slot: int
    compiler: Any
    converters: dict
    model: type[Model]
    start: int
    end: int
    init_list: list[str]
    populators: list[Any]


class PlannedQuery:
    """``build(value)`` -> the queryset for one value of its single parameter (a number);
    ``first(value)`` -> its first instance, or None."""

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self._build = build

    def _plan(self, using: str) -> _Plan:
        connection = connections[using]
        queryset = self._build(_MARK)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = [i for i, value in enumerate(params) if value == _MARK]
        if len(slots) != 1:
            raise ValueError(f"a planned query takes exactly one parameter, not {len(slots)}")
        select, info = compiler.select, compiler.klass_info
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            slot=slots[0],
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=info["model"],
            start=start,
            end=end,
            init_list=[s[0].target.attname for s in select[start:end]],
            populators=get_related_populators(info, select, using),
        )
        plans = connection.__dict__.setdefault("xuctien_plans", {})
        plans[self] = plan
        return plan

    def first(self, value: int, using: str = DEFAULT_DB_ALIAS) -> Any:
        """The first instance the query finds for ``value`` (a value as the database takes
        it: the caller converts), or None."""
        connection = connections[using]
        plan = connection.__dict__.get("xuctien_plans", {}).get(self) or self._plan(using)
        params = list(plan.params)
        params[plan.slot] = value
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if plan.converters:
            row = next(iter(plan.compiler.apply_converters([row], plan.converters)))
        instance = plan.model.from_db(using, plan.init_list, row[plan.start : plan.end])
        for populator in plan.populators:
            populator.populate(row, instance)
        return instance
