"""Analytics of the pipeline, and the forecast panel the programme dashboard embeds."""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from xuctien.core.models import translated
from xuctien.investments import access, analytics, charts, indicators
from xuctien.investments.models import AttractionTarget, Project
from xuctien.programmes.models import Indicator

FORECAST_CODES = (indicators.CAPITAL_CODE, indicators.JOBS_CODE)


def _indicator(code: str) -> Indicator | None:
    return Indicator.objects.prefetch_related("targets__revised_by").filter(code=code).first()


class AnalyticsView(View):
    """Funnel, capital and jobs by group, the computed indicators, targets per developer.

    The funnel reads stage histories, which are confidential: it is shown to those who
    see the whole pipeline. Totals by group use the projects the user may see.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = Project.objects.restrict(request.user, "view").filter(
            is_aggregate=False, is_synthetic=False
        )
        capital = indicators.capital_figures(_indicator(indicators.CAPITAL_CODE))
        jobs = indicators.jobs_figures(_indicator(indicators.JOBS_CODE))
        context: dict[str, Any] = {
            "capital_figures": capital,
            "jobs_figures": jobs,
            "outside": indicators.figures_outside_manufacturing(),
            "groups": _groups(projects),
            "capital_chart": charts.yearly_chart({f.year: f.value for f in capital}, "capital"),
            "jobs_chart": charts.yearly_chart({f.year: f.value for f in jobs}, "jobs"),
        }
        if access.sees_all(request.user):
            funnel = analytics.funnel(Project.objects.filter(is_aggregate=False))
            context.update(funnel=funnel, funnel_chart=charts.funnel_chart(funnel))
            context["attraction"] = _attraction()
            context["events"] = analytics.event_outcomes()
            context["synthetic_in_funnel"] = Project.objects.filter(is_synthetic=True).count()
        return render(request, "investments/analytics.html", context)


def _groups(projects: Any) -> list[dict[str, Any]]:
    groups = []
    for key in ("country", "sector", "zone", "year"):
        rows = analytics.totals_by(projects, key)
        groups.append(
            {
                "key": key,
                "rows": rows,
                "chart": charts.bar_chart([(r[0], r[1] / indicators.TRILLION) for r in rows], key),
            }
        )
    return groups


def _attraction() -> list[tuple[AttractionTarget, Decimal, int]]:
    """Each quarter's target beside what the zone achieved (IRCs in the quarter)."""
    rows = []
    for target in AttractionTarget.objects.select_related("zone"):
        first, last = target.months
        won = Project.objects.filter(
            zone__in=[target.zone, *target.zone.children.all()],
            is_synthetic=False,
            irc_date__year=target.year,
            irc_date__month__gte=first,
            irc_date__month__lte=last,
        )
        capital = sum((p.capital_vnd or Decimal(0) for p in won), Decimal(0))
        rows.append((target, capital, won.count()))
    return rows


class ForecastPanelView(View):
    """``?indicator=CODE``: the chance of meeting that indicator's targets, as a partial."""

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("indicator", "")
        indicator = _indicator(code) if code in FORECAST_CODES else None
        if indicator is None:
            raise Http404
        context = {
            "indicator": indicator,
            "forecasts": analytics.forecasts_for(indicator),
            "unit": translated(indicator, "unit"),
        }
        return render(request, "investments/partials/forecast.html", context)
