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


#: provider(indicator, locality_or_None, zone_or_None) -> figures by year
Provider = Callable[[Any, Any, Any], list[ComputedFigure]]

_providers: dict[str, Provider] = {}
#: resolver(indicator) -> provider or None: for indicators fed by configuration (data),
#: such as the screening's "brown to green" share, whose codes are not known to the code.
_resolvers: list[Callable[[Any], Provider | None]] = []


def register(feed: str, provider: Provider) -> None:
    """``feed`` is one of ``Indicator.Feed`` ("capital", "jobs")."""
    _providers[feed] = provider


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
