"""The body of each kind of report, numbered parts in order, from the snapshot.

The programme's report: I. the indicators, breakthrough by breakthrough, each with a
generated sentence, then their table; II. the action programme's tasks by agency; III.
investment and aftercare, with the early-warning flags; then the parts the secretariat
writes (shortcomings, tasks ahead, proposals). An agency's report: its tasks of the
period, then its own written parts. A written part left empty is left out, and the parts
are numbered as they come.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.reports import document as doc
from xuctien.reports import sentences as say
from xuctien.reports.periods import parse


class Parts:
    """Numbers the parts as they are written: I, II, III…"""

    def __init__(self, document: Any) -> None:
        self.document, self.n = document, 0

    def next(self, title: str) -> None:
        self.n += 1
        doc.heading(self.document, doc.sections_heading(self.n, title))


def opening(report: Any, snapshot: dict, period_label: str) -> str:
    if report.opening.strip():
        return report.opening
    programme = snapshot["programme"]
    programme = say.programme_title(programme["number"], say.bilingual(programme, "name"))
    return _(
        "%(body)s reports on the implementation of %(programme)s in %(period)s as follows:"
    ) % {"body": report.issuing_body, "programme": programme, "period": period_label}


def programme_body(document: Any, report: Any, snapshot: dict) -> None:
    period_label = parse(snapshot["period"]).label()
    doc.body(document, opening(report, snapshot, period_label))
    parts = Parts(document)
    parts.next(_("Results against the programme's indicators"))
    indicators_part(document, snapshot["indicators"])
    parts.next(_("Implementation of the action programme"))
    doc.body(document, say.tasks_sentence(snapshot["tasks"], period_label))
    tasks_table(document, snapshot["tasks"]["rows"])
    parts.next(_("Investment attraction and aftercare"))
    doc.body(document, say.pipeline_sentence(snapshot["pipeline"], period_label))
    doc.body(document, say.aftercare_sentence(snapshot["aftercare"]))
    warnings_part(document, snapshot["warnings"])
    written_parts(parts, report)


def agency_body(document: Any, report: Any, snapshot: dict) -> None:
    period_label = parse(snapshot["period"]).label()
    doc.body(document, opening(report, snapshot, period_label))
    parts = Parts(document)
    parts.next(_("Results of the tasks assigned"))
    doc.body(document, say.tasks_sentence(snapshot["tasks"], period_label))
    task_list_table(document, snapshot["task_list"])
    written_parts(parts, report)


def written_parts(parts: Parts, report: Any) -> None:
    for title, text in (
        (_("Shortcomings and their causes"), report.shortcomings),
        (_("Tasks and solutions ahead"), report.next_steps),
        (_("Proposals"), report.proposals),
    ):
        if text.strip():
            parts.next(title)
            doc.body(parts.document, text)


def indicators_part(document: Any, indicators: list[dict]) -> None:
    doc.body(document, say.status_summary(indicators))
    current, n = object(), 0
    for indicator in indicators:
        if indicator["breakthrough"] != current:
            current = indicator["breakthrough"]
            n += 1
            name = say.bilingual(indicator, "breakthrough") or _("Other indicators")
            doc.heading(document, f"{n}. {name}")
        doc.body(document, "- " + say.indicator_sentence(indicator))
    doc.para(document, _("Table 1. The indicators"), bold=True, after=6)
    doc.table(
        document,
        [
            _("No."),
            _("Indicator"),
            _("Target"),
            _("Path for the year"),
            _("Figure of the year"),
            _("Status"),
            _("Still needed per remaining year"),
        ],
        [
            [
                n,
                say.bilingual(i, "name"),
                say.target_text(i),
                say.with_unit(i.get("expected"), say.bilingual(i, "unit")),
                say.with_unit(i.get("actual"), say.bilingual(i, "unit")),
                say.status_label(i["status"]),
                say.with_unit(i.get("still_needed"), say.bilingual(i, "unit")),
            ]
            for n, i in enumerate(indicators, start=1)
        ],
        [12, 48, 22, 20, 20, 20, 23],
    )


def tasks_table(document: Any, rows: list[dict]) -> None:
    if not rows:
        return  # the sentence above says none fell due
    doc.para(document, _("Table 2. Tasks by lead agency"), bold=True, after=6)
    doc.table(
        document,
        [
            _("No."),
            _("Lead agency"),
            _("Due"),
            _("Done"),
            _("Done on time"),
            _("Done late"),
            _("Overdue"),
            _("Not yet due"),
        ],
        [
            [
                n,
                say.bilingual(r, "agency"),
                r["due"],
                r["done"],
                r["on_time"],
                r["late"],
                r["overdue"],
                r["not_yet_due"],
            ]
            for n, r in enumerate(rows, start=1)
        ],
        [12, 53, 15, 17, 17, 17, 17, 17],
    )


def task_list_table(document: Any, rows: list[dict]) -> None:
    if not rows:
        return
    doc.para(document, _("Table 1. The agency's tasks in the period"), bold=True, after=6)
    doc.table(
        document,
        [_("No."), _("Task"), _("Period"), _("Due"), _("Completed on"), _("Result")],
        [
            [
                n,
                say.bilingual(r, "title"),
                r["period"],
                say.short_date(r["due"]),
                say.short_date(r["completed"]),
                say.outcome_label(r["outcome"]),
            ]
            for n, r in enumerate(rows, start=1)
        ],
        [12, 68, 20, 22, 22, 21],
    )


def warnings_part(document: Any, flags: list[dict]) -> None:
    if not flags:
        doc.body(document, _("The early warning flags no project."))
        return
    flagged = ngettext(
        "The early warning flags %(n)s project:",
        "The early warning flags %(n)s projects:",
        len(flags),
    )
    doc.body(document, flagged % {"n": len(flags)})
    key = "reasons_en" if say.bilingual({"x_vi": "vi", "x_en": "en"}, "x") == "en" else "reasons_vi"
    for flag in flags:
        doc.body(document, f"- {flag['project']}: {' '.join(flag.get(key) or flag['reasons_vi'])}")


def write(report: Any, snapshot: dict) -> bytes:
    """The report's DOCX from ``snapshot``."""
    writer = agency_body if snapshot.get("agency") else programme_body
    return doc.build(report, snapshot, writer)
