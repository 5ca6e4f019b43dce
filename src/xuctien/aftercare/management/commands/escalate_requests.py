"""Enqueue the day's escalation of late requests (run it daily)."""

from xuctien.aftercare.tasks import escalate_requests
from xuctien.core.daily import DailyTaskCommand


class Command(DailyTaskCommand):
    help = "Escalate enterprises' requests whose answer deadline has passed."
    task = escalate_requests
