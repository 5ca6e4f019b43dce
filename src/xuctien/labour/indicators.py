"""Breakthrough 3's indicators computed from the labour data, judged by the bound rules.

Which programme indicator each measure feeds is data (``data/indicators.csv``). The
figures, in words:

* **New manufacturing jobs** of a year: for each manufacturing project (VSIC C, with an
  IRC, not synthetic) the workers of its latest report of the year minus those of its
  latest earlier report (its first report counts in full). Only projects that reported
  count, so the sum is a lower bound ("at least"), exact only when every such project
  reported that year.
* **Share of skilled workers in the parks**: workers with a training certificate among
  the workers reported by projects in industrial parks, from the latest report of the
  year that gives both figures. From some projects only, it is an estimate ("about");
  from every park project, exact.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from xuctien.labour.jobs import period_key
from xuctien.labour.models import JobsReport
from xuctien.labour.reference import indicator_codes
from xuctien.programmes import assessment


@dataclass
class Measure:
    code: str
    indicator: Any
    figures: dict[int, assessment.Bound]
    verdicts: dict[int, Any]


def _by_project_year(reports: Any) -> dict[int, dict[int, JobsReport]]:
    found: dict[int, dict[int, JobsReport]] = defaultdict(dict)
    for r in reports:
        held = found[r.project_id].get(r.year)
        if held is None or period_key(r.year, r.quarter) > period_key(held.year, held.quarter):
            found[r.project_id][r.year] = r
    return found


def new_jobs(projects: Any) -> dict[int, assessment.Bound]:
    """Yearly new manufacturing jobs from the reports (see the module notes)."""
    reports = JobsReport.objects.filter(project__in=projects, is_synthetic=False)
    by_project = _by_project_year(reports)
    counted = projects.count()
    sums: dict[int, int] = defaultdict(int)
    reporting: dict[int, int] = defaultdict(int)
    for years in by_project.values():
        previous = 0
        for year in sorted(years):
            sums[year] += years[year].workers - previous
            reporting[year] += 1
            previous = years[year].workers
    return {
        year: assessment.Bound.exact(total)
        if reporting[year] >= counted
        else assessment.Bound.at_least(total)
        for year, total in sums.items()
    }


def skilled_share(projects: Any) -> dict[int, assessment.Bound]:
    """Yearly share (%) of certified workers among park projects' reported workers."""
    reports = JobsReport.objects.filter(
        project__in=projects, is_synthetic=False, skilled_workers__isnull=False
    )
    by_project = _by_project_year(reports)
    workers: dict[int, int] = defaultdict(int)
    skilled: dict[int, int] = defaultdict(int)
    reporting: dict[int, int] = defaultdict(int)
    for years in by_project.values():
        for year, report in years.items():
            workers[year] += report.workers
            skilled[year] += report.skilled_workers or 0
            reporting[year] += 1
    counted = projects.count()
    figures = {}
    for year, total in workers.items():
        if not total:
            continue
        share = (Decimal(100) * skilled[year] / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
        whole = reporting[year] >= counted
        figures[year] = assessment.Bound.exact(share) if whole else assessment.Bound.about(share)
    return figures


def measures(province: Any) -> list[Measure]:
    """Each configured measure with its figures and, where the indicator has targets, verdicts."""
    from django.db.models import Q

    from xuctien.investments.indicators import counted_projects
    from xuctien.programmes.models import Indicator
    from xuctien.programmes.monitoring import spec_for

    province_id = province.pk if province is not None else None
    manufacturing = counted_projects(province_id)
    parks = counted_projects(province_id, manufacturing=False) | manufacturing
    parks = parks.filter(
        Q(zone__kind="industrial_park") | Q(zone__parent__kind="industrial_park")
    ).distinct()
    computed = {"new_manufacturing_jobs": new_jobs(manufacturing), "skilled_share_parks": None}
    computed["skilled_share_parks"] = skilled_share(parks)
    found = []
    for measure, code in indicator_codes().items():
        indicator = (
            Indicator.objects.filter(province_id=province_id, code=code).first() if code else None
        )
        figures = computed.get(measure) or {}
        spec = spec_for(indicator) if indicator is not None else None
        verdicts = {}
        if spec is not None and figures:
            results = assessment.assess(
                spec,
                figures,
                years=sorted(figures),
                complete_until=timezone.localdate().year - 1,
            )
            verdicts = {r.year: r for r in results}
        found.append(Measure(measure, indicator, figures, verdicts))
    return found
