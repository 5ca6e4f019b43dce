"""Other apps' columns of accountability on the agency scorecard page.

The scorecard counts the action programme's tasks; other work an agency is held to (for
example the answers it owes enterprises, in aftercare) adds a section from its own app's
``ready()``, so this app does not depend on those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    """A titled table rendered by ``template`` with ``scores`` and ``table_id``.

    ``sheet`` is the same table for the Excel export (a ``core.exports.Sheet``), if any;
    ``see_all`` the page with every row when ``scores`` shows only the first ones.
    """

    title: str
    template: str
    scores: list[Any] = field(default_factory=list)
    table_id: str = ""
    sheet: Any = None
    see_all: str = ""


SectionProvider = Callable[[HttpRequest, int], Section | None]
_providers: list[SectionProvider] = []


def register(provider: SectionProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def section_sheets(found: list[Section]) -> list[Any]:
    """The sections' tables for the workbook, in the order the page shows them."""
    return [section.sheet for section in found if section.sheet is not None]


def sections(request: HttpRequest, year: int) -> list[Section]:
    found = (provider(request, year) for provider in _providers)
    return [section for section in found if section is not None]
