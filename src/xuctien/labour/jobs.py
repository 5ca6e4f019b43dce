"""Jobs planned at the IRC against the jobs enterprises report, per project, zone and sector.

A project's reported jobs are the workers of its latest report (period order: year, then
quarter, a yearly report after the quarters of its year). Synthetic projects and reports
never count in the real figures.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

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


def _add(total: Line, label: str, line: Line) -> None:
    total.label = label
    total.planned = (total.planned or 0) + (line.planned or 0)
    total.unknown_planned += line.unknown_planned
    if line.reported is not None:
        total.reported = (total.reported or 0) + line.reported
    total.projects += 1
    total.reporting += line.reporting


def lines(projects: Any, synthetic: bool = False) -> dict[str, list[Line]]:
    """Per project, per zone and per sector: the projects' jobs planned and reported."""
    latest = latest_reports(synthetic=synthetic)
    by_project, by_zone, by_sector = [], defaultdict(Line), defaultdict(Line)
    for project in projects.select_related("zone", "sector"):
        report = latest.get(project.pk)
        line = Line(str(project.name), project.jobs_planned, None, 1, 0, project)
        line.unknown_planned = int(project.jobs_planned is None)
        if report is not None:
            line.reported, line.reporting = report.workers, 1
        by_project.append(line)
        for group, key in ((by_zone, project.zone), (by_sector, project.sector)):
            _add(group[str(key) if key else "—"], str(key) if key else "—", line)
    return {
        "projects": by_project,
        "zones": sorted(by_zone.values(), key=lambda x: x.label),
        "sectors": sorted(by_sector.values(), key=lambda x: x.label),
    }
