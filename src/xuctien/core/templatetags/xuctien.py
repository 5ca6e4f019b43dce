"""Presentation helpers shared by every page: numbers, figures, statuses, links, navigation.

Load with ``{% load xuctien %}``. Numbers follow the active language: ``1.234,5`` in
Vietnamese, ``1,234.5`` in English. Every filter shows "—" for a missing value, so a blank
cell is never mistaken for zero.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from xuctien.core import navigation
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
    "not_determinable": (_("Not determinable"), "◇"),
    "to_date": (_("Year to date"), "…"),
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


#: One nghìn tỷ đồng: the unit of the programme's capital indicator.
VND_TRILLION = Decimal(10) ** 12


@register.filter
def vnd_trillion(value: Any, places: Any = 3) -> str:
    """An amount in đồng, shown in nghìn tỷ đồng (the indicator's unit): 2.5e12 -> "2,5"."""
    number = to_decimal(value)
    if number is None:
        return MISSING
    return number_upto(number / VND_TRILLION, places)


@register.filter
def chance_in_ten(value: Any) -> str:
    """A probability (0–1) in words an official reads: 0.3 -> "about 3 in 10"."""
    p = to_decimal(value)
    if p is None:
        return MISSING
    if p >= Decimal("0.995"):
        return str(_("almost certain (over 99 in 100)"))
    if p <= Decimal("0.005"):
        return str(_("almost none (under 1 in 100)"))
    tenths = int((p * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if tenths == 0:
        return str(_("under 1 in 10"))
    if tenths == 10:
        return str(_("over 9 in 10"))
    return str(_("about %(n)s in 10") % {"n": tenths})


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


@register.simple_tag
def readable_history(history: Any) -> list[tuple[Any, list[tuple[str, str, str]]]]:
    """(change, [(label, before, after)]) for each change, as people read it
    (``core.changes``); a history already read (``attach_history``) passes through."""
    from xuctien.core.changes import readable_history as read

    entries = list(history or ())
    if entries and isinstance(entries[0], tuple):
        return entries
    return read(entries)


@register.simple_tag(takes_context=True)
def history_export_url(context: template.Context, entries: list) -> str:
    """The Excel export of the record's history (the first change's record), for those who
    may export history (``reports.permissions``); "" for anyone else."""
    request = context.get("request")
    if not entries or request is None:
        return ""
    from xuctien.reports.permissions import reads_reports

    if not reads_reports(request.user):
        return ""
    from django.contrib.contenttypes.models import ContentType

    change = entries[0][0]
    kind = ContentType.objects.get_for_id(change.content_type_id)  # cached: no query
    label = f"{kind.app_label}.{kind.model}"
    query = urlencode({"kind": label, "record": change.object_id})
    return f"{reverse('reports:history')}?{query}"


def _menu(context: template.Context) -> list[Any]:
    """The grouped menu of this page, built once per render."""
    if "_menu" not in context.render_context:
        request = context.get("request")
        match = getattr(request, "resolver_match", None)
        context.render_context["_menu"] = navigation.menu(
            context.get("nav_items", ()),
            getattr(request, "path", ""),
            getattr(match, "view_name", "") or "",
            getattr(match, "namespace", "") or "",
        )
    return context.render_context["_menu"]


#: The menus drawn so far, by what they show (``_drawn``): a site has a few roles and a
#: few hundred pages, so the same menu is drawn again and again.
_menus_drawn: dict[tuple[Any, ...], str] = {}
MAX_MENUS_DRAWN = 4000


def _drawn(template_name: str, groups: list[Any], context: dict[str, Any]) -> str:
    """``template_name`` rendered with ``context``, remembered under everything the menu
    shows: the language (its labels and the template's words) and each group's entries
    with their current marks. Drawing the ~35 links through the template took ~3 ms of
    every page; the HTML of one menu never changes while the process runs."""
    shape = tuple(
        (g.key, g.current, tuple((lk.url_name, lk.url, lk.current) for lk in g.links))
        for g in groups
    )
    key = (template_name, get_language(), shape)
    html = _menus_drawn.get(key)
    if html is None:
        html = render_to_string(template_name, context)
        if len(_menus_drawn) < MAX_MENUS_DRAWN:
            _menus_drawn[key] = html
    return html  # safe: render_to_string's own SafeString


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> str:
    """The menu by domain: every entry the user may follow, the current one marked."""
    groups = _menu(context)
    return _drawn("partials/navigation.html", groups, {"groups": groups})


@register.simple_tag(takes_context=True)
def section_navigation(context: template.Context) -> str:
    """The entries of the current page's domain, as a strip under the header."""
    current = next((g for g in _menu(context) if g.current), None)
    group = current if current and len(current.links) > 1 else None
    return _drawn("partials/section_navigation.html", [group] if group else [], {"group": group})


#: The layout's parts that depend on the language alone, as drawn (``language_only``).
_language_parts: dict[tuple[Any, ...], str] = {}
MAX_LANGUAGE_PARTS = 200


class LanguageOnlyNode(template.Node):
    def __init__(self, nodelist: template.NodeList, index: int) -> None:
        self.nodelist = nodelist
        self.index = index  # the how-manieth in its template: the part's name there

    def render(self, context: template.Context) -> str:
        engine = getattr(context.template, "engine", None)
        if engine is None or engine.debug or self.origin.name == template.base.UNKNOWN_SOURCE:
            # development (templates change as we go), or a template with no name to key on
            return self.nodelist.render(context)
        language = get_language()
        key = (self.origin.name, self.index, language, get_urlconf(), get_script_prefix())
        html = _language_parts.get(key)
        if html is None:
            # Drawn without the page's variables (the user, the request, the data): what
            # the part shows cannot depend on them.
            html = self.nodelist.render(context.new({"LANGUAGE_CODE": language}))
            if len(_language_parts) < MAX_LANGUAGE_PARTS:
                _language_parts[key] = html
        return html


@register.tag
def language_only(parser: template.base.Parser, token: template.base.Token) -> LanguageOnlyNode:
    """``{% language_only %}…{% endlanguage_only %}``: a part of the layout that depends on
    the language alone (its words, its fixed links and files), drawn once per process and
    language rather than on every page (~0.3 ms of its translate, url and static tags).
    Inside, only ``LANGUAGE_CODE`` is known: a variable of the page draws as empty."""
    index = parser.__dict__.get("language_only_parts", 0)
    parser.language_only_parts = index + 1  # type: ignore[attr-defined]
    nodelist = parser.parse(("endlanguage_only",))
    parser.delete_first_token()
    return LanguageOnlyNode(nodelist, index)


def _forget_language_parts(**_kwargs: Any) -> None:
    """A test that changes a setting (the static URL, the URL conf) gets parts drawn anew."""
    _language_parts.clear()


setting_changed.connect(_forget_language_parts, dispatch_uid="language-only-parts")
