"""Excel export of the project list: the columns a user may see, as filtered on the page."""

from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from xuctien.core import text
from xuctien.investments import access
from xuctien.investments.countries import country_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public_columns() -> list[tuple[str, Any]]:
    return [
        (_("Project"), lambda p: p.name),
        (_("Investors"), lambda p: "; ".join(i.name for i in p.investors.all())),
        (_("Country"), lambda p: "; ".join(country_name(i.country) for i in p.investors.all())),
        (_("VSIC"), lambda p: p.vsic),
        (_("Zone"), lambda p: str(p.zone) if p.zone else p.place_text),
        (_("Stage"), lambda p: str(p.get_stage_display())),
        (_("IRC number"), lambda p: p.irc_number or ""),
        (_("IRC date"), lambda p: p.irc_date),
        (_("Registered capital (VND)"), lambda p: p.capital_vnd),
        (_("Jobs planned"), lambda p: p.jobs_planned),
        (_("FDI"), lambda p: _("yes") if p.fdi else _("no")),
        (_("Synthetic"), lambda p: _("yes") if p.is_synthetic else ""),
        (_("Sources"), lambda p: p.source_url),
    ]


def _confidential_columns() -> list[tuple[str, Any]]:
    return [
        (_("Expected capital (VND)"), lambda p: p.expected_capital_vnd),
        (_("Owner"), lambda p: str(p.owner) if p.owner else ""),
        (_("Note"), lambda p: p.note),
    ]


def projects_workbook(projects: Any, user: Any) -> bytes:
    """The workbook's bytes: a header row, then a row per project."""
    columns = _public_columns() + (_confidential_columns() if access.sees_all(user) else [])
    book = Workbook()
    sheet = book.active
    sheet.title = _("Projects")[:31]
    sheet.append([title for title, _get in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for project in projects:
        sheet.append([get(project) for _title, get in columns])
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    text.defuse_formulas(book).save(buffer)
    return buffer.getvalue()


def projects_response(projects: Any, user: Any) -> HttpResponse:
    response = HttpResponse(projects_workbook(projects, user), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="projects-{stamp}.xlsx"'
    return response
