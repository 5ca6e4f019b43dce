"""Presentation helpers shared by every page: numbers, figures, statuses, links, navigation.

Load with ``{% load xuctien %}``. Numbers follow the active language: ``1.234,5`` in
Vietnamese, ``1,234.5`` in English. Every filter shows "—" for a missing value, so a blank
cell is never mistaken for zero.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xuctien.core.models import translated

register = template.Library()

MISSING = "—"
RANGE_DASH = "–"

QUALIFIER_WORDS = {
    "over": pgettext_lazy("figure qualifier", "over"),
    "at_least": pgettext_lazy("figure qualifier", "at least"),
    "under": pgettext_lazy("figure qualifier", "under"),
    "at_most": pgettext_lazy("figure qualifier", "at most"),
    "approx": pgettext_lazy("figure qualifier", "about"),
    "nearly": pgettext_lazy("figure qualifier", "nearly"),
}
QUALIFIER_SYMBOLS = {
    "over": ">",
    "at_least": "≥",
    "under": "<",
    "at_most": "≤",
    "approx": "~",
    "nearly": "≈",
}

#: status -> (label, symbol). The symbol repeats the colour's meaning for people who
#: cannot tell the colours apart and for black-and-white printouts.
STATUSES = {
    "achieved": (_("Achieved"), "✓"),
    "on_track": (_("On track"), "●"),
    "at_risk": (_("At risk"), "▲"),
    "off_track": (_("Off track"), "✕"),
    "no_data": (_("No data"), "○"),
}


def to_decimal(value: Any) -> Decimal | None:
    """The value as a finite Decimal, or None when it is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _places(number: Decimal) -> int:
    """Decimal places needed to show ``number`` without trailing zeros."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Any, places: int | None = None) -> str:
    """``value`` in the active language's notation, rounded half up to ``places``."""
    number = to_decimal(value)
    if number is None:
        return MISSING
    if places is None:
        places = _places(number)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = abs(number)  # no "-0"
    return number_format(number, places, use_l10n=True, force_grouping=True)


def _parse_places(arg: Any) -> int | None:
    if arg in (None, ""):
        return None
    try:
        return max(0, int(arg))
    except (TypeError, ValueError):
        return None


@register.filter(name="translated")
def translated_filter(obj: Any, field: str) -> str:
    """``{{ indicator|translated:"unit" }}``: a curated text in the reader's language."""
    return translated(obj, field) if obj is not None else ""


@register.filter
def number(value: Any, places: Any = None) -> str:
    """``{{ x|number }}`` drops trailing zeros; ``{{ x|number:1 }}`` shows one decimal place."""
    return format_number(value, _parse_places(places))


@register.filter
def number_upto(value: Any, places: Any = 2) -> str:
    """At most ``places`` decimals, trailing zeros dropped: 64.56086 -> "64,56" (vi)."""
    number = to_decimal(value)
    if number is None:
        return MISSING
    limit = _parse_places(places)
    rounded = number.quantize(Decimal(1).scaleb(-(2 if limit is None else limit)), ROUND_HALF_UP)
    whole = rounded == rounded.to_integral()
    return format_number(rounded.quantize(Decimal(1)) if whole else rounded.normalize())


@register.filter
def percent(value: Any, places: Any = None) -> str:
    """A value already expressed in percent: 15.3 -> "15,3%" (vi) / "15.3%" (en)."""
    text = format_number(value, _parse_places(places))
    return text if text == MISSING else f"{text}%"


def _figure(obj: Any, places: int | None, words: bool) -> str:
    value = getattr(obj, "value", None)
    if to_decimal(value) is None:
        return MISSING
    text = format_number(value, places)
    high = getattr(obj, "value_high", None)
    if to_decimal(high) is not None:
        text = f"{text}{RANGE_DASH}{format_number(high, places)}"
    qualifier = getattr(obj, "qualifier", "") or ""
    if words and qualifier in QUALIFIER_WORDS:
        return f"{QUALIFIER_WORDS[qualifier]} {text}"
    if not words and qualifier in QUALIFIER_SYMBOLS:
        return f"{QUALIFIER_SYMBOLS[qualifier]}{text}"
    return text


