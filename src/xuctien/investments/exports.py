"""Excel export of the project and investor lists: the columns a user may see, as filtered."""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from xuctien.core.exports import Sheet, xlsx_response
from xuctien.investments import access
from xuctien.investments.countries import country_name


def _public_columns() -> list[tuple[str, Any]]:
    return [
        (_("Project"), lambda p: p.name),
        (_("Investors"), lambda p: "; ".join(i.name for i in p.investors.all())),
        (_("Country"), lambda p: "; ".join(country_name(i.country) for i in p.investors.all())),
        (_("VSIC"), lambda p: p.vsic),
        (_("Zone"), lambda p: str(p.zone) if p.zone else ""),
        (_("Place as published"), lambda p: p.place_text),
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


def project_sheet(projects: Any, user: Any) -> Sheet:
    """A row per project, with the confidential columns for those who see the pipeline."""
    columns = _public_columns() + (_confidential_columns() if access.sees_all(user) else [])
    return Sheet(
        _("Projects"),
        [title for title, _get in columns],
        ([get(project) for _title, get in columns] for project in projects),
    )


def projects_response(projects: Any, user: Any) -> HttpResponse:
    return xlsx_response("projects", [project_sheet(projects, user)])


def investor_sheet(investors: Any) -> Sheet:
    """The investor list as it is shown: name, country, parent group, projects."""
    return Sheet(
        _("Investors"),
        [_("Legal name"), _("Other names"), _("Country"), _("Parent group")],
        (
            [
                i.name,
                " · ".join(i.other_names),
                country_name(i.country) if i.country else i.country_text,
                i.parent_group,
            ]
            for i in investors
        ),
    )
