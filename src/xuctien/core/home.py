"""Each role's home page: where a user lands after login and on ``/``.

Leadership lands on the programme dashboard and an investor on their company; the
people who carry the work (the secretariat, administrators, agency officers) land on a
page of panels, each listing what waits for them in one domain. Every app adds its panels
from its ``ready()``, so core does not depend on the apps. A panel runs a fixed number of
queries (a count and a short list), whatever the amount of work.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xuctien.core.roles import Role

#: Roles whose work is one page of another app: their home sends them there.
LANDING = {
    Role.LEADERSHIP: "programmes:dashboard",
    Role.INVESTOR: "portal:account",
    Role.NATIONAL: "national:index",
    Role.NATIONAL_ADMIN: "national:index",
}

#: How many rows a panel lists; the panel links to the full list for the rest.
PANEL_ROWS = 8


@dataclass(frozen=True)
class Panel:
    """A titled list rendered by ``template``; ``total`` counts all rows, not only shown."""

    title: str
    template: str
    rows: list[Any] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    empty: str = ""
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, title: str, template: str, queryset: Any, **kwargs: Any) -> "Panel":
        """The first ``PANEL_ROWS`` of ``queryset`` and how many there are in all."""
        return cls(title, template, list(queryset[:PANEL_ROWS]), queryset.count(), **kwargs)


PanelProvider = Callable[[Any, date], Panel | None]
_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def landing_url_name(user: Any) -> str | None:
    """The page this user's home is, when it is another page; None for the panels."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return None
    return LANDING.get(user.role)


def panels(user: Any, today: date) -> list[Panel]:
    """The panels of ``user``'s home, in order; apps with nothing for the role add none."""
    found = (provider(user, today) for provider in _providers)
    return sorted((panel for panel in found if panel is not None), key=lambda p: p.order)
