"""Template helpers of the portal: ``{% load portal %}``."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from xuctien.portal.sanitiser import sanitise

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """A translated field in the active language (Vietnamese when missing)."""
    return obj.translated(field) if obj is not None else ""


@register.filter
def tr_html(obj: Any, field: str) -> SafeString:
    """A translated HTML body, sanitised again on the way out (defence in depth)."""
    return mark_safe(sanitise(obj.translated(field) if obj is not None else ""))


@register.filter
def shown_language(obj: Any) -> str:
    return obj.shown_language() if obj is not None else ""
