"""Analytics of the pipeline, and the forecast panel the programme dashboard embeds."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.exports import Sheet, wants_export, xlsx_response
from xuctien.core.models import Zone, translated
from xuctien.investments import access, aggregates, analytics, charts, indicators
from xuctien.investments.models import AttractionTarget, Project
from xuctien.programmes import caching
from xuctien.programmes.models import Indicator


def _indicator(user: Any, feed: str) -> Indicator | None:
    """The indicator of the user's province that the registry's ``feed`` computes (the
    programme workbook declares it)."""
    indicators_ = Indicator.objects.restrict(user, "view").filter(registry_feed=feed)
    return indicators_.prefetch_related("targets__revised_by").order_by("pk").first()


def registry_figures(capital: Indicator | None, jobs: Indicator | None) -> tuple:
    """The capital and jobs series the registers give the two indicators, and the figures
    outside manufacturing of the capital indicator's province: six queries and their
    arithmetic, a third of the page. Kept with the indicators' assessments
    (``programmes.caching``), under a key made of theirs: it changes with every write to
    their province's registers (projects, capital events, declarations), to their targets
    and settings, with the language and the day, as their reports do."""

    def compute() -> tuple:
        return (
            indicators.capital_figures(capital),
            indicators.jobs_figures(jobs),
            indicators.figures_outside_manufacturing(indicators.province_of(capital)),
        )

    if capital is None or jobs is None:
        return compute()
    current = caching.generations(s for i in (capital, jobs) for s in caching.scopes_for(i))
    keys = caching.keys([capital, jobs], current)
    key = f"xt:analytics:{keys[capital.pk]}|{keys[jobs.pk]}"
    store = caching.cache()
    found = store.get(key)
    if found is None:
        found = compute()
        store.set(key, found, caching.TIMEOUT)
    return found


class AnalyticsView(View):
    """Funnel, capital and jobs by group, the computed indicators, targets per developer.

    The funnel reads stage histories, which are confidential: it is shown to those who
    see the whole pipeline. Totals by group use the projects the user may see.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = Project.objects.restrict(request.user, "view")
        totals = aggregates.for_user(request.user, visible)
        capital, jobs, outside = registry_figures(
            _indicator(request.user, indicators.CAPITAL), _indicator(request.user, indicators.JOBS)
        )
        context: dict[str, Any] = {
            "capital_figures": capital,
            "jobs_figures": jobs,
            "outside": outside,
            "groups": _groups(totals),
            "capital_chart": charts.yearly_chart(
                {f.year: f.value for f in capital}, _("Capital attracted"), _("VND trillion")
            ),
            "jobs_chart": charts.yearly_chart(
                {f.year: f.value for f in jobs}, _("New jobs"), _("jobs")
            ),
        }
        if access.sees_all(request.user):
            funnel = analytics.funnel_from(totals)
            context.update(funnel=funnel, funnel_chart=charts.funnel_chart(funnel))
            context["attraction"] = _attraction(request.user)
            context["events"] = analytics.event_outcomes(request.user)
            context["synthetic_in_funnel"] = totals.synthetic
        if wants_export(request):
            return xlsx_response("analytics", analytics_sheets(context))
        return render(request, "investments/analytics.html", context)


def analytics_sheets(context: dict[str, Any]) -> list[Sheet]:
    """The page's tables, one sheet each, with the figures as the page shows them."""
    year, how = _("Year"), _("How")
    sheets = [
        Sheet(
            _("Capital attracted"),
            [year, _("VND trillion"), how],
            [[f.year, f.value, f.explanation] for f in context["capital_figures"]],
        ),
        Sheet(
            _("New jobs"), [year, _("Jobs")], [[f.year, f.value] for f in context["jobs_figures"]]
        ),
    ]
    if context.get("funnel"):
        sheets.append(_funnel_sheet(context["funnel"]))
    for group in context["groups"]:
        title = {"country": _("By country"), "sector": _("By sector (VSIC)"), "zone": _("By zone")}
        sheets.append(
            Sheet(
                title.get(group["key"], _("By IRC year")),
                ["", _("Capital (VND trillion)"), _("Jobs planned")],
                [list(row) for row in group["rows"]],
            )
        )
    return sheets


def _funnel_sheet(funnel: list) -> Sheet:
    headers = [
        _("Stage"),
        _("At this stage now"),
        _("Reached (at it or beyond)"),
        _("Went beyond"),
        _("Median days in stage"),
    ]
    rows = [[r.label, r.at, r.reached, r.onward_percent, r.median_days] for r in funnel]
    return Sheet(_("Funnel"), headers, rows)


def _groups(totals: aggregates.PipelineAggregates) -> list[dict[str, Any]]:
    groups = []
    for key in aggregates.GROUPS:
        rows = [
            (label, capital / indicators.TRILLION, jobs)
            for label, capital, jobs in analytics.group_rows(totals, key)
        ]
        groups.append(
            {
                "key": key,
                "rows": rows,
                "chart": charts.bar_chart(
                    [(r[0], r[1]) for r in rows],
                    _("Capital"),
                    _("VND trillion"),
                ),
            }
        )
    return groups


def _attraction(user: Any) -> list[tuple[AttractionTarget, Decimal, int]]:
    """Each quarter's target beside what the zone achieved (IRCs in the quarter): the IRCs
    of the targets' zones counted in one GROUP BY by zone, year and month."""
    targets = list(AttractionTarget.objects.restrict(user, "view").select_related("zone"))
    if not targets:
        return []
    zones = {t.zone_id for t in targets}
    within = dict(Zone.objects.filter(parent__in=zones).values_list("pk", "parent_id"))
    won = (
        Project.objects.filter(zone__in=zones | set(within), is_synthetic=False)
        .exclude(irc_date=None)
        .order_by()
        .values("zone_id", year=ExtractYear("irc_date"), month=ExtractMonth("irc_date"))
        .annotate(capital=Sum("capital_vnd"), count=Count("pk"))
    )
    by_month: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for row in won:
        for zone in {row["zone_id"], within.get(row["zone_id"])} - {None}:
            total = by_month[(zone, row["year"], row["month"])]
            total[0] += row["capital"] or Decimal(0)
            total[1] += row["count"]
    rows = []
    for target in targets:
        first, last = target.months
        months = [by_month.get((target.zone_id, target.year, m)) for m in range(first, last + 1)]
        months = [m for m in months if m]
        rows.append((target, sum((m[0] for m in months), Decimal(0)), sum(m[1] for m in months)))
    return rows


class ForecastPanelView(View):
    """``?indicator=CODE``: the chance of meeting that indicator's targets, as a partial.

    A large pipeline is simulated in the background: meanwhile the partial says so and asks
    htmx to poll until the answer is kept.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("indicator", "")
        indicator = (
            Indicator.objects.restrict(request.user, "view")
            .prefetch_related("targets__revised_by")
            .filter(code=code)
            .exclude(registry_feed="")
            .order_by("pk")
            .first()
        )
        if indicator is None:
            raise Http404
        forecasts = analytics.forecasts_for(indicator, background=True)
        context = {
            "indicator": indicator,
            "forecasts": forecasts or [],
            "computing": forecasts is None,
            "unit": translated(indicator, "unit"),
            # A target whose year is over is read from the figures, never given a chance.
            "this_year": timezone.localdate().year,
        }
        return render(request, "investments/partials/forecast.html", context)
