"""The project list's rows, written in Python (``investments.rows``)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def project_rows(projects: Any) -> str:
    """``{% project_rows projects %}``: the table's rows, as its old loop wrote them."""
    from xuctien.investments.rows import project_rows as rows

    return rows(projects)
