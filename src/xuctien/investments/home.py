"""The pipeline's panel on a park developer's home page: the projects in their zone."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from xuctien.core.home import Panel
from xuctien.investments.access import developer_zone_ids
from xuctien.investments.models import Project
from xuctien.investments.stages import EXITS


def zone_projects_panel(user: Any, today: date) -> Panel | None:
    """A developer's projects still in play, the most recently moved first."""
    zones = developer_zone_ids(user)
    if not zones:
        return None
    projects = (
        Project.objects.restrict(user, "view")
        .filter(zone__in=zones, is_aggregate=False)
        .exclude(stage__in=EXITS)
        .select_related("zone")
        .order_by("-stage_since", "name")
    )
    return Panel.of(
        _("Projects in your zone"),
        "investments/partials/home_projects.html",
        projects,
        more_url=f"{reverse('investments:project-list')}?{urlencode({'zone': user.zone_id})}",
        empty=_("No project in your zone yet."),
        order=40,
    )
