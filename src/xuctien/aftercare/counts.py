"""How many requests the nation has, cached: the request list and the API of a national
reader counted the nation's 100,000 requests on every page (8-18 ms of SQL a page); and the
national reader's unfiltered API pages, kept as written while no request, assignment,
event or rating of any province changes (``PAGES``)."""

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from xuctien.aftercare import flags
from xuctien.aftercare.models import Request
from xuctien.core import aggregates


def every_request() -> int:
    """How many requests there are, cached while no province's generation of the warnings'
    key changes: every request saved or deleted, and every import of requests, bumps it
    (``flags.connect``)."""
    return aggregates.cached_national(
        flags.CACHE_KEY, lambda: Request.objects.order_by().count(), variant="request-count"
    )


def is_every_request(queryset: QuerySet) -> bool:
    """Whether ``queryset`` is every request (no condition, no distinct, no slice: a
    national reader's unfiltered list)."""
    query = queryset.query
    return queryset.model is Request and not (
        query.where or query.distinct or query.is_sliced or query.combinator
    )


def counted(queryset: QuerySet) -> QuerySet:
    """``queryset`` counted from ``every_request`` when it is every request; otherwise as
    it was, counted by the database."""
    if not is_every_request(queryset):
        return queryset
    return aggregates.counted(queryset, every_request())


#: The generations of what a request's API entry writes: the request, its assignments,
#: events and ratings (every column of theirs the entry writes is their own; the
#: enterprise, project and agencies are ids). Each write bumps its province's.
PAGES = "aftercare-api"
#: (model, path from a record to its province)
WRITTEN = [
    ("Request", "province"),
    ("Assignment", "request__province"),
    ("RequestEvent", "request__province"),
    ("Rating", "request__province"),
]


def national_page(variant: str, compute: Any) -> Any:
    """``compute()``: a national reader's unfiltered page (``variant``: its limit and
    offset), kept while no province's ``PAGES`` generation changes."""
    return aggregates.cached_national(PAGES, compute, variant=variant)


def _receiver(path: str) -> Any:
    def receiver(sender: Any, instance: Any, **_kwargs: Any) -> None:
        aggregates.bump(PAGES, flags._province_of(instance, path))

    return receiver


_RECEIVERS: list[Any] = []  # signals hold weak references


def _bulk_written(sender: Any, records: list[Any], **_kwargs: Any) -> None:
    """An import's bulk write (``importing.bulk_written``): one bump per province."""
    for label, path in WRITTEN:
        if sender._meta.app_label == "aftercare" and sender.__name__ == label:
            for province in aggregates.provinces_of(sender, records, path):
                aggregates.bump(PAGES, province)


def connect() -> None:
    """Connect the receivers (``AftercareConfig.ready``)."""
    from django.apps import apps

    from xuctien.importing import bulk_written

    bulk_written.connect(_bulk_written, dispatch_uid="aftercare-api-bulk")
    for label, path in WRITTEN:
        model = apps.get_model("aftercare", label)
        receiver = _receiver(path)
        _RECEIVERS.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"aftercare-api-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"aftercare-api-d-{label}")
