"""The secretariat's reminder, on other pages, that next year's holiday calendar is missing."""

from typing import Any

from django import template
from django.utils import timezone

from xuctien.actions.holidays import missing_next_year
from xuctien.core.permissions import manages_programme

register = template.Library()


def today() -> Any:
    return timezone.localdate()


@register.inclusion_tag("actions/partials/calendar_warning.html", takes_context=True)
def calendar_warning(context: dict[str, Any]) -> dict[str, Any]:
    """``{% calendar_warning %}``: from 1 October, if next year is not covered (secretariat)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not manages_programme(user):
        return {"missing": None}
    return {"missing": missing_next_year(today())}
