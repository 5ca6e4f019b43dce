"""Programme indicators computed from the screening facts, as capital is from the registry.

Which indicator receives a figure is data (``IndicatorFeed``, set by the secretariat in
the admin), never an indicator code written here. The one measure so far:

"Brown to green": of the capital attracted in a year (registrations + increases −
decreases dated in that year, in VND at each event's stored rate, of projects holding an
IRC; aggregate rows and synthetic demo projects never count), the share in projects that
are confirmed green (Decision 21/2025/QD-TTg) or high-tech (a certificate under Decision
10/2021/QD-TTg, or a technology on the lists of Decision 38/2020/QD-TTg), in percent.
A project whose status is not known counts as neither, and the year's explanation says
how many there were. A year without capital attracted, or in which no project's status is
known, has no share (not zero).
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.investments.indicators import (
    TRILLION,
    Part,
    capital_part,
    counted_projects,
    waiting_for_a_rate,
)
from xuctien.investments.models import CapitalEvent, Project
from xuctien.programmes.computed import ComputedFigure, Provider
from xuctien.screening import engine

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


#: Which indicators the screening feeds, read at most once a minute (the indicator
#: list asks for each indicator); a change of the feeds clears it (``forget``) at once.
TTL_SECONDS = 60
_feeds: dict[str, Any] = {"codes": None, "at": 0.0}


def configured() -> dict[int, str]:
    """Indicator id -> measure, for every configured feed."""
    from xuctien.screening.models import IndicatorFeed

    now = time.monotonic()
    if _feeds["codes"] is None or now - _feeds["at"] > TTL_SECONDS:
        _feeds["codes"] = dict(IndicatorFeed.objects.values_list("indicator_id", "measure"))
        _feeds["at"] = now
    return _feeds["codes"]


def forget(**_kwargs: Any) -> None:
    _feeds["codes"] = None


def provider_for(indicator: Any) -> Provider | None:
    """The provider of an indicator fed by the screening, if one is configured."""
    from xuctien.screening.models import IndicatorFeed

    measure = configured().get(getattr(indicator, "pk", None))
    if measure == IndicatorFeed.Measure.GREEN_HIGH_TECH_SHARE:
        return partial(green_share_figures)
    return None


def green_or_high_tech(project: Project) -> bool | None:
    """True when green or high-tech, False when known to be neither, None when not known."""
    facts = getattr(project, "screening_facts", None)
    if facts is None:
        return None
    green = {"yes": True, "no": False}.get(facts.green)
    high = {engine.CERTIFIED: True, engine.LISTED: True, engine.NOT_HIGH_TECH: False}.get(
        facts.high_tech
    )
    if green or high:
        return True
    if green is False and high is False:
        return False
    return None


@dataclass(frozen=True)
class ShareRow:
    """One year: the share, or None when no counted project's status is known."""

    year: int
    value: Decimal | None
    explanation: str
    parts: tuple[Part, ...]
    pending: int


def share_rows(locality: Any = None, zone: Any = None, province_id: Any = None) -> list[ShareRow]:
    """Every year with capital attracted; the share where any project's status is known."""
    events = (
        CapitalEvent.objects.filter(
            project__in=counted_projects(province_id, locality, zone, manufacturing=None),
            kind__in=CapitalEvent.ATTRACTED,
            date__isnull=False,
        )
        .select_related("project__screening_facts")
        .order_by("date", "id")
    )
    total: dict[int, Decimal] = defaultdict(Decimal)
    unknown_capital: dict[int, Decimal] = defaultdict(Decimal)
    green: dict[int, list[Part]] = defaultdict(list)
    unknown: dict[int, set[int]] = defaultdict(set)
    pending: dict[int, int] = defaultdict(int)
    for event in events:
        year = event.date.year
        if event.signed_vnd is None:
            pending[year] += 1
            continue
        total[year] += event.signed_vnd
        status = _status(event.project)
        if status:
            green[year].append(capital_part(event))
        elif status is None:
            unknown[year].add(event.project_id)
            unknown_capital[year] += event.signed_vnd
    rows = []
    for year in sorted(total):
        if not total[year]:
            continue
        share = sum((p.value for p in green[year]), Decimal(0)) * TRILLION
        known = unknown_capital[year] != total[year]
        value = (share * HUNDRED / total[year]).quantize(CENT) if known else None
        text = _explanation(year, share, total[year], len(unknown[year]), pending[year])
        if not known:
            text = _(
                "No project with capital attracted in %(year)s has a known green or high-tech "
                "status: the share is not known."
            ) % {"year": year}
        rows.append(ShareRow(year, value, text, tuple(green[year]), pending[year]))
    return rows


def green_share_figures(indicator: Any, locality: Any = None, zone: Any = None) -> list:
    """Yearly share of capital attracted in green or high-tech projects (percent); a year
    in which no project's status is known has no figure."""
    return [
        ComputedFigure(
            year=row.year,
            value=row.value,
            explanation=row.explanation,
            parts=row.parts,
            pending=row.pending,
        )
        for row in share_rows(locality, zone, getattr(indicator, "province_id", None))
        if row.value is not None
    ]


def _status(project: Project) -> bool | None:
    try:
        return green_or_high_tech(project)
    except Project.screening_facts.RelatedObjectDoesNotExist:
        return None


def _explanation(year: int, share: Decimal, total: Decimal, unknown: int, pending: int) -> str:
    text = _(
        "%(share)s of %(total)s VND trillion attracted in %(year)s went to projects that are "
        "green (Decision 21/2025/QD-TTg) or high-tech (Decisions 10/2021 and 38/2020/QD-TTg)."
    ) % {
        "share": number_format(share / TRILLION, 3, use_l10n=True, force_grouping=True),
        "total": number_format(total / TRILLION, 3, use_l10n=True, force_grouping=True),
        "year": year,
    }
    if unknown:
        text += " " + ngettext(
            "%(n)s project's green or high-tech status is not known: counted as neither.",
            "%(n)s projects' green or high-tech status is not known: counted as neither.",
            unknown,
        ) % {"n": unknown}
    if pending:
        text += " " + waiting_for_a_rate(pending)
    return text
