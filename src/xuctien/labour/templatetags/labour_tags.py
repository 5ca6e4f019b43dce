"""Template helpers of the labour pages."""

from decimal import Decimal
from typing import Any

from django import template

from xuctien.core.templatetags.xuctien import format_number

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping|lookup:key``: the value under ``key`` (None when missing)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def share_percent(value: Any) -> str:
    """A share of one as a percentage in local digits: 0.7 → "70 %"."""
    if value is None:
        return ""
    return f"{format_number(Decimal(value) * 100, None)} %"
