"""Maps and site figures on other apps' pages: the zone list and page, the portal, a project."""

from typing import Any

from django import template

from xuctien.sites import facts as site_facts
from xuctien.sites import permissions
from xuctien.sites.maps import map_context

register = template.Library()


@register.inclusion_tag("sites/partials/zones_map.html", takes_context=True)
def zones_map(context: Any, zones: Any, map_id: str = "zones") -> dict[str, Any]:
    found = site_facts.facts_for(zones)
    return {
        **map_context(list(found.values())),
        "map_id": map_id,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.inclusion_tag("sites/partials/zone_panel.html", takes_context=True)
def zone_site_panel(context: Any, zone: Any) -> dict[str, Any]:
    user = context["request"].user
    found = site_facts.facts_of(zone)
    return {
        **map_context([found]),
        "map_id": "zone",
        "small": True,
        "site": found,
        "zone": zone,
        "may_edit": permissions.writes_zone(user, zone),
        "request": context["request"],
    }


@register.inclusion_tag("sites/partials/project_site.html", takes_context=True)
def project_site(context: Any, project: Any) -> dict[str, Any]:
    needs = list(project.site_needs.select_related("zone")[:3])
    result: dict[str, Any] = {"project": project, "needs": needs, "request": context["request"]}
    if project.zone_id:
        found = site_facts.facts_of(project.zone)
        result.update(map_context([found]), map_id="project", small=True, site=found)
    return result


@register.simple_tag
def available_land(zone: Any) -> Any:
    return site_facts.facts_of(zone).available_ha
