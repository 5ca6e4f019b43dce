"""The status rules of occurrences and tasks, as pure functions.

An occurrence is done when its percent reaches 100 (late if completed after its due
date), overdue when its due date has passed while it is open, in progress once anything
is reported, not started before that. A task sums up its occurrences.
"""

from collections.abc import Iterable
from datetime import date

from xuctien.actions.models.tasks import Status


def occurrence_status(
    percent: int, due: date | None, completed: date | None, today: date, cancelled: bool = False
) -> str:
    if cancelled:
        return Status.CANCELLED
    if percent >= 100 and completed is not None:
        return Status.DONE_LATE if due is not None and completed > due else Status.DONE
    if due is not None and today > due:
        return Status.OVERDUE
    return Status.IN_PROGRESS if percent > 0 else Status.NOT_STARTED


def task_status(statuses: Iterable[str]) -> str:
    """A task is overdue if any occurrence is; done (late) when all are; else in progress."""
    states = [s for s in statuses if s != Status.CANCELLED]
    if not states:
        return Status.CANCELLED
    if Status.OVERDUE in states:
        return Status.OVERDUE
    if all(s in (Status.DONE, Status.DONE_LATE) for s in states):
        return Status.DONE_LATE if Status.DONE_LATE in states else Status.DONE
    if all(s == Status.NOT_STARTED for s in states):
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def task_percent(percents: list[int]) -> int:
    """The mean of the occurrences' percents, rounded down."""
    return sum(percents) // len(percents) if percents else 0
