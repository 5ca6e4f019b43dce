"""The numbers the aftercare rules run on, read once from the settings.

Each has a default that the province can override with the ``XT_AFTERCARE_*`` variables
(docs/configuration.md); tests pass their own ``Policy``.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Policy:
    """Working-day delays of escalation and closing, and what counts as a pattern."""

    #: Working days after the secretariat escalation until leadership is alerted.
    leadership_after_days: int = 5
    #: Working days an answered request waits for the enterprise before it may be closed.
    close_after_days: int = 10
    #: Requests of one category against one agency that make a pattern…
    pattern_min_requests: int = 3
    #: …within this many calendar days.
    pattern_window_days: int = 90
    #: Working days the default reform task is given.
    reform_task_working_days: int = 30
    #: A project is flagged when its reported workers fall below this share (%) of the jobs due.
    jobs_behind_percent: int = 50


def current() -> Policy:
    """The policy as configured in the settings (defaults where unset)."""
    defaults = Policy()
    return Policy(
        leadership_after_days=getattr(
            settings, "AFTERCARE_LEADERSHIP_AFTER_DAYS", defaults.leadership_after_days
        ),
        close_after_days=getattr(settings, "AFTERCARE_CLOSE_AFTER_DAYS", defaults.close_after_days),
        pattern_min_requests=getattr(
            settings, "AFTERCARE_PATTERN_MIN_REQUESTS", defaults.pattern_min_requests
        ),
        pattern_window_days=getattr(
            settings, "AFTERCARE_PATTERN_WINDOW_DAYS", defaults.pattern_window_days
        ),
        reform_task_working_days=getattr(
            settings, "AFTERCARE_REFORM_TASK_WORKING_DAYS", defaults.reform_task_working_days
        ),
        jobs_behind_percent=getattr(
            settings, "AFTERCARE_JOBS_BEHIND_PERCENT", defaults.jobs_behind_percent
        ),
    )
