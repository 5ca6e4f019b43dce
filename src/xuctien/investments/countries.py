"""Countries and territories investors come from: all of ISO 3166-1 (alpha-2), 249 of them.

The names come from the Unicode CLDR (through Babel), in Vietnamese and English, so none is
typed by hand; CLDR's list of territories is ISO 3166-1 plus a few codes that are not
countries, left out below. Hong Kong and Taiwan are named as Vietnamese official usage
names them. A list is sorted by name in the page's language: in Vietnamese by its own
alphabet (a ă â b c d đ e ê …, tones after letters), in English by letters alone.
"""

import unicodedata
from functools import cache

from babel import Locale
from django.utils import translation
from django.utils.translation import gettext_lazy as _

#: CLDR territory codes that are not ISO 3166-1 countries: Ascension, Clipperton, Sark,
#: Diego Garcia, Ceuta and Melilla, Canary Islands, Tristan da Cunha (reserved, not
#: assigned), EU, eurozone, UN, Outlying Oceania, pseudo-locales, Kosovo (user-assigned),
#: unknown region.
NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}
)
#: Names the province's documents use where CLDR's differ.
OWN_NAMES = {
    "HK": _("Hong Kong (China)"),
    "MO": _("Macao (China)"),
    "TW": _("Taiwan (China)"),
}

_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}


@cache
def codes() -> tuple[str, ...]:
    """The ISO 3166-1 alpha-2 codes, from CLDR's territories."""
    territories = Locale("en").territories
    return tuple(
        sorted(c for c in territories if len(c) == 2 and c.isalpha() and c not in NOT_ISO_3166)
    )


def _language() -> str:
    return "en" if (translation.get_language() or "vi").startswith("en") else "vi"


@cache
def _names(language: str) -> dict[str, str]:
    territories = Locale(language).territories
    names = {code: territories[code] for code in codes()}
    with translation.override(language):
        names.update({code: str(name) for code, name in OWN_NAMES.items()})
    return names


def vietnamese_key(text: str) -> tuple:
    """Sorts by the Vietnamese alphabet: letters first (đ after d, ă â after a…), then tones."""
    letters, tones = [], []
    for char in text.lower():
        if char == "đ":
            letters.append("d~")
            tones.append(0)
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        letters.append(base + "".join(_LETTER_MARKS.get(m, "") for m in marks))
        tones.append(sum(_TONES.get(m, 0) for m in marks))
    return letters, tones


@cache
def _choices(language: str) -> list[tuple[str, str]]:
    names = _names(language)
    key = vietnamese_key if language == "vi" else str.casefold
    return sorted(names.items(), key=lambda item: key(item[1]))


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the active language."""
    return _choices(_language())


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself if unknown, — if none."""
    if not code:
        return "—"
    return _names(_language()).get(code, code)


def display(code: str) -> str:
    """What ``get_country_display`` shows for ``code``: its name in the active language,
    the code itself if unknown ("" for none). Django's own reads the field's callable
    choices anew, normalised and made hashable (250 countries), for every call: ~0.3 ms a
    row of the investors' list."""
    return _names(_language()).get(code, code)


def code_for(text: str) -> str:
    """The code of a country given by its code or its name in either language ("" if none)."""
    from xuctien.core.search import fold

    wanted = (text or "").strip()
    if wanted.upper() in codes():
        return wanted.upper()
    return _by_folded_name().get(fold(wanted), "")


@cache
def _by_folded_name() -> dict[str, str]:
    """Every name a country is given by, folded: its names in Vietnamese, then in English;
    for the territories named as the province's documents name them (``OWN_NAMES``), also
    CLDR's own name and the name without its bracket ("Taiwan", "Đài Loan"), as a register
    or an investor writes them."""
    from xuctien.core.search import fold

    found: dict[str, str] = {}
    for language in ("vi", "en"):
        names = _names(language)
        for code, name in names.items():
            found.setdefault(fold(name), code)
        territories = Locale(language).territories
        for code in OWN_NAMES:
            found.setdefault(fold(territories[code]), code)
            found.setdefault(fold(names[code].split(" (")[0]), code)
    return found


def inquiry_choices() -> list[tuple[str, str]]:
    """The countries with an empty first choice, for a form that asks for one."""
    return [("", "—"), *country_choices()]
