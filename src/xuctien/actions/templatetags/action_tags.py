"""Presentation of task statuses, in the colours the status badges already use."""

from typing import Any

from django import template

from xuctien.actions.models import Status

register = template.Library()

#: task status -> (badge colour class shared with the assessment badges, symbol)
_STYLE = {
    Status.NOT_STARTED: ("no_data", "○"),
    Status.IN_PROGRESS: ("on_track", "◐"),
    Status.DONE: ("achieved", "✓"),
    Status.DONE_LATE: ("at_risk", "✓"),
    Status.OVERDUE: ("off_track", "!"),
    Status.CANCELLED: ("no_data", "×"),
}


@register.inclusion_tag("partials/status_badge.html")
def task_status(status: Any) -> dict[str, Any]:
    """``{% task_status task.status %}``: a badge with colour, symbol and words."""
    key = str(getattr(status, "value", status) or Status.NOT_STARTED)
    colour, symbol = _STYLE.get(key, ("no_data", "?"))
    label = Status(key).label if key in Status.values else key
    return {"status": colour, "label": label, "symbol": symbol, "title": ""}


@register.simple_tag
def task_rows(tasks: Any) -> str:
    """``{% task_rows task_list %}``: the task list's rows, written in Python (``rows``)."""
    from xuctien.actions import rows

    return rows.task_rows(tasks)


@register.simple_tag
def overdue_rows(occurrences: Any) -> str:
    """``{% overdue_rows occurrences %}``: the overdue list's rows (``rows``)."""
    from xuctien.actions import rows

    return rows.overdue_rows(occurrences)


@register.simple_tag
def score_rows(scores: Any) -> str:
    """``{% score_rows scores %}``: the agency scorecard's rows (``rows``)."""
    from xuctien.actions import rows

    return rows.score_rows(scores)