@register.filter
def figure(obj: Any, places: Any = None) -> str:
    """A published figure with its qualifier in words: "trên 41,3", "khoảng 49–50"."""
    return _figure(obj, _parse_places(places), words=True)


@register.filter
def figure_short(obj: Any, places: Any = None) -> str:
    """The same figure with a symbol for tight table cells: ">41,3", "~69"."""
    return _figure(obj, _parse_places(places), words=False)


@register.inclusion_tag("partials/status_badge.html")
def status_badge(status: Any, title: str = "") -> dict[str, Any]:
    """``{% status_badge row.status title=row.rule_text %}``: colour, symbol and words."""
    key = str(getattr(status, "value", status) or "no_data")
    label, symbol = STATUSES.get(key, (key, "?"))
    return {"status": key, "label": label, "symbol": symbol, "title": title}


@register.filter
def web_url(value: Any) -> str:
    """The URL when it is an http(s) address, else "" (never link ``javascript:``)."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return text if parts.scheme in ("http", "https") and parts.hostname else ""


@register.filter
def host(value: Any) -> str:
    """The host of a URL without "www.": "https://www.baoquangninh.vn/x" -> "baoquangninh.vn"."""
    try:
        name = urlsplit(str(value or "").strip()).hostname or ""
    except ValueError:
        name = ""
    if not name:
        return str(value or "")
    return name.removeprefix("www.")


@register.filter
def has_required_fields(form: Any) -> bool:
    """Whether a form has a visible required field (and so needs the "* required" legend)."""
    return any(field.field.required for field in form.visible_fields())


# Curation remarks (how a source was read, its wording) stay in the admin: a page shows
# each record's text in the reader's language only (docs/decisions/0014).
INTERNAL_FIELDS = {"note", "head", "place_text", "sector_text", "reported_as", "occupancy_note"}


@register.simple_tag
def change_rows(change: Any) -> list[tuple[str, str, str]]:
    """(label, before, after) of a ChangeRecord, readable; fields empty on both sides left out."""
    model = ContentType.objects.get_for_id(change.content_type_id).model_class()
    rows = []
    for name, old, new in change.fields():
        if name in INTERNAL_FIELDS:
            continue
        before, after = _field_value(model, name, old), _field_value(model, name, new)
        if before != MISSING or after != MISSING:
            rows.append((_field_label(model, name), before, after))
    return rows


def _model_field(model: Any, attname: str) -> Any:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def _field_label(model: Any, attname: str) -> str:
    field = _model_field(model, attname)
    return capfirst(str(getattr(field, "verbose_name", attname))) if field else attname


def _field_value(model: Any, attname: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return MISSING
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list | tuple):  # a many-to-many change: the related ids
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value)
    field = _model_field(model, attname)
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices.get(value, value))


@register.inclusion_tag("partials/navigation.html", takes_context=True)
def main_navigation(context: template.Context) -> dict[str, Any]:
    """The menu entries that resolve, the one holding the current page marked current."""
    request = context.get("request")
    path = getattr(request, "path", "")
    links = []
    for item in context.get("nav_items", ()):
        try:
            links.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue  # an entry whose page is not built yet
    current = _current_url([link["url"] for link in links], path)
    for link in links:
        link["current"] = link["url"] == current
        link["exact"] = link["url"] == path
    return {"links": links}


def _current_url(urls: list[str], path: str) -> str | None:
    """The longest menu URL that is a prefix of ``path``; "/" only on the home page itself."""
    matches = [u for u in urls if path == u or (u != "/" and path.startswith(u))]
    return max(matches, key=len, default=None)
