"""Badges for request statuses and escalation levels, in the shared badge colours."""

from typing import Any

from django import template

from xuctien.aftercare.models import Escalation, Status

register = template.Library()

#: status -> (badge colour class shared with the assessment badges, symbol)
_STATUS = {
    Status.RECEIVED: ("no_data", "○"),
    Status.ASSIGNED: ("no_data", "→"),
    Status.IN_PROGRESS: ("on_track", "◐"),
    Status.ANSWERED: ("achieved", "✓"),
    Status.CLOSED: ("achieved", "■"),
    Status.REOPENED: ("at_risk", "↺"),
}
_ESCALATION = {
    Escalation.SECRETARIAT: ("at_risk", "▲"),
    Escalation.LEADERSHIP: ("off_track", "▲▲"),
}


@register.inclusion_tag("partials/status_badge.html")
def request_status(status: Any) -> dict[str, Any]:
    """``{% request_status req.status %}``."""
    key = str(status or Status.RECEIVED)
    colour, symbol = _STATUS.get(key, ("no_data", "?"))
    label = Status(key).label if key in Status.values else key
    return {"status": colour, "label": label, "symbol": symbol, "title": ""}


@register.inclusion_tag("partials/status_badge.html")
def escalation_badge(level: Any) -> dict[str, Any]:
    """``{% escalation_badge req.escalation %}`` (the page shows it only when escalated)."""
    key = str(level or Escalation.NONE)
    colour, symbol = _ESCALATION.get(key, ("no_data", "–"))
    label = Escalation(key).label if key in Escalation.values else key
    return {"status": colour, "label": label, "symbol": symbol, "title": ""}


@register.inclusion_tag("aftercare/partials/scorecard_cells.html")
def aftercare_cells(summary: dict | None, agency_id: int) -> dict[str, Any]:
    """Two cells for another page's agency table: on-time answer rate, average rating.

    ``summary`` is ``xuctien.aftercare.scorecard.agency_summary(...)``.
    """
    return {"score": (summary or {}).get(agency_id)}


@register.simple_tag
def request_rows(requests: Any, today: Any) -> str:
    """``{% request_rows requests today %}``: the request list's rows (``aftercare.rows``)."""
    from xuctien.aftercare import rows

    return rows.request_rows(requests, today)


@register.simple_tag
def score_rows(scores: Any) -> str:
    """``{% score_rows scores %}``: an answer scorecard's rows (``aftercare.rows``)."""
    from xuctien.aftercare import rows

    return rows.score_rows(scores)


@register.simple_tag
def warning_rows(flags: Any) -> str:
    """``{% warning_rows section.flags %}``: an early-warning section's rows
    (``aftercare.rows``)."""
    from xuctien.aftercare import rows

    return rows.warning_rows(flags)
