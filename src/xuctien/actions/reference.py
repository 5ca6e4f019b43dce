"""The real directives shipped in ``data/action_tasks.csv``, loaded as reference tasks.

The text of the programme's action plan was not found (see the data's SOURCES.md), so
none of these rows is one of its tasks: each is a related directive published elsewhere,
kept for context with its source and a note saying so (column ``context``). Their
progress is not tracked (``is_reference``). The agency names as published are mapped to
the agency list in the CSV itself, by hand, because a fuzzy match on "UBND tỉnh (not
further specified)" is not a decision a loader should take silently.
``xuctien load_quangninh`` runs this step; a second run changes nothing.
"""

import csv
import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from xuctien.actions.holidays import load_calendar
from xuctien.actions.models import Recurrence, Task
from xuctien.actions.services import sync_occurrences
from xuctien.actions.timing import parse_timing
from xuctien.core.models import Agency, Province
from xuctien.history import acting_as
from xuctien.programmes.importers import ImportResult
from xuctien.programmes.importers.upsert import upsert
from xuctien.programmes.models import Programme, SolutionGroup

TASKS_CSV = Path(__file__).resolve().parent / "data" / "action_tasks.csv"


class ReferenceDataError(ValueError):
    """A row of the shipped CSV that this loader cannot map; fix the mapping, not the row."""


def read_rows(path: Path = TASKS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def published_deadline(text: str) -> date | None:
    """ "Q2/2023" or "2025" -> the last day; "from 10/2023", "monthly…" -> None."""
    plain = re.sub(r"\(.*?\)", "", text).strip()
    try:
        timing = parse_timing(plain, timezone.localdate().year)
    except ValueError:
        return None
    return timing.deadline if timing.recurrence == Recurrence.NONE else None


def _agency(province: Province, code: str, row_number: int) -> Agency:
    agency = Agency.objects.filter(province=province, code=code).first()
    if agency is None:
        raise ReferenceDataError(f"action_tasks.csv row {row_number}: no agency {code!r}")
    return agency


def _solution_group(programme: Programme, code: str, row_number: int) -> SolutionGroup | None:
    if not code:
        return None
    group = SolutionGroup.objects.filter(programme=programme, code=code).first()
    if group is None:
        raise ReferenceDataError(f"action_tasks.csv row {row_number}: no solution group {code!r}")
    return group


def _codes(cell: str) -> list[str]:
    return [code.strip() for code in cell.split("|") if code.strip()]


def task_values(
    province: Province, row: dict[str, str], row_number: int
) -> tuple[dict, list[Agency]]:
    """The task's fields and coordinating agencies for one CSV row.

    The CSV says which programme each directive belongs to and maps the agencies as
    published to agency codes (``lead_code``, ``coordinating_codes``), by hand.
    """
    programme = Programme.objects.filter(province=province, code=row["programme"]).first()
    if programme is None:
        raise ReferenceDataError(f"action_tasks.csv row {row_number}: no programme")
    note = " ".join(
        part for part in (row["context"], row["relation_to_resolution01"], row["note"]) if part
    )
    values = {
        "title_en": row["task_en"],
        "lead_agency": _agency(province, row["lead_code"], row_number),
        "coordinating_note": row["other_bodies"],
        "deadline": published_deadline(row["deadline_or_period"]),
        "deadline_as_published": row["deadline_vi"],  # the wording, in Vietnamese
        "solution_group": _solution_group(programme, row["solution_group"], row_number),
        "programme": programme,
        "source_url": row["source_url"],
        "note": note,
        "is_synthetic": False,
    }
    return values, [
        _agency(province, code, row_number) for code in _codes(row["coordinating_codes"])
    ]


def load_reference_tasks(province: Province | None = None) -> str:
    """Create or update the shipped directives; returns a one-line summary."""
    province = Province.objects.given_or_sole(province)
    result, calendar = ImportResult(), load_calendar()
    with transaction.atomic(), acting_as(None):
        for number, row in enumerate(read_rows(), start=2):
            values, coordinating = task_values(province, row, number)
            lookup = {"province": province, "is_reference": True, "title_vi": row["task_vi"]}
            task, outcome = upsert(Task, lookup, values)
            wanted = {agency.pk for agency in coordinating}
            if set(task.coordinating_agencies.values_list("pk", flat=True)) != wanted:
                task.coordinating_agencies.set(coordinating)
                outcome = "updated" if outcome == "unchanged" else outcome
            sync_occurrences(task, calendar)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
