"""The programme's panel on a user's home page: the figures that wait for approval."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from xuctien.core.home import Panel
from xuctien.core.permissions import manages_programme
from xuctien.programmes.models import Observation


def review_panel(user: Any, today: date) -> Panel | None:
    """Submitted figures, oldest first, for the people who approve them."""
    if not manages_programme(user):
        return None
    submitted = (
        Observation.objects.restrict(user, "view")
        .filter(status=Observation.Status.SUBMITTED)
        .select_related("indicator", "locality")
        .order_by("created_at", "pk")
    )
    return Panel.of(
        _("Figures waiting for approval"),
        "programmes/partials/home_figures.html",
        submitted,
        more_url=reverse("programmes:review"),
        empty=_("No figure waits for approval."),
        order=10,
    )
