"""What the board, the project list and the analytics count: one definition for all three.

A project *is in the pipeline* when it is a single project (not a published aggregate row);
synthetic demo projects are in it too, marked as such wherever they appear (the capital and
jobs indicators leave them out; see ``indicators``). A project *is at* the stage it holds
now, and it *has reached* a stage of the way forward when it is at that stage or a later
one. The funnel draws "reached", so it narrows from the lead to the plant and agrees with
the board's columns, whose cards are the projects "at" each stage.
"""

from collections import Counter

from django.db.models import Count, Q, QuerySet

from xuctien.investments.stages import EXITS, PIPELINE

#: A project the pages count: a single project, never an aggregate row.
COUNTED = Q(is_aggregate=False)


def in_pipeline(projects: QuerySet) -> QuerySet:
    """The projects the pages count: every single project, never an aggregate row."""
    return projects.filter(COUNTED)


def listed_and_counted(projects: QuerySet) -> tuple[int, int]:
    """How many rows a list of ``projects`` shows (aggregate rows too) and how many of them
    are in the pipeline: one scan, not a count for each (each costs as much at national size)."""
    found = projects.order_by().aggregate(listed=Count("pk"), counted=Count("pk", filter=COUNTED))
    return found["listed"], found["counted"]


#: A search's matches are read as ids while they are at most this many (``few_listed``).
FEW = 1000


def few_listed(projects: QuerySet, few: int = FEW) -> tuple[list[int], int, int] | None:
    """The ids of ``projects`` and what ``listed_and_counted`` counts of them, read in one
    query, when they are at most ``few`` (a search, usually); else None. The page is then
    read by these ids: the database neither matches the search a second time nor guesses
    how many rows a search leaves (it guessed hundreds where a search found seven, and read
    the nation's projects in date order to fill a page of them)."""
    rows = list(projects.order_by().values_list("pk", "is_aggregate")[: few + 1])
    if len(rows) > few:
        return None
    return [pk for pk, _aggregate in rows], len(rows), sum(not aggregate for _pk, aggregate in rows)


def at_stage(projects: QuerySet) -> dict[str, int]:
    """How many projects are at each stage now (every stage present, zero when empty)."""
    rows = in_pipeline(projects).order_by().values("stage").annotate(n=Count("pk", distinct=True))
    found = Counter({row["stage"]: row["n"] for row in rows})
    return {stage: found[stage] for stage in (*PIPELINE, *EXITS)}


def reached(at: dict[str, int]) -> dict[str, int]:
    """Per stage of the way forward: projects at it or at a later stage (exits left out)."""
    total, result = 0, {}
    for stage in reversed(PIPELINE):
        total += at.get(stage, 0)
        result[stage] = total
    return {stage: result[stage] for stage in PIPELINE}
