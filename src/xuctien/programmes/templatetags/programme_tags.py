"""Template helpers for the assessment pages: a figure's bound in the reader's notation."""

from typing import Any

from django import template

from xuctien.core.templatetags.xuctien import format_number
from xuctien.programmes.assessment import Bound, format_bound

register = template.Library()


@register.filter
def bound(value: Any) -> str:
    """A bound in symbols and local digits: "≥ 41,3", "≤ 2", "~19", "66–67"."""
    if not isinstance(value, Bound):
        return ""
    return format_bound(
        value, lambda number: format_number(number, None if number == number.to_integral() else 2)
    )


@register.filter
def is_interval(value: Any) -> bool:
    """Whether the figure is a bound rather than one number."""
    return isinstance(value, Bound) and not value.is_point
