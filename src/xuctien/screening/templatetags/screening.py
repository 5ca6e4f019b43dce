"""The screening panel on the project page: ``{% screening_panel project %}``."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("screening/partials/panel.html", takes_context=True)
def screening_panel(context: template.Context, project: Any) -> dict[str, Any]:
    from xuctien.screening.views import project_context

    data = project_context(context["request"].user, project)
    data["latest"] = data["screenings"][0][0] if data["screenings"] else None
    return data
