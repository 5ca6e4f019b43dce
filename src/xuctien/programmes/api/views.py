"""Read-only programme API: approved figures are public, like a statistics portal."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import F, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuctien.core.api import fast
from xuctien.programmes import caching, computed
from xuctien.programmes.api.serializers import (
    AssessmentSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    headlines,
    report_for,
)
from xuctien.programmes.filtersets import IndicatorFilterSet, ObservationFilterSet
from xuctien.programmes.models import Indicator, Observation
from xuctien.programmes.monitoring import (
    assess_indicators,
    with_targets,
)

#: The columns no entry shows: when they were written, and the long texts (the entry's
#: serializer reads none of them; a test keeps it so). Their times cost a parse each and
#: their texts a read from TOAST, for a hundred rows a page.
NOT_SHOWN = {"created_at", "updated_at", "description", "description_en", "note", "source_url"}
#: What an entry shows besides its report, read with the page: the indicator's other
#: columns, its programme's code and its breakthrough's number.
ENTRY_COLUMNS = (
    *(f.attname for f in Indicator._meta.concrete_fields if f.attname not in NOT_SHOWN),
    *("programme_code", "breakthrough_number"),
)


class EntryRow(fast.Row):
    """An indicator of the list as its ``ENTRY_COLUMNS``, with what its report's key reads
    of it (``caching.scopes_for``)."""

    is_derived = Indicator.is_derived


def entry_keys(indicators: list[Any], current: dict[str, int]) -> dict[int, str]:
    """Each indicator's entry in the list: its report's key and a digest of what else the
    entry shows (``ENTRY_COLUMNS``); ``indicators``: records or rows of those columns."""
    reports = caching.keys(indicators, current)
    found = {}
    for indicator in indicators:
        values = [getattr(indicator, name) for name in ENTRY_COLUMNS]
        digest = hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()
        found[indicator.pk] = f"{reports[indicator.pk]}:api-entry:{digest}"
    return found


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators with their baseline, current targets and status; looked up by code."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"
    #: a page's ids first, then its rows (``BoundedLimitOffsetPagination``)
    page_by_ids = True

    def get_queryset(self) -> QuerySet:
        readable = super().get_queryset().restrict(self.request.user, "view")
        if self.action == "list":  # what the entries' keys read, as values; the rest for
            # those missing. A hundred indicators as records with their programmes and
            # breakthroughs cost some 2 ms of a national page's 14.
            annotated = readable.annotate(
                programme_code=F("programme__code"), breakthrough_number=F("breakthrough__number")
            )
            return fast.values_rows(annotated, list(ENTRY_COLUMNS), EntryRow)
        return with_targets(readable)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page's entries: each from the cache while its indicator's report and
        columns are unchanged (``entries``), the others serialised together."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.entries(list(queryset)))
        return self.get_paginated_response(self.entries(list(page)))

    def entries(self, page: list[Any]) -> list[dict[str, Any]]:
        """Each indicator's entry, cached under its report's key (``caching.key``: the
        generations of the data it reads, the language, the day) and its own columns, its
        programme's code and breakthrough's number (a change without ``save`` bumps no
        generation). The indicators missing get their targets and baselines, and what
        they show of their reports (``headlines``: from the cache beside the reports, the
        others assessed together), not one by one. The page as a whole is cached too,
        under its entries' keys."""
        if not page:
            return []
        current = caching.generations(s for i in page for s in caching.scopes_for(i))
        keys = entry_keys(page, current)
        store = caching.cache()
        # The whole page under one key made of its entries' keys: one read where a
        # hundred cost some 1.5 ms (a key made, checked and unpickled each).
        ordered = [keys[i.pk] for i in page]
        whole = "xt:api-page:" + hashlib.blake2b("|".join(ordered).encode()).hexdigest()
        drawn = store.get(whole)
        if drawn is not None:
            return drawn
        found = store.get_many(ordered)
        missing = [i for i in page if keys[i.pk] not in found]
        if missing:  # read again as the reports read them: with their targets and places
            place = {i.pk: n for n, i in enumerate(missing)}
            again = with_targets(Indicator.objects.filter(pk__in=list(place)))
            missing = sorted(again, key=lambda i: place[i.pk])
            briefs = caching.briefs(
                missing,
                "api",
                lambda indicators: assess_indicators(indicators, current=current),
                headlines,
                current,
            )
            for indicator in missing:
                indicator._api_headline = briefs[indicator.pk]
            data = self.get_serializer(missing, many=True).data
            fresh = {keys[i.pk]: dict(entry) for i, entry in zip(missing, data, strict=True)}
            store.set_many(fresh, caching.TIMEOUT)
            found |= fresh
        drawn = [found[key] for key in ordered]
        store.set(whole, drawn, caching.TIMEOUT)
        return drawn

    @extend_schema(
        summary="The indicator's assessment, one entry per year",
        responses=AssessmentSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="assessments", pagination_class=None, filterset_class=None)
    def assessments(self, request: Request, code: str | None = None) -> Response:
        """Actual, expected, gap, % of target, projection, still needed and status per year,
        with the rule that gave the status; only approved figures count."""
        rows = report_for(self.get_object()).rows
        computed.read_sources([row.figure for row in rows])
        return Response(AssessmentSerializer(rows, many=True).data)


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Reported figures; anonymous readers see approved ones only."""

    queryset = Observation.objects.select_related("indicator", "locality", "zone")
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(self.request.user, "view")
