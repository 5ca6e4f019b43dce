"""How many requests the nation has, cached: the request list and the API of a national
reader counted the nation's 100,000 requests on every page (8-18 ms of SQL a page)."""

from django.db.models import QuerySet

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


def counted(queryset: QuerySet) -> QuerySet:
    """``queryset`` counted from ``every_request`` when it is every request (no condition,
    no distinct, no slice: a national reader's unfiltered list); otherwise as it was,
    counted by the database."""
    query = queryset.query
    if (
        queryset.model is not Request
        or query.where
        or query.distinct
        or query.is_sliced
        or query.combinator
    ):
        return queryset
    return aggregates.counted(queryset, every_request())
