"""Import of an action plan, in the layouts provincial offices lay their annexes out in.

A title block (merged rows), a header row (STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối
hợp, Thời gian hoàn thành, Sản phẩm; order free), perhaps a row of column numbers
"(1) (2) … (7)", Roman-numeral rows ("I. …") that become the task groups, tasks numbered
"1", "1.1", and notes and blank rows: from .xlsx, .xls, .ods or a .docx table, through the
one pipeline of ``xuctien.importing``. ``preview`` checks every row, reads every timing
phrase (``timing.parse_timing``) and resolves every agency (``matching.AgencyMatcher``);
a name it cannot resolve exactly becomes a question the user answers (and may keep as an
alias), a dissolved agency a warning to confirm. Tasks are found again by plan, title
and number: importing the same plan twice changes nothing, and a task no longer in the
plan is reported, not deleted. ``commit`` writes everything or nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from xuctien import importing
from xuctien.actions import services
from xuctien.actions.matching import AgencyMatcher, Resolution, fold
from xuctien.actions.models import Recurrence, Task, TaskGroup
from xuctien.actions.timing import Timing, describe, parse_timing
from xuctien.core.models import Agency, AgencyAlias, Province
from xuctien.core.spreadsheets import SpreadsheetError
from xuctien.importing import (
    CREATE,
    PENDING,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    Preview,
    PreviewRow,
    Problem,
)

COLUMNS = {
    "number": ("stt", "tt", "so tt", "number", "no."),
    "title": ("nhiem vu", "noi dung", "ten nhiem vu", "task", "title"),
    "lead": ("co quan chu tri", "don vi chu tri", "chu tri", "lead agency", "lead"),
    "coordinating": (
        "co quan phoi hop",
        "don vi phoi hop",
        "phoi hop",
        "coordinating agencies",
        "coordinating",
    ),
    "deadline": (
        "thoi gian hoan thanh",
        "thoi han",
        "thoi gian thuc hien",
        "thoi gian",
        "tien do",
        "deadline as published",
        "deadline",
    ),
    "output": ("san pham", "ket qua", "expected output", "output"),
    "group": ("nhom nhiem vu", "task group"),
}
REQUIRED = ("title", "lead", "deadline")
_ROMAN = re.compile(r"^([IVXLC]+)\s*[.)/:\-]?\s*(.*)$", re.DOTALL)
_ARABIC = re.compile(r"^\d+(?:\.\d+)*\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@dataclass
class Question:
    """A name the import cannot resolve by itself, asked once for every row it is in."""

    key: str
    text: str
    kind: str  # "near", "unknown", "ambiguous", "dissolved", "successor"
    lead: bool = False
    rows: list[int] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    successor: dict | None = None
    written: dict | None = None
    answer: str = ""

    @property
    def answered(self) -> bool:
        if self.kind == "successor":
            return bool(self.answer)
        return bool(self.answer) and (self.answer != "text" or not self.lead)


@dataclass
class PlanPreview(Preview):
    questions: dict[str, Question] = field(default_factory=dict)
    groups: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def open_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.answered]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.open_questions


def current_province() -> Province | None:
    """The province whose plans are imported: the one in force (issue 11 scopes by user)."""
    return Province.objects.filter(valid_to__isnull=True).order_by("pk").first()


def matcher_for(province: Province | None) -> AgencyMatcher:
    aliases = AgencyAlias.objects.filter(province=province) if province else []
    agencies = Agency.objects.filter(province=province) if province else Agency.objects.all()
    return AgencyMatcher(agencies, aliases, province=province)


def preview(
    file: Any,
    year: int,
    plan: str,
    answers: dict[str, str] | None = None,
    province: Province | None = None,
    programme: Any = None,
) -> PlanPreview:
    """Read and check a plan; nothing is written."""
    result = PlanPreview()
    try:
        sheets = importing.read_rows(file)
    except SpreadsheetError as error:
        result.problems.append(Problem(0, "", str(error)))
        return result
    province = province or current_province()
    if province is None:
        result.problems.append(Problem(0, "", _("No province is set up yet.")))
        return result
    found = _find_sheet(sheets)
    if found is None:
        message = _(
            "No header row with the columns Nhiệm vụ, Cơ quan chủ trì and Thời gian hoàn thành "
            "was found."
        )
        result.problems.append(Problem(1, "", message))
        return result
    rows, header, columns = found
    reader = _PlanReader(result, matcher_for(province), columns, year, answers or {})
    reader.read(rows, header)
    if not any(r.action != SKIPPED for r in result.rows) and not result.problems:
        result.problems.append(Problem(header + 2, "", _("The plan has no tasks.")))
    _compare(result, province, plan, programme)
    return result


def _find_sheet(sheets: list) -> tuple[list[tuple], int, dict[str, int]] | None:
    for sheet in sheets:
        header = importing.find_header(sheet.rows, COLUMNS, REQUIRED)
        if header is not None:
            return sheet.rows, header[0], header[1]
    return None


class _PlanReader:
    def __init__(
        self,
        result: PlanPreview,
        matcher: AgencyMatcher,
        columns: dict[str, int],
        year: int,
        answers: dict[str, str],
    ) -> None:
        self.result, self.matcher, self.columns = result, matcher, columns
        self.year, self.answers = year, answers
        self.group: dict | None = None
        self.pending: set[int] = set()  # rows with a question still open

    def value(self, cells: tuple, name: str) -> str:
        return importing.text(importing.cell(cells, self.columns.get(name)))

    def read(self, rows: list[tuple], header: int) -> None:
        for index in range(header + 1, len(rows)):
            self.row(index + 1, rows[index])

    def row(self, number: int, cells: tuple) -> None:
        values = [importing.text(c) for c in cells if importing.text(c)]
        if not values:
            return
        if len(values) >= 2 and all(_COLUMN_NUMBER.match(v) for v in values):
            return  # the "(1) (2) … (7)" row under the header
        first = self.value(cells, "number") or self.value(cells, "title")
        lead, timing_text = self.value(cells, "lead"), self.value(cells, "deadline")
        roman = _ROMAN.match(first) if first else None
        if roman and not lead and not timing_text and roman[1] in _roman_numbers():
            self.start_group(number, roman[1], roman[2] or self.value(cells, "title"))
            return
        if not lead and not timing_text and not _ARABIC.match(self.value(cells, "number")):
            self.result.add(PreviewRow(number, SKIPPED, " ".join(values)[:200]))
            return
        if "group" in self.columns:  # a file this product exported names each row's group
            self.group_from_export(self.value(cells, "group"))
        self.task(number, cells, lead, timing_text)

    def start_group(self, number: int, roman: str, title: str) -> None:
        title = re.sub(r"\s+", " ", title.strip(" .:-"))
        self.group = {"number": roman, "name": title, "order": len(self.result.groups) + 1}
        self.result.groups.append(self.group)

    def group_from_export(self, text: str) -> None:
        roman = _ROMAN.match(text)
        self.group = None
        if roman and roman[1] in _roman_numbers():
            known = next((g for g in self.result.groups if g["number"] == roman[1]), None)
            if known is None:
                self.start_group(0, roman[1], roman[2])
            else:
                self.group = known

    def task(self, number: int, cells: tuple, lead: str, timing_text: str) -> None:
        title = re.sub(r"\s+", " ", self.value(cells, "title"))
        row = PreviewRow(number, CREATE, title)
        letter = {k: importing.column_letter(v) for k, v in self.columns.items()}
        if not title:
            row.problems.append(Problem(number, letter["title"], _("The task has no title.")))
        row.data = {
            "title": title,
            "number": self.value(cells, "number").rstrip("."),
            "group": self.group["number"] if self.group else "",
            "lead_text": lead,
            "timing_text": timing_text,
            "output": self.value(cells, "output"),
            "coordinating": [],
            "coordinating_note": "",
        }
        self.lead(row, lead, letter["lead"])
        self.coordinating(row, self.value(cells, "coordinating"))
        self.timing(row, cells, letter["deadline"])
        if number in self.pending and not row.problems:
            row.action = PENDING
        self.result.add(row)

    def lead(self, row: PreviewRow, text: str, column: str) -> None:
        if not text:
            row.problems.append(Problem(row.row, column, _("The task has no lead agency.")))
            return
        parts = self.matcher.split(text)
        if len(parts) > 1:
            message = _(
                "“%s” names several agencies; a task has one lead agency "
                "(move the others to the coordinating column)."
            )
            row.problems.append(Problem(row.row, column, message % text))
            return
        agency = self.answer(parts[0], row.row, lead=True)
        row.data["lead"] = _agency_dict(agency) if agency else None

    def coordinating(self, row: PreviewRow, text: str) -> None:
        notes = []
        for resolution in self.matcher.split(text):
            if resolution.status == "unknown" or (
                resolution.status == "ask" and not resolution.candidates and not resolution.written
            ):
                notes.append(resolution.text)  # no agency is near: kept as text, not asked
                continue
            agency = self.answer(resolution, row.row, lead=False)
            if agency == "text":
                notes.append(resolution.text)
            elif agency is not None:
                row.data["coordinating"].append(_agency_dict(agency, resolution.text))
        row.data["coordinating_note"] = "; ".join(notes)[:500]

    def answer(self, resolution: Resolution, row: int, lead: bool) -> Any:
        """The agency a name stands for, or None while its question is open."""
        if resolution.status == "exact":
            return resolution.agency
        question = self.result.questions.get(resolution.key)
        if question is None:
            question = _question(resolution)
            question.answer = self.answers.get(resolution.key, "")
            self.result.questions[resolution.key] = question
        question.rows.append(row)
        question.lead = question.lead or lead
        if not question.answered:
            self.pending.add(row)
            return None
        if question.kind == "successor" and question.answer == "confirm":
            return resolution.agency
        if question.answer == "text":
            return "text"
        return self.matcher.agency(int(question.answer)) if question.answer.isdigit() else None

    def timing(self, row: PreviewRow, cells: tuple, column: str) -> None:
        raw = importing.cell(cells, self.columns.get("deadline"))
        try:
            timing = parse_timing(raw, self.year)
        except ValueError:
            message = _(
                "“%s” is not understood as a deadline: write a date (30/9/2025), a month, a "
                "quarter (Quý II/2025), a year, a span (2025–2026), a recurrence (Hằng quý, "
                "Trước 15/12 hằng năm, Trước ngày 20 tháng cuối quý) or Thường xuyên."
            )
            row.problems.append(Problem(row.row, column, message % importing.text(raw)))
            return
        row.data["timing"] = _timing_dict(timing)
        row.data["timing_read"] = describe(timing)
        if isinstance(raw, date):
            row.data["timing_text"] = f"{timing.deadline:%d/%m/%Y}"


def _roman_numbers() -> set[str]:
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    numerals += [f"X{n}" for n in numerals] + ["XX"]
    return set(numerals)


def _question(resolution: Resolution) -> Question:
    kind = "near" if resolution.candidates else "unknown"
    if resolution.status == "successor":
        kind = "successor"
    elif resolution.written is not None:
        kind = "dissolved"
    elif resolution.candidates and resolution.candidates[0][1] >= 1.0:
        kind = "ambiguous"
    question = Question(resolution.key, resolution.text, kind)
    question.candidates = [_agency_dict(a, score=s) for a, s in resolution.candidates]
    if resolution.status == "successor":
        question.successor = _agency_dict(resolution.agency)
    if resolution.written is not None:
        question.written = _agency_dict(resolution.written)
    return question


def _agency_dict(agency: Any, text: str = "", score: float = 1.0) -> dict:
    return {"id": agency.pk, "name": agency.name_vi, "text": text, "score": score}


def _timing_dict(timing: Timing) -> dict:
    return {
        "deadline": timing.deadline.isoformat() if timing.deadline else None,
        "start": timing.start.isoformat() if timing.start else None,
        "recurrence": timing.recurrence,
        "due_day": timing.due_day,
        "due_month": timing.due_month,
    }


# --- Comparing with what the plan's earlier import wrote ----------------------------------


def _values(row: PreviewRow, groups: dict[str, TaskGroup | None]) -> dict[str, Any]:
    data, timing = row.data, row.data.get("timing") or {}
    return {
        "title_vi": data["title"],
        "plan_number": data["number"][:20],
        "group": data["group"],
        "lead_agency_id": (data.get("lead") or {}).get("id"),
        "coordinating": sorted({c["id"] for c in data["coordinating"]}),
        "coordinating_note": data["coordinating_note"],
        "expected_output": data["output"],
        "deadline": timing.get("deadline"),
        "start_date": timing.get("start"),
        "recurrence": timing.get("recurrence", Recurrence.NONE),
        "due_day": timing.get("due_day"),
        "due_month": timing.get("due_month"),
        "deadline_as_published": data["timing_text"][:200],
    }


def _current(task: Task) -> dict[str, Any]:
    return {
        "title_vi": task.title_vi,
        "plan_number": task.plan_number,
        "group": task.group.number if task.group else "",
        "lead_agency_id": task.lead_agency_id,
        "coordinating": sorted(a.pk for a in task.coordinating_agencies.all()),
        "coordinating_note": task.coordinating_note,
        "expected_output": task.expected_output,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "start_date": task.start_date.isoformat() if task.start_date else None,
        "recurrence": task.recurrence,
        "due_day": task.due_day,
        "due_month": task.due_month,
        "deadline_as_published": task.deadline_as_published,
    }


#: Field names as the preview lists a changed one.
def _labels() -> dict[str, str]:
    return {
        "title_vi": _("title"),
        "plan_number": _("number in the plan"),
        "group": _("task group"),
        "lead_agency_id": _("lead agency"),
        "coordinating": _("coordinating agencies"),
        "coordinating_note": _("other coordinating bodies"),
        "expected_output": _("expected output"),
        "deadline": _("deadline"),
        "start_date": _("start"),
        "recurrence": _("recurrence"),
        "due_day": _("due on day"),
        "due_month": _("due in month"),
        "deadline_as_published": _("deadline as published"),
    }


def existing_tasks(plan: str) -> list[Task]:
    queryset = Task.objects.filter(plan=plan, is_reference=False).exclude(status="cancelled")
    return list(
        queryset.select_related("group").prefetch_related("coordinating_agencies").order_by("pk")
    )


def _compare(result: PlanPreview, province: Province, plan: str, programme: Any) -> None:
    tasks = existing_tasks(plan)
    by_title = {}
    for task in tasks:
        by_title.setdefault(fold(task.title_vi), task)
    by_number = {(t.group.number if t.group else "", t.plan_number): t for t in tasks}
    used: set[int] = set()
    labels = _labels()
    for row in result.rows:
        if row.action in (SKIPPED, PENDING) or row.problems:
            continue
        task = by_title.get(fold(row.data["title"]))
        if task is None or task.pk in used:
            task = by_number.get((row.data["group"], row.data["number"]))
            if task is not None and (task.pk in used or fold(task.title_vi) in _titles(result)):
                task = None
        if task is None:
            row.action = CREATE
            continue
        used.add(task.pk)
        row.data["task"] = task.pk
        before, after = _current(task), _values(row, {})
        row.changes = [labels[k] for k in after if after[k] != before[k]]
        row.action = UPDATE if row.changes else UNCHANGED
    result.removed = [f"{t.plan_number} {t.title_vi}".strip() for t in tasks if t.pk not in used]


def _titles(result: PlanPreview) -> set[str]:
    return {fold(r.data.get("title", "")) for r in result.rows if r.data}


# --- Writing ----------------------------------------------------------------------------


def remember(province: Province, questions: dict[str, Question], user: Any) -> int:
    """Keep the answered names as aliases of the chosen agencies; returns how many."""
    from xuctien.history import acting_as

    count = 0
    with acting_as(user):
        for question in questions.values():
            if not question.answer.isdigit() or question.kind == "successor":
                continue
            alias = AgencyAlias(province=province, agency_id=int(question.answer))
            alias.name = question.text[:300]
            exists = AgencyAlias.objects.filter(province=province, key=question.key or "-").exists()
            if question.key and not exists:
                alias.save()
                count += 1
    return count


def commit(
    user: Any, result: PlanPreview, plan: str, province: Province | None = None, programme=None
) -> dict[str, int]:
    """Write a checked plan, every task or none; returns the count per action."""
    if not result.ok:
        raise ValueError("An import with errors or open questions writes nothing.")
    province = province or current_province()
    counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0}

    def write(row: PreviewRow) -> None:
        counts[row.action] += 1
        if row.action == UNCHANGED:
            return
        groups = _groups(result, province, plan, programme)
        _write_task(user, row, plan, groups.get(row.data["group"]), programme)

    rows = [r for r in result.rows if r.action in (CREATE, UPDATE, UNCHANGED)]
    importing.write_all(rows, write)
    return counts


def _groups(result: PlanPreview, province: Province, plan: str, programme: Any) -> dict:
    cache = getattr(result, "_written_groups", None)
    if cache is not None:
        return cache
    cache = {}
    for group in result.groups:
        found = TaskGroup.objects.filter(province=province, plan=plan, number=group["number"])
        instance = found.first() or TaskGroup(province=province, plan=plan, number=group["number"])
        changed = instance.pk is None or (instance.name_vi, instance.order) != (
            group["name"][:300],
            group["order"],
        )
        instance.name_vi, instance.order = group["name"][:300] or group["number"], group["order"]
        if programme is not None and instance.programme_id is None:
            instance.programme, changed = programme, True
        if changed:
            instance.full_clean()
            instance.save()
        cache[group["number"]] = instance
    result._written_groups = cache  # type: ignore[attr-defined]
    return cache


def _write_task(user: Any, row: PreviewRow, plan: str, group: Any, programme: Any) -> Task:
    data, timing = row.data, row.data["timing"]
    task = Task.objects.get(pk=data["task"]) if data.get("task") else Task(plan=plan)
    task.title_vi = data["title"][:500]
    task.plan_number = data["number"][:20]
    task.group = group
    task.lead_agency_id = data["lead"]["id"]
    task.expected_output = data["output"]
    task.deadline = date.fromisoformat(timing["deadline"]) if timing["deadline"] else None
    task.start_date = date.fromisoformat(timing["start"]) if timing["start"] else None
    task.recurrence = timing["recurrence"]
    task.due_day, task.due_month = timing["due_day"], timing["due_month"]
    task.deadline_as_published = data["timing_text"][:200]
    task.coordinating_note = data["coordinating_note"]
    if programme is not None and task.programme_id is None:
        task.programme = programme
    coordinating = Agency.objects.filter(pk__in=[c["id"] for c in data["coordinating"]])
    if task.pk is None:
        return services.create_task(user, task, coordinating)
    return services.update_task(user, task, coordinating=coordinating)


# --- Kept for callers of the first importer ---------------------------------------------


def parse_workbook(file: Any, year: int, plan: str = "") -> PlanPreview:
    """The preview of a plan file (the name the command and older callers use)."""
    return preview(file, year, plan or getattr(file, "name", "") or "plan")
