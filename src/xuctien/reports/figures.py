"""The figures a report is made of, read from the live data once and kept as a snapshot.

Nothing here computes a verdict of its own: the indicators come from the assessment
engine exactly as the dashboard runs it (``programmes.monitoring.programme_reports``), the
tasks from the agency scorecard (``actions.scorecard``), the requests from the aftercare
scorecard and the flags from the early warning (``aftercare.warnings``). Synthetic (demo)
records never count: they are only counted apart, so the report can say they were left
out. The snapshot is plain JSON (decimals as strings, names in both languages), so an
issued report keeps it unchanged whatever is approved later.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation

from xuctien.actions import scorecard as tasks_scorecard
from xuctien.aftercare import scorecard as care_scorecard
from xuctien.reports.periods import ReportPeriod

SNAPSHOT_VERSION = 1


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def collect(programme: Any, period: ReportPeriod, today: date, agency: Any = None) -> dict:
    """Everything the report says, as of ``today``; an agency's report holds its tasks."""
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "as_of": today.isoformat(),
        "period": period.key,
        "programme": {
            "code": programme.code,
            "number": programme.number,
            "name_vi": programme.name_vi,
            "name_en": programme.name_en,
        },
        "agency": None,
        "tasks": task_figures(programme, period, today, agency),
    }
    if agency is not None:
        snapshot["agency"] = {"id": agency.pk, "name_vi": agency.name_vi, "name_en": agency.name_en}
        snapshot["task_list"] = task_list(programme, period, today, agency)
        return snapshot
    snapshot["indicators"] = indicator_figures(programme, period)
    snapshot["pipeline"] = pipeline_figures(period, programme.province_id)
    snapshot["aftercare"] = aftercare_figures(period, today, programme.province_id)
    snapshot["warnings"] = warning_flags(today, programme.province_id)
    return snapshot


# --- indicators --------------------------------------------------------------------------


def indicator_figures(programme: Any, period: ReportPeriod) -> list[dict]:
    """Each indicator's row for the period's year, as the dashboard's engine assessed it.

    Targets are yearly, so indicators are assessed by year: a quarter's or six months'
    report shows its year as it stands (the year to date while the year runs).
    """
    from xuctien.programmes.monitoring import programme_reports

    rows = []
    for item in programme_reports(programme):
        indicator = item.indicator
        row = next((r for r in item.rows if r.year == period.year), None)
        final = item.final_target
        breakthrough = indicator.breakthrough
        rows.append(
            {
                "code": indicator.code,
                "name_vi": indicator.name_vi,
                "name_en": indicator.name_en,
                "unit_vi": indicator.unit,
                "unit_en": indicator.unit_en,
                "direction": indicator.direction,
                "behaviour": indicator.behaviour,
                "breakthrough": breakthrough.number if breakthrough else None,
                "breakthrough_vi": breakthrough.name_vi if breakthrough else "",
                "breakthrough_en": breakthrough.name_en if breakthrough else "",
                "has_target": item.spec is not None,
                "final_target": _str(final.value) if final else None,
                "final_target_high": _str(final.value_high) if final else None,
                "final_target_year": final.year if final else None,
                **_year_row(row, period.year),
            }
        )
    # As on the dashboard: the breakthroughs in order, indicators without one last.
    return sorted(rows, key=lambda r: (r["breakthrough"] is None, r["breakthrough"] or 0))


def _year_row(row: Any, year: int) -> dict:
    if row is None:
        return {"year": year, "status": "no_data", "target": None, "target_year": None}
    result = row.result
    target = result.target
    return {
        "year": result.year,
        "status": row.status,
        "target": _str(target.value) if target else None,
        "target_high": _str(target.high) if target else None,
        "target_year": target.year if target else None,
        "actual": _str(result.actual),
        "expected": _str(result.expected),
        "gap": _str(result.gap),
        "percent_of_target": _str(result.percent_of_target),
        "still_needed": _str(result.still_needed),
        "projection": _str(result.projection),
        "provisional": bool(row.is_provisional),
    }


# --- tasks -------------------------------------------------------------------------------


def _occurrences(programme: Any, period: ReportPeriod, agency: Any, synthetic: bool = False):
    from xuctien.actions.models import Occurrence

    occurrences = Occurrence.objects.filter(
        due_date__range=(period.first, period.last),
        task__is_reference=False,
        task__is_synthetic=synthetic,
        task__programme=programme,
    )
    if agency is not None:
        occurrences = occurrences.filter(task__lead_agency=agency)
    return occurrences


