"""The daily background work of aftercare: raise late requests to the next level.

``escalate_requests`` is a django-tasks task (in-process by default, on the queue in
production); schedule ``xuctien escalate_requests`` once a day, e.g. from cron at 07:00.
It is idempotent: running it twice on a day, or after a missed day, is safe.
"""

from datetime import date

from django_tasks import task

from xuctien.aftercare.services import escalate_overdue


@task()
def escalate_requests(day: str | None = None) -> dict[str, int]:
    """Escalate every request whose answer is late, as of ``day`` (ISO date; default today)."""
    today = date.fromisoformat(day) if day else None
    raised = escalate_overdue(today)
    return {"escalated": len(raised)}
