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
    planned: int = 0
    reported: int = 0
    projects: int = 0
    reporting: int = 0
    obj: Any = None

    @property
    def share(self) -> Decimal | None:
        if not self.planned:
            return None
        return (Decimal(100) * self.reported / self.planned).quantize(Decimal("0.1"), ROUND_HALF_UP)


def lines(projects: Any, synthetic: bool = False) -> dict[str, list[Line]]:
    """Per project, per zone and per sector: the projects' jobs planned and reported."""
    latest = latest_reports(synthetic=synthetic)
    by_project, by_zone, by_sector = [], defaultdict(Line), defaultdict(Line)
    for project in projects.select_related("zone", "sector"):
        report = latest.get(project.pk)
        line = Line(str(project.name), project.jobs_planned or 0, 0, 1, 0, project)
        if report is not None:
            line.reported, line.reporting = report.workers, 1
        by_project.append(line)
        for group, key in ((by_zone, project.zone), (by_sector, project.sector)):
            total = group[str(key) if key else "—"]
            total.label = str(key) if key else "—"
            total.planned += line.planned
            total.reported += line.reported
            total.projects += 1
            total.reporting += line.reporting
    return {
        "projects": by_project,
        "zones": sorted(by_zone.values(), key=lambda x: x.label),
        "sectors": sorted(by_sector.values(), key=lambda x: x.label),
    }
