"""Indicators whose yearly figures are computed from another register, not typed in.

A programme's "investment capital attracted" and "new jobs" come from the project
registry: the programme workbook declares which indicator each register feeds (column
``registry`` of sheet ``indicators``, stored as ``Indicator.registry_feed``), the
investments app registers a provider per feed, and the assessment uses what the provider
returns as the indicator's yearly figures. Figures
reported by the statistics office for the same indicator stay observations and are
shown beside the computed ones, never added to them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ComputedFigure:
    """One year's computed value, in the indicator's own unit, and how it was reached."""

    year: int
    value: Decimal
    explanation: str = ""
    parts: tuple[Any, ...] = field(default_factory=tuple)
    #: "registry" for figures from another register, "formula" for a derived indicator's
    source: str = "registry"
    #: amounts of the year still waiting for an exchange rate (not counted in ``value``)
    pending: int = 0
    #: the register was declared complete for the year: its sum is the value, not a bound
    complete: bool = False
    #: how many records the value sums, when the figure was summed without listing them
    counted: int | None = None
    #: where the source addresses are read when asked (``urls(year)``), for summed figures
    sources: Any = None

    @property
    def count(self) -> int:
        """How many records (events, projects) the value sums."""
        return len(self.parts) if self.counted is None else self.counted

    def source_urls(self) -> list[str]:
        """The source addresses of the records behind the value, each once, sorted."""
        if "_urls" in self.__dict__:  # read for many figures at once (``read_sources``)
            return self.__dict__["_urls"]
        if self.parts or self.sources is None:
            texts = [getattr(part, "source_url", "") for part in self.parts]
            return sorted({url.strip() for text in texts for url in text.split("|")} - {""})
        return self.sources.urls(self.year)


def read_sources(figures: list[Any]) -> None:
    """Read the source addresses of many summed figures at once (a page of indicators):
    one query per kind of source (``urls_many``) instead of one per figure."""
    by_kind: dict[type, list[ComputedFigure]] = {}
    for figure in figures:
        sources = getattr(figure, "sources", None)
        if sources is not None and not figure.parts and hasattr(sources, "urls_many"):
            by_kind.setdefault(type(sources), []).append(figure)
    for kind, chosen in by_kind.items():
        found = kind.urls_many([(f.sources, f.year) for f in chosen])
        for figure in chosen:
            object.__setattr__(figure, "_urls", found[(figure.sources, figure.year)])


#: provider(indicator, locality_or_None, zone_or_None) -> figures by year
Provider = Callable[[Any, Any, Any], list[ComputedFigure]]
#: batch(indicators) -> {indicator id: figures by year} for the whole province of each,
#: in a number of queries that does not grow with the indicators or their provinces
Batch = Callable[[list[Any]], dict[int, list[ComputedFigure]]]

_providers: dict[str, Provider] = {}
#: feed -> (the provider it computes like, the batch)
_batches: dict[str, tuple[Provider, Batch]] = {}
#: resolver(indicator) -> provider or None: for indicators fed by configuration (data),
#: such as the screening's "brown to green" share, whose codes are not known to the code.
_resolvers: list[Callable[[Any], Provider | None]] = []


def register(feed: str, provider: Provider, batch: Batch | None = None) -> None:
    """``feed`` is one of ``Indicator.Feed`` ("capital", "jobs"); ``batch``, when given,
    computes many indicators of the feed at once (the dashboards, ``assess_all``)."""
    _providers[feed] = provider
    if batch is not None:
        _batches[feed] = (provider, batch)
    else:
        _batches.pop(feed, None)


def province_figures(indicators: list[Any]) -> dict[int, list[ComputedFigure]]:
    """The computed figures of each computed indicator for its whole province: through the
    feeds' batches where they have one (one set of queries per feed), else one by one."""
    result: dict[int, list[ComputedFigure]] = {}
    by_batch: dict[Any, list[Any]] = {}
    for indicator in indicators:
        provider = provider_for(indicator)
        if provider is None:
            continue
        feed = getattr(indicator, "registry_feed", "")
        paired, batch = _batches.get(feed, (None, None))
        if paired is not provider:  # a provider replaced without its batch (tests)
            batch = None
        if batch is None:
            result[indicator.pk] = provider(indicator, None, None)
        else:
            by_batch.setdefault(batch, []).append(indicator)
    for batch, chosen in by_batch.items():
        result.update(batch(chosen))
    return result


def register_resolver(resolver: Callable[[Any], Provider | None]) -> None:
    """A resolver answers, for an indicator, a provider configured as data elsewhere (the
    screening's "brown to green" share), or None."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def provider_for(indicator: Any) -> Provider | None:
    feed = getattr(indicator, "registry_feed", "")
    if feed and feed in _providers:
        return _providers[feed]
    for resolver in _resolvers:
        provider = resolver(indicator)
        if provider is not None:
            return provider
    return None


def is_computed(indicator: Any) -> bool:
    return provider_for(indicator) is not None
