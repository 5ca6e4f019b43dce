"""What leaves the server about an indicator's assessment: the Excel table and the chart series.

Both are built from a ``monitoring.IndicatorReport`` and nothing else, so the workbook, the
chart and the page always show the same figures. Headers and labels follow the active
language (Vietnamese unless the reader chose English).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xuctien.core import text
from xuctien.core.exports import Sheet, cell_value
from xuctien.core.models import translated
from xuctien.core.templatetags.xuctien import STATUSES
from xuctien.programmes.assessment import format_bound
from xuctien.programmes.models import Indicator, Observation
from xuctien.programmes.monitoring import IndicatorReport, Row
from xuctien.programmes.periods import PeriodError, parse_period

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURE_FORMAT = "#,##0.00##"
PERCENT_FORMAT = "#,##0.00"
_HEAD_FILL = PatternFill("solid", fgColor="EEF0F3")


def period_label(obs: Any) -> str:
    """A figure's period in words, in the active language ("9 tháng đầu năm 2022")."""
    period = getattr(obs, "period", None)
    if not period:
        return str(getattr(obs, "year", ""))
    try:
        return parse_period(period).describe("en" if get_language() == "en" else "vi")
    except PeriodError:
        return period


def status_label(status: str) -> str:
    label, _symbol = STATUSES.get(status, (status, ""))
    return str(label)


def figure_kind(row: Row) -> str:
    """ "Final", "Estimate"…, or how a computed figure was reached."""
    figure = row.figure
    if isinstance(figure, Observation):
        return str(figure.get_estimate_display())
    return getattr(figure, "explanation", "") if figure is not None else ""


# --- the workbook ---------------------------------------------------------------------------


def assessment_columns() -> list[tuple[str, int]]:
    """(header, width) of the assessment table, in the active language."""
    return [
        (_("Year"), 8),
        (_("Target window"), 13),
        (_("Target"), 12),
        (_("Actual"), 14),
        (_("Expected"), 14),
        (_("Gap"), 12),
        (_("Share of target (%)"), 12),
        (_("Projection to the target year"), 16),
        (_("Still needed per remaining year"), 16),
        (_("Status"), 14),
        (_("Rule"), 60),
        (_("Figure used"), 24),
        (_("Kind of figure"), 16),
        (_("Source"), 50),
        (_("Figure as a bound"), 16),
        (_("Basis of the verdict"), 18),
    ]


def assessment_row(row: Row) -> list[Any]:
    """One year of the assessment as cell values (numbers stay numbers)."""
    target = row.target
    figure = row.figure
    return [
        row.year,
        f"{target.start_year}–{target.year}" if target else None,
        target.value if target else None,
        row.actual,
        row.expected,
        row.gap,
        row.percent_of_target,
        row.projection,
        row.still_needed,
        status_label(row.status),
        row.rule_text,
        period_label(figure) if isinstance(figure, Observation) else None,
        figure_kind(row) or None,
        " | ".join(figure.source_urls) if isinstance(figure, Observation) else None,
        format_bound(row.result.bound) if row.result.bound is not None else None,
        str(BASES.get(row.basis, row.basis)),
    ]


BASES = {
    "official": gettext_lazy("official figure"),
    "registry": gettext_lazy("project registry (a lower bound)"),
    "formula": gettext_lazy("formula"),
}


