"""Enqueue today's reminders and digest (run it daily, e.g. from cron at 07:00)."""

from xuctien.actions.reminders import send_reminders
from xuctien.core.daily import DailyTaskCommand


class Command(DailyTaskCommand):
    help = "Send the action programme's deadline reminders and the secretariat's digest."
    task = send_reminders
