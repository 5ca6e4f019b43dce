"""Indicators whose yearly figures are computed from another register, not typed in.

Resolution 01's "investment capital attracted" and "new jobs" come from the project
registry: the investments app registers a provider for those indicator codes, and the
assessment uses what the provider returns as the indicator's yearly figures. Figures
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


def register(indicator_code: str, provider: Provider) -> None:
    _providers[indicator_code] = provider


def provider_for(indicator_code: str) -> Provider | None:
    return _providers.get(indicator_code)


def is_computed(indicator_code: str) -> bool:
    return indicator_code in _providers
