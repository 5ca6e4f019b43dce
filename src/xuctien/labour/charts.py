"""The gap's heat map as an ECharts option (drawn by static/js/charts.js)."""

from typing import Any

from django.utils.translation import gettext as _

from xuctien.labour.models import SkillLevel


def heatmap(view: Any) -> dict[str, Any] | None:
    """Occupation groups down, skill levels across, the gap's low end in each cell.

    A cell whose gap has no low end (not determinable) is left blank rather than drawn as
    zero; several years in view add up per cell only where each year's low end is known.
    """
    if not view.cells:
        return None
    codes = sorted({c.occupation for c in view.cells})
    levels = [code for code, _label in SkillLevel.choices]
    values: dict[tuple[int, int], float | None] = {}
    for cell in view.cells:
        key = (levels.index(cell.level), codes.index(cell.occupation))
        gap = cell.gap
        low = float(gap.low) if gap is not None and gap.low is not None else None
        if key in values:
            held = values[key]
            low = None if held is None or low is None else held + low
        values[key] = low
    data = [[x, y, v if v is not None else "-"] for (x, y), v in values.items()]
    known = [v for v in values.values() if v is not None] or [0]
    names = [str(view.occupations.get(code, code)) for code in codes]
    return {
        "tooltip": {"position": "top"},
        "grid": {"containLabel": True, "left": 8, "right": 8, "top": 8, "bottom": 64},
        "xAxis": {
            "type": "category",
            "data": [str(label) for _c, label in SkillLevel.choices],
            "axisLabel": {"interval": 0, "rotate": 40},
        },
        "yAxis": {
            "type": "category",
            "data": names,
            # a phone's width: long group names are cut, the tooltip has them whole
            "axisLabel": {"width": 110, "overflow": "truncate"},
        },
        "visualMap": {
            "min": min(min(known), 0),
            "max": max(max(known), 1),
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "text": [_("shortage"), _("surplus")],
            "inRange": {"color": ["#1a7f4b", "#f4f4f4", "#b3261e"]},
        },
        "series": [
            {
                "name": _("Gap (low end)"),
                "type": "heatmap",
                "data": data,
                "label": {"show": True},
            }
        ],
    }
