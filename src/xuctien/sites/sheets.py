"""A zone's report as an Excel workbook, out and back in (through ``core.spreadsheets``).

Sheet "Figures": one row per figure: its key (column A, read back), its label, the value
(column C, read back), the unit, and for reference the value now published with its date
and source (never read back). Sheet "Plots": plot code, area, status, price per row.
An import is all or nothing: every error names its sheet and row.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from xuctien.core.exports import Sheet
from xuctien.core.spreadsheets import SpreadsheetError, read_spreadsheet
from xuctien.sites.facts import FIGURES, SiteFacts
from xuctien.sites.forms import ReportForm
from xuctien.sites.models import Plot, SiteReport

EXTRA = (
    ("as_of", _("Figures as of"), "YYYY-MM-DD"),
    ("source_url", _("Source"), ""),
    ("latitude", _("Latitude"), "°"),
    ("longitude", _("Longitude"), "°"),
    ("location_approximate", _("Location approximate"), "yes/no"),
    ("sectors", _("Sectors (VSIC codes, comma-separated)"), ""),
)
FIGURES_TITLE, PLOTS_TITLE = "Figures", "Plots"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def export_sheets(report: SiteReport | None, current: SiteFacts) -> list[Sheet]:
    rows = []
    labels = [(k, str(label), unit) for k, label, unit in EXTRA[:2]]
    labels += [(k, str(label), unit) for k, label, unit in FIGURES]
    labels += [(k, str(label), unit) for k, label, unit in EXTRA[2:]]
    for key, label, unit in labels:
        value = None
        if report is not None:
            if key == "sectors":
                value = ", ".join(s.code for s in report.sectors.all()) if report.pk else ""
            else:
                value = _cell(getattr(report, key))
        fact = current.facts.get(key)
        rows.append(
            [
                key,
                label,
                value,
                unit,
                fact.value if fact else None,
                fact.as_of if fact else None,
                " | ".join(fact.sources) if fact else "",
            ]
        )
    plots = list(report.plots.all()) if report is not None and report.pk else []
    return [
        Sheet(
            FIGURES_TITLE,
            [
                _("Key"),
                _("Figure"),
                _("Value"),
                _("Unit"),
                _("Published now"),
                _("As of"),
                _("Source"),
            ],
            rows,
            notes=[
                _(
                    "Fill column C only; leave a value empty when your source does not state "
                    "it. Columns E to G show what is published now and are not read back."
                )
            ],
        ),
        Sheet(
            PLOTS_TITLE,
            [_("Plot"), _("Area (ha)"), _("Status"), _("Price (USD/m²)")],
            [[p.code, p.area_ha, p.status, p.price_usd_m2] for p in plots],
        ),
    ]


class ImportErrors(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read(file: Any, report: SiteReport | None) -> tuple[ReportForm, list[dict[str, Any]]]:
    """The sheet's values as a valid report form and plot rows; ``ImportErrors`` otherwise."""
    try:
        sheets = {sheet.title: sheet for sheet in read_spreadsheet(file)}
    except SpreadsheetError as error:
        raise ImportErrors([str(error)]) from error
    figures = sheets.get(FIGURES_TITLE)
    if figures is None:
        raise ImportErrors([_('The workbook has no sheet named "%s".') % FIGURES_TITLE])
    known = {key for key, *_rest in EXTRA} | {key for key, *_rest in FIGURES}
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    for number, row in enumerate(figures.rows, start=1):
        key = _text(row[0]) if row else ""
        if key not in known:
            continue
        value = _text(row[2]) if len(row) > 2 else ""
        where[key] = number
        if key == "sectors":
            data[key] = [code.strip() for code in value.split(",") if code.strip()]
        elif key == "location_approximate":
            data[key] = "on" if value.lower() in ("yes", "có", "true", "1") else ""
        else:
            data[key] = value
    if report is not None and report.boundary is not None:
        import json

        data["boundary"] = json.dumps(report.boundary)
    form = ReportForm(data=data, instance=report or SiteReport())
    errors = []
    if not form.is_valid():
        for name, messages in form.errors.items():
            row = where.get(name)
            place = _("sheet %(sheet)s, row %(row)s") % {"sheet": FIGURES_TITLE, "row": row}
            for message in messages:
                errors.append(f"{place}: {message}" if row else str(message))
    plots = _plots(sheets.get(PLOTS_TITLE), errors)
    if errors:
        raise ImportErrors(errors)
    return form, plots


def _plots(sheet: Any, errors: list[str]) -> list[dict[str, Any]]:
    if sheet is None:
        return []
    statuses = dict(Plot.Status.choices)
    plots, seen = [], set()
    for number, row in enumerate(sheet.rows[1:], start=2):
        cells = [_text(c) for c in row] + ["", "", "", ""]
        code, area, status, price = cells[:4]
        if not any((code, area, status, price)):
            continue
        place = _("sheet %(sheet)s, row %(row)s") % {"sheet": PLOTS_TITLE, "row": number}
        try:
            area_value = Decimal(area)
            price_value = Decimal(price) if price else None
        except InvalidOperation:
            errors.append(f"{place}: " + _("area and price are numbers."))
            continue
        if not code or status not in statuses:
            errors.append(
                f"{place}: "
                + _("a plot needs a code and a status (%(choices)s).")
                % {"choices": ", ".join(statuses)}
            )
            continue
        if code in seen:
            errors.append(f"{place}: " + _("plot %(code)s appears twice.") % {"code": code})
            continue
        seen.add(code)
        plots.append(
            {"code": code, "area_ha": area_value, "status": status, "price_usd_m2": price_value}
        )
    return plots
