"""The sites app's writes (reports: save, submit, publish, return) and its reads for matching.

Every write runs in one transaction under the acting user, so the history says who did it;
permissions are asked here, whatever page or import calls.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.core.models import Province, Zone
from xuctien.sites import facts as site_facts
from xuctien.sites import matching, permissions
from xuctien.sites.models import Plot, SiteNeeds, SiteReport, State

#: Fields a report form or sheet may set (the review fields are the authority's).
REPORT_FIELDS = (
    "as_of",
    *site_facts.FIGURE_KEYS,
    "latitude",
    "longitude",
    "location_approximate",
    "boundary",
    "source_url",
)


def province_of(zone: Zone) -> Province:
    """The zone's province: its own once it has one, else the only province loaded."""
    own = getattr(zone, "province", None)
    if own is not None:
        return own
    province = Province.objects.order_by("pk").first()
    if province is None:
        raise ValidationError(_("Load the province before its zones' reports."))
    return province


def open_report(zone: Zone) -> SiteReport | None:
    """The zone's report still being written (a draft or a returned one), if any."""
    return (
        SiteReport.objects.filter(zone=zone, state__in=(State.DRAFT, State.REJECTED))
        .order_by("-id")
        .first()
    )


def pending_report(zone: Zone) -> SiteReport | None:
    return SiteReport.objects.filter(zone=zone, state=State.SUBMITTED).order_by("-id").first()


def save_report(
    user: Any,
    zone: Zone,
    values: dict[str, Any],
    *,
    sectors: list[Any] | None = None,
    plots: list[dict[str, Any]] | None = None,
    report: SiteReport | None = None,
) -> SiteReport:
    """Write ``values`` into the zone's open report (a new draft when there is none)."""
    if not permissions.writes_zone(user, zone):
        raise PermissionDenied(_("You may only write reports about your own park."))
    with transaction.atomic(), history.acting_as(user):
        if report is None:
            report = open_report(zone) or SiteReport(
                zone=zone, province=province_of(zone), state=State.DRAFT
            )
        elif report.zone_id != zone.pk or not report.is_open:
            raise PermissionDenied(_("Only a draft or returned report can be changed."))
        for key in REPORT_FIELDS:
            if key in values:
                setattr(report, key, values[key])
        report.full_clean(exclude=["sectors", "province"])
        report.save()
        if sectors is not None:
            report.sectors.set(sectors)
        if plots is not None:
            _replace_plots(report, plots)
    return report


def _replace_plots(report: SiteReport, plots: list[dict[str, Any]]) -> None:
    kept = {p["code"] for p in plots}
    for plot in report.plots.exclude(code__in=kept):
        plot.delete()
    for row in plots:
        plot = report.plots.filter(code=row["code"]).first() or Plot(report=report)
        for key in ("code", "area_ha", "status", "price_usd_m2"):
            setattr(plot, key, row.get(key))
        plot.full_clean(exclude=["report"])
        if plot.pk is None or history.snapshot(plot, Plot.history_exclude) != getattr(
            plot, "_history_before", None
        ):
            plot.save()


def submit(user: Any, report: SiteReport) -> SiteReport:
    """The developer sends the report to the authority; it can no longer be changed."""
    if not permissions.writes_zone(user, report.zone) or not report.is_open:
        raise PermissionDenied(_("This report cannot be submitted."))
    if not report.source_url.strip():
        raise ValidationError({"source_url": _("Say where the figures come from.")})
    with transaction.atomic(), history.acting_as(user):
        report.state = State.SUBMITTED
        report.submitted_by = user
        report.save()
    return report


def review(user: Any, report: SiteReport, *, publish: bool, note: str = "") -> SiteReport:
    """The authority publishes a submitted report, or returns it with a reason."""
    if not permissions.is_authority(user):
        raise PermissionDenied(_("Only the economic zone authority publishes site reports."))
    if report.state != State.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    if not publish and not note.strip():
        raise ValidationError({"review_note": _("Say why the report is returned.")})
    with transaction.atomic(), history.acting_as(user):
        report.state = State.PUBLISHED if publish else State.REJECTED
        report.reviewed_by, report.reviewed_at = user, timezone.now()
        report.review_note = note
        report.save()
    return report


def choose_site(user: Any, project: Any, zone: Zone) -> Any:
    """Set the pipeline project's zone to the site chosen in the finder (history kept).

    The user must be allowed to change the project; a developer may only place a project
    in its own park (or a park inside it), never move it into another developer's.
    """
    from xuctien.investments.models import Project

    if not Project.permits(user, "change", project):
        raise PermissionDenied(_("You may not change this project."))
    own = permissions.developer_zone_id(user)
    if own is not None and own not in (zone.pk, zone.parent_id):
        raise PermissionDenied(_("You may only place a project in your own park."))
    if not candidate_zones().filter(pk=zone.pk).exists():
        raise ValidationError(_("This zone is not a site one leases land in."))
    if project.zone_id == zone.pk:
        return project
    with transaction.atomic(), history.acting_as(user):
        project.zone = zone
        project.save()
    return project


# --- Matching ----------------------------------------------------------------------------


def site_of(found: site_facts.SiteFacts) -> matching.Site:
    """The engine's view of a zone: its published figures only."""
    zone = found.zone
    sectors = None
    if found.sectors is not None:
        sectors = tuple(s.code for s in found.sectors)
    return matching.Site(
        zone_id=zone.pk,
        code=zone.code,
        name=zone.name,
        status=found.status,
        available_ha=_dec(found.value("available_ha")),
        sectors=sectors,
        power_kv=found.value("power_kv"),
        water_m3_day=_dec(found.value("water_m3_day")),
        wastewater_m3_day=_dec(found.value("wastewater_m3_day")),
        workforce=found.value("workforce"),
        seaport_km=_dec(found.value("seaport_km")),
        border_gate_km=_dec(found.value("border_gate_km")),
        available_from=found.value("available_from"),
        latitude=found.latitude,
        longitude=found.longitude,
    )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def candidate_zones(province: Any = None) -> Any:
    """Parks and clusters (economic zones are areas, not sites one leases land in), of one
    province when it is given."""
    zones = (
        Zone.objects.exclude(kind=Zone.Kind.ECONOMIC_ZONE)
        .exclude(status=Zone.Status.REVOKED)
        .select_related("parent")
    )
    return zones.filter(province=province) if province is not None else zones


def match(
    needs: matching.Needs, province: Any = None
) -> tuple[list[matching.Match], dict[int, site_facts.SiteFacts]]:
    found = site_facts.facts_for(candidate_zones(province))
    return matching.rank(needs, [site_of(f) for f in found.values()]), found


def attach_needs(project: Any, zone: Zone | None, needs: dict[str, Any], summary: str) -> Any:
    """Keep the needs an investor stated (and the site chosen) with their lead."""
    with history.acting_as(None):
        return SiteNeeds.objects.create(
            province=Province.objects.order_by("pk").first(),
            project=project,
            zone=zone,
            needs=needs,
            summary=summary,
        )
