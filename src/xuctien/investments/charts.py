"""ECharts options for the pipeline's pages, built from records (drawn by static/js/charts.js)."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.investments.models import CapitalEvent

BILLION = Decimal(10) ** 9


def capital_chart(events: Iterable[CapitalEvent]) -> dict[str, Any]:
    """Registered capital over time (a step line) and disbursements, in VND billion."""
    registered, disbursed, total, paid = [], [], Decimal(0), Decimal(0)
    for event in events:
        if event.date is None or event.amount_vnd is None:
            continue
        day = event.date.isoformat()
        if event.kind == CapitalEvent.Kind.DISBURSEMENT:
            paid += event.amount_vnd
            disbursed.append([day, float(paid / BILLION)])
        else:
            total += event.signed_vnd
            registered.append([day, float(total / BILLION)])
    today = timezone.localdate().isoformat()
    for series, value in ((registered, total), (disbursed, paid)):
        if series and series[-1][0] < today:
            series.append([today, float(value / BILLION)])  # the level holds until today
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"containLabel": True, "left": 8, "right": 16},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": _("VND billion")},
        "series": [
            {"name": _("Registered capital"), "type": "line", "step": "end", "data": registered},
            {"name": _("Disbursed (cumulative)"), "type": "line", "data": disbursed},
        ],
    }


def bar_chart(rows: list[tuple[str, Any]], name: str, unit: str = "") -> dict[str, Any]:
    """A horizontal bar per group, its axis named with the unit."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"containLabel": True, "left": 8, "right": 24, "top": 32},
        "xAxis": {"type": "value", "name": unit, "nameLocation": "middle", "nameGap": 28},
        "yAxis": {"type": "category", "data": [label for label, _v in rows], "inverse": True},
        "series": [{"name": name, "type": "bar", "data": [float(v) for _l, v in rows]}],
    }


def funnel_chart(rows: Iterable[Any]) -> dict[str, Any]:
    """Projects that reached each stage (at it or beyond): widest at the lead, on top."""
    data = [{"name": str(r.label), "value": r.reached} for r in rows]
    return {
        "tooltip": {"trigger": "item"},
        "series": [{"type": "funnel", "sort": "none", "data": data, "label": {"show": True}}],
    }


def yearly_chart(figures: dict[int, Decimal], name: str, unit: str = "") -> dict[str, Any]:
    """A bar per year: the years are categories, so one year alone is still one bar."""
    years = sorted(figures)
    series = defaultdict(list)
    series[name] = [float(figures[y]) for y in years]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"containLabel": True, "left": 8, "right": 16, "top": 40},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value", "name": unit, "nameTextStyle": {"align": "left"}},
        "series": [{"name": k, "type": "bar", "data": v} for k, v in series.items()],
    }