def assessment_workbook(report: IndicatorReport) -> bytes:
    """The indicator's assessment, one row per year, as an .xlsx file."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Assessment")[:31]
    _write_title(sheet, report.indicator)
    columns = assessment_columns()
    header_row = sheet.max_row + 2
    for col, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(header_row, col, header)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width
    for offset, row in enumerate(report.rows, start=1):
        _write_row(sheet, header_row + offset, assessment_row(row))
    if not report.rows:
        sheet.cell(header_row + 1, 1, _("No quantified target has been set for this indicator."))
    sheet.freeze_panes = sheet.cell(header_row + 1, 2)
    buffer = BytesIO()
    text.defuse_formulas(book).save(buffer)
    return buffer.getvalue()


def dashboard_sheet(groups: list[dict[str, Any]]) -> Sheet:
    """The dashboard's cards as a table: an indicator per row, with its headline year."""
    headers = [
        _("Breakthrough"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Status"),
        _("Year"),
        _("Actual"),
        _("Expected"),
        _("Gap"),
        _("Targets"),
        _("Projection to the target year"),
        _("Latest published"),
    ]
    return Sheet(
        _("Dashboard"), headers, [_dashboard_row(g, i) for g in groups for i in g["reports"]]
    )


def figures_sheet(observations: list[Observation]) -> Sheet:
    """The indicator page's figures: period, value, kind, place, source, status."""
    headers = [
        _("Period"),
        _("Figure"),
        _("Kind of figure"),
        _("Place"),
        _("Source"),
        _("Status"),
        _("Approved"),
    ]
    rows = [
        [
            period_label(obs),
            obs.value,
            str(obs.get_estimate_display()),
            " · ".join(str(p) for p in (obs.locality, obs.zone) if p),
            " | ".join(obs.source_urls) or obs.source,
            str(obs.get_status_display()),
            obs.approved_at,
        ]
        for obs in observations
    ]
    return Sheet(_("Figures"), headers, rows)


def _dashboard_row(group: dict[str, Any], item: IndicatorReport) -> list[Any]:
    row, indicator, latest = item.headline, item.indicator, getattr(item, "latest", None)
    breakthrough = group["breakthrough"]
    return [
        f"{breakthrough.number}. {breakthrough.name}" if breakthrough else "",
        indicator.code,
        indicator.name,
        indicator.unit,
        status_label(item.status) if item.spec else "",
        row.year if row else None,
        row.actual if row else None,
        row.expected if row else None,
        row.gap if row else None,
        "; ".join(f"{t.start_year}–{t.year}: {t.value}" for t in item.targets),
        row.projection if row else None,
        f"{latest.value} ({period_label(latest)})" if latest else "",
    ]


def _write_title(sheet: Any, indicator: Indicator) -> None:
    sheet.append([indicator.name])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Code"), indicator.code])
    sheet.append([_("Unit"), translated(indicator, "unit")])
    sheet.append([_("Behaviour"), str(indicator.get_behaviour_display())])
    sheet.append([_("Direction"), str(indicator.get_direction_display())])
    sheet.append([_("Programme"), indicator.programme.number])


def _write_row(sheet: Any, row_number: int, values: list[Any]) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row_number, col, cell_value(value))
        if isinstance(value, Decimal):
            cell.number_format = PERCENT_FORMAT if col == 7 else FIGURE_FORMAT
        elif col == 11:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- the chart ------------------------------------------------------------------------------


def _s(value: Decimal | None) -> str | None:
    """A decimal for JSON: a plain string, never a float that has lost digits."""
    if value is None:
        return None
    plain = format(value, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def chart_labels(indicator: Indicator) -> dict[str, str]:
    """Series names in the reader's language; the actual is named by what it adds up to."""
    actual = {
        Indicator.Behaviour.RATE: _("Average so far"),
        Indicator.Behaviour.CUMULATIVE: _("Total so far"),
    }.get(indicator.behaviour, _("Actual"))
    return {
        "actual": actual,
        "provisional": _("Provisional or estimate"),
        "path": _("Expected path"),
        "target": _("Target"),
        "revised": _("Superseded target"),
        "projection": _("Projection"),
        "unit": translated(indicator, "unit"),
    }


def chart_series(report: IndicatorReport, with_revised: bool = False) -> dict[str, Any]:
    """The points the chart draws: actuals, the expected path, targets and the projection."""
    indicator = report.indicator
    data: dict[str, Any] = {
        "labels": chart_labels(indicator),
        "actual": _actual_points(report),
        "path": _path_points(report),
        "targets": [[t.year, _s(t.value), t.start_year] for t in report.targets],
        "projection": _projection_points(report),
        "revised": [],
    }
    if with_revised:
        data["revised"] = [
            [t.year, _s(t.value), t.start_year]
            for t in indicator.targets.all()
            if t.is_approved and not t.is_current and t.locality_id is None
        ]
    return data


def _actual_points(report: IndicatorReport) -> list[list[Any]]:
    """[year, value, provisional] per year with an actual; without targets, the yearly figures."""
    if report.rows:
        return [
            [r.year, _s(r.actual), r.is_provisional] for r in report.rows if r.actual is not None
        ]
    final = Observation.Estimate.FINAL
    return [
        [o.year, _s(o.value), o.estimate != final] for o in report.used if o.period_kind == "year"
    ]


def _path_points(report: IndicatorReport) -> list[list[Any]]:
    """The expected value per year, from the baseline (a level) or from nothing (a total)."""
    points = [[r.year, _s(r.expected)] for r in report.rows if r.expected is not None]
    spec, behaviour = report.spec, report.indicator.behaviour
    if spec is None or not points:
        return points
    if behaviour == Indicator.Behaviour.LEVEL and spec.baseline is not None:
        points.insert(0, [spec.baseline.year, _s(spec.baseline.value)])
    elif behaviour == Indicator.Behaviour.CUMULATIVE:
        first = min(t.start_year for t in spec.targets)
        points.insert(0, [first - 1, "0"])
    return points


def _projection_points(report: IndicatorReport) -> list[list[Any]]:
    """A dashed line from the latest actual to the projected value in the target year.

    Only for levels and totals: a rate's "projection" is the rate still needed, which is a
    different quantity from the average drawn beside it, so it is shown in words instead.
    """
    row = report.headline
    if report.indicator.behaviour == Indicator.Behaviour.RATE or row is None:
        return []
    if row.actual is None or row.projection is None or row.target is None:
        return []
    if row.year >= row.target.year:
        return []
    return [[row.year, _s(row.actual)], [row.target.year, _s(row.projection)]]
