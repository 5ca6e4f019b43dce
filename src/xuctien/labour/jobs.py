"""Jobs planned at the IRC against the jobs enterprises report, per project, zone and sector.

A project's reported jobs are the workers of its latest report (period order: year, then
quarter, a yearly report after the quarters of its year). Synthetic projects and reports
never count in the real figures.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from xuctien.labour.models import JobsReport


def period_key(year: int, quarter: int | None) -> tuple[int, int]:
    return (year, quarter or 5)


def period_end(year: int, quarter: int | None) -> date:
    """The last day of the reported period (a year: 31 December)."""
    month = 12 if quarter is None else quarter * 3
    return date(year, month, 31 if month in (3, 12) else 30)


def latest_reports(today: date | None = None, synthetic: bool = False) -> dict[int, JobsReport]:
    """Each project's latest report (ended by ``today`` when given)."""
    latest: dict[int, JobsReport] = {}
    for report in JobsReport.objects.filter(is_synthetic=synthetic).select_related("project"):
        if today is not None and period_end(report.year, report.quarter) > today:
            continue
        current = latest.get(report.project_id)
        if current is None or period_key(report.year, report.quarter) > period_key(
            current.year, current.quarter
        ):
            latest[report.project_id] = report
    return latest


@dataclass
class Line:
    """Planned and reported jobs of a project, or of a zone or sector's projects."""

    label: str = ""
    #: None: not known (a project without a planned figure, or that never reported)
    planned: int | None = None
    reported: int | None = None
    projects: int = 0
    reporting: int = 0
    obj: Any = None
    #: projects whose planned jobs are unknown (a group's planned sum is then at least)
    unknown_planned: int = 0

    @property
    def share(self) -> Decimal | None:
        if not self.planned or self.reported is None or self.unknown_planned:
            return None
        return (Decimal(100) * self.reported / self.planned).quantize(Decimal("0.1"), ROUND_HALF_UP)


def with_reported(projects: QuerySet, synthetic: bool = False) -> QuerySet:
    """The projects with ``reported``: the workers of each one's latest report (None when
    it never reported), read by the database."""
    latest = JobsReport.objects.filter(project=OuterRef("pk"), is_synthetic=synthetic).order_by(
        "-year", Coalesce("quarter", 5).desc()
    )
    return projects.annotate(reported=Subquery(latest.values("workers")[:1]))


def project_line(project: Any) -> Line:
    """One project's line (the project from ``with_reported``)."""
    line = Line(str(project.name), project.jobs_planned, project.reported, 1, 0, project)
    line.unknown_planned = int(project.jobs_planned is None)
    line.reporting = int(project.reported is not None)
    return line


def group_lines(projects: QuerySet, field: str, model: Any) -> list[Line]:
    """Lines per zone or sector (``field``) of the projects (from ``with_reported``), summed
    by the database; projects without one under "—"; by name."""
    rows = (
        projects.order_by()
        .values(field)
        .annotate(
            planned=Sum("jobs_planned"),
            unknown=Count("pk", filter=Q(jobs_planned__isnull=True)),
            workers=Sum("reported"),
            reporting=Count("reported"),
            count=Count("pk"),
        )
    )
    rows = list(rows)
    names = {o.pk: str(o) for o in model.objects.filter(pk__in=[r[field] for r in rows])}
    found = [
        Line(
            label=names.get(row[field], "—"),
            planned=row["planned"] or 0,
            reported=row["workers"] if row["reporting"] else None,
            projects=row["count"],
            reporting=row["reporting"],
            unknown_planned=row["unknown"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda line: line.label)


def lines(projects: QuerySet, shown: Any = None) -> dict[str, list[Line]]:
    """Per project, per zone and per sector: the jobs planned and reported of ``projects``
    (from ``with_reported``); the project lines of ``shown`` (a page of them), else of all."""
    from xuctien.core.models import Zone
    from xuctien.investments.models import Sector

    shown = shown if shown is not None else projects.select_related("zone", "sector")
    return {
        "projects": [project_line(p) for p in shown],
        "zones": group_lines(projects, "zone", Zone),
        "sectors": group_lines(projects, "sector", Sector),
    }
