"""Create-or-update that leaves a record untouched when nothing changed.

A second import of the same data must change nothing: no new version, no history entry.
"""

from typing import Any

from django.db import models

from xuctien.history import plain_value


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    on_create: dict[str, Any] | None = None,
) -> tuple[models.Model, str]:
    """Return (record, "created" | "updated" | "unchanged"); ``on_create`` sets new records only."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values, **(on_create or {}))
        record.full_clean(validate_unique=False, validate_constraints=False)
        record.save()
        return record, "created"
    changed = [name for name, value in values.items() if not _same(record, name, value)]
    if not changed:
        return record, "unchanged"
    for name in changed:
        setattr(record, name, values[name])
    record.save()
    return record, "updated"


def _same(record: models.Model, name: str, value: Any) -> bool:
    field = record._meta.get_field(name)
    current = getattr(record, field.attname if field.is_relation else name)
    if field.is_relation:
        value = getattr(value, "pk", value)
    wanted = field.to_python(value) if value is not None else None
    return plain_value(current) == plain_value(wanted)
