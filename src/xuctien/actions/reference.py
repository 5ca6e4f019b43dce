"""The real directives shipped in ``data/action_tasks.csv``, loaded as reference tasks.

The text of Action Programme 01/CTr-UBND was not found (see the data's SOURCES.md), so
none of these rows is one of its tasks: each is a related directive published elsewhere,
kept for context with its source and a note saying so. Their progress is not tracked
(``is_reference``). The agency names as published are mapped to the agency list here,
by hand, because a fuzzy match on "UBND tỉnh (not further specified)" is not a decision
a loader should take silently. ``xuctien load_quangninh`` runs this step; a second run
changes nothing.
"""

import csv
import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from xuctien.actions.holidays import load_calendar
from xuctien.actions.models import Recurrence, SolutionGroup, Task
from xuctien.actions.services import sync_occurrences
from xuctien.actions.timing import parse_timing
from xuctien.core.models import Agency
from xuctien.history import acting_as
from xuctien.programmes.importers import ImportResult
from xuctien.programmes.importers.upsert import upsert
from xuctien.programmes.models import Programme

TASKS_CSV = Path(__file__).resolve().parent / "data" / "action_tasks.csv"
PROGRAMME_CODE = "NQ01"
NOT_FROM_PROGRAMME = (
    "Không trích từ văn bản Chương trình hành động 01/CTr-UBND (chưa tìm thấy văn bản); "
    "chỉ đạo liên quan, từ nguồn công khai. / Not from the text of Action Programme "
    "01/CTr-UBND (not found): a related directive from a public source."
)

#: Lead agency as published -> agency code.
LEAD = {
    "Ban Quản lý Khu kinh tế tỉnh (QEZA)": "QEZA",
    "QEZA (implied)": "QEZA",
    "QEZA": "QEZA",
    "Ban Thường vụ Tỉnh ủy (direction); implementing agencies not stated": "TINH-UY",
    "Ban Thường vụ Tỉnh ủy (direction)": "TINH-UY",
    "UBND tỉnh (not further specified)": "UBND-TINH",
    "UBND tỉnh (Chủ tịch Phạm Đức Ấn)": "UBND-TINH",
    "UBND tỉnh": "UBND-TINH",
    "Ban Xúc tiến và Hỗ trợ đầu tư (IPA, standing agency)": "IPA",
    # The investors lead with the town; only the town is an agency of the list.
    "Nhà đầu tư + UBND TX Quảng Yên": "UBND-HUYEN",
}
#: Coordinating bodies as published -> (agency codes, the bodies that are not agencies).
COORDINATING = {
    "": ((), ""),
    "sở, ngành, địa phương (departments, agencies, localities)": ((), "sở, ngành, địa phương"),
    "IP infrastructure investors; local authorities": (
        ("UBND-HUYEN",),
        "chủ đầu tư hạ tầng KCN",
    ),
    "sở, ngành, UBND cấp huyện": (("UBND-HUYEN",), "sở, ngành"),
    "UBND tỉnh (inspection)": (("UBND-TINH",), ""),
}
#: Words of the CSV's relation column that name one of the four solution groups.
SOLUTION_GROUPS = {
    "production-site planning": SolutionGroup.SITES,
    "business environment": SolutionGroup.ADMIN_REFORM,
}


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


def _agency(code: str, row_number: int) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ReferenceDataError(f"action_tasks.csv row {row_number}: no agency {code!r}")
    return agency


def _solution_group(relation: str) -> str:
    lowered = relation.lower()
    return next((group for words, group in SOLUTION_GROUPS.items() if words in lowered), "")


def task_values(row: dict[str, str], row_number: int) -> tuple[dict, list[Agency]]:
    """The task's fields and coordinating agencies for one CSV row."""
    if row["lead_agency"] not in LEAD or row["coordinating"] not in COORDINATING:
        raise ReferenceDataError(f"action_tasks.csv row {row_number}: map its agencies")
    codes, other_bodies = COORDINATING[row["coordinating"]]
    note = " ".join(
        part for part in (NOT_FROM_PROGRAMME, row["relation_to_resolution01"], row["note"]) if part
    )
    values = {
        "title_en": row["task_en"],
        "lead_agency": _agency(LEAD[row["lead_agency"]], row_number),
        "coordinating_note": other_bodies,
        "deadline": published_deadline(row["deadline_or_period"]),
        "deadline_as_published": row["deadline_vi"],  # the wording, in Vietnamese
        "solution_group": _solution_group(row["relation_to_resolution01"]),
        "programme": Programme.objects.filter(code=PROGRAMME_CODE).first(),
        "source_url": row["source_url"],
        "note": note,
        "is_synthetic": False,
    }
    return values, [_agency(code, row_number) for code in codes]


def load_reference_tasks() -> str:
    """Create or update the shipped directives; returns a one-line summary."""
    result, calendar = ImportResult(), load_calendar()
    with transaction.atomic(), acting_as(None):
        for number, row in enumerate(read_rows(), start=2):
            values, coordinating = task_values(row, number)
            lookup = {"is_reference": True, "title_vi": row["task_vi"]}
            task, outcome = upsert(Task, lookup, values)
            wanted = {agency.pk for agency in coordinating}
            if set(task.coordinating_agencies.values_list("pk", flat=True)) != wanted:
                task.coordinating_agencies.set(coordinating)
                outcome = "updated" if outcome == "unchanged" else outcome
            sync_occurrences(task, calendar)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