def task_figures(programme: Any, period: ReportPeriod, today: date, agency: Any = None) -> dict:
    """Occurrences due in the period by lead agency: the scorecard's counts, one period."""
    values = _occurrences(programme, period, agency).values_list(
        "task__lead_agency_id",
        "task__lead_agency__name_vi",
        "task__lead_agency__name_en",
        "due_date",
        "status",
        "completed_at",
    )
    english = {pk: name_en for pk, _vi, name_en, *_rest in values}
    rows = [
        tasks_scorecard.Row(pk, name_vi, due, status, done)
        for pk, name_vi, _en, due, status, done in values
    ]
    scores = tasks_scorecard.ranked(tasks_scorecard.scorecard(rows, today, by="year"))
    table = [_task_score(s, english.get(s.agency_id) or "") for s in scores]
    total = {k: sum(r[k] for r in table) for k in ("due", "done", "on_time", "late", "overdue")}
    total["not_yet_due"] = sum(r["not_yet_due"] for r in table)
    synthetic = _occurrences(programme, period, agency, synthetic=True).count()
    return {"rows": table, "total": total, "synthetic_left_out": synthetic}


def _task_score(score: Any, name_en: str) -> dict:
    return {
        "agency_id": score.agency_id,
        "agency_vi": score.agency,
        "agency_en": name_en,
        "due": score.due,
        "done": score.on_time + score.late,
        "on_time": score.on_time,
        "late": score.late,
        "overdue": score.overdue,
        "not_yet_due": score.not_yet_due,
        "on_time_rate": _str(score.on_time_rate),
    }


def task_list(programme: Any, period: ReportPeriod, today: date, agency: Any) -> list[dict]:
    """The agency's occurrences due in the period, one line each, for its own report."""
    occurrences = (
        _occurrences(programme, period, agency)
        .exclude(status=tasks_scorecard.CANCELLED)
        .select_related("task")
        .order_by("due_date", "task__title_vi", "pk")
    )
    return [
        {
            "title_vi": o.task.title_vi,
            "title_en": o.task.title_en,
            "period": o.period_label,
            "due": _str(o.due_date),
            "completed": _str(o.completed_at),
            "outcome": _outcome(o.due_date, o.completed_at, today),
            "percent": o.percent,
        }
        for o in occurrences
    ]


def _outcome(due: date | None, completed: date | None, today: date) -> str:
    """The scorecard's words for one occurrence (``actions.scorecard._count``)."""
    if completed is not None:
        return "late" if due is not None and completed > due else "on_time"
    if due is not None and due < today:
        return "overdue"
    return "not_yet_due"


# --- investments and aftercare -----------------------------------------------------------


def pipeline_figures(period: ReportPeriod, province_id: int) -> dict:
    """IRCs issued in the period, capital registered (net) and jobs planned: the province's
    real projects."""
    from xuctien.investments.indicators import counted_projects
    from xuctien.investments.models import CapitalEvent, Project

    figures: dict[str, Any] = {}
    for key, manufacturing in (("all", None), ("manufacturing", True)):
        if manufacturing is None:
            projects = Project.objects.filter(
                province_id=province_id,
                irc_date__isnull=False,
                is_aggregate=False,
                is_synthetic=False,
            )
        else:
            projects = counted_projects(province_id)
        new = projects.filter(irc_date__range=(period.first, period.last))
        events = CapitalEvent.objects.filter(
            project__in=projects,
            kind__in=CapitalEvent.ATTRACTED,
            date__range=(period.first, period.last),
        )
        signed = [e.signed_vnd for e in events]
        figures[key] = {
            "new_ircs": new.count(),
            "capital_vnd": str(sum((v for v in signed if v is not None), Decimal(0))),
            "capital_pending": sum(1 for v in signed if v is None),
            "jobs": sum(p.jobs_planned or 0 for p in new),
        }
    figures["synthetic_left_out"] = Project.objects.filter(
        is_synthetic=True, irc_date__range=(period.first, period.last)
    ).count()
    return figures


def aftercare_figures(period: ReportPeriod, today: date, province_id: int) -> dict:
    """The province's requests due in the period: answered on time, late, overdue, and the
    average rating."""
    rows = [
        r
        for r in care_scorecard.rows_for(period.year, province=province_id)
        if period.first <= r.deadline <= period.last
    ]
    total = care_scorecard.Score(0, "", period.key)
    for score in care_scorecard.scorecard(rows, today, by="year"):
        for name in ("assigned", "on_time", "late", "overdue", "not_yet_due"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        total.scores += score.scores
    return {
        "assigned": total.assigned,
        "on_time": total.on_time,
        "late": total.late,
        "overdue": total.overdue,
        "not_yet_due": total.not_yet_due,
        "on_time_rate": _str(total.on_time_rate),
        "rated": total.rated,
        "average_rating": _str(total.average_rating),
    }


def warning_flags(today: date, province_id: int) -> list[dict]:
    """The province's projects the early warning flags today (real projects only), reasons
    in both languages."""
    from xuctien.aftercare.warnings import at_risk
    from xuctien.investments.models import Project

    real = Project.objects.filter(province=province_id, is_synthetic=False)
    flagged: dict[int, dict] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for project, reasons in at_risk(today, projects=real):
                entry = flagged.setdefault(project.pk, {"project": project.name})
                entry[f"reasons_{language}"] = [reason.text for reason in reasons]
    return list(flagged.values())
