"""Each criterion's result in words, in the reader's language."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuctien.screening import engine

UNITS = {
    "bn_vnd_per_ha": lambda: _("VND billion/ha"),
    "bn_vnd_per_ha_year": lambda: _("VND billion/ha a year"),
    "jobs": lambda: _("jobs"),
    "percent": lambda: "%",
}
FACT_NAMES = {
    "sector": lambda: _("the sector"),
    "high_tech": lambda: _("whether the technology is high-tech"),
    "green": lambda: _("whether the project is confirmed green"),
    "environment": lambda: _("the environmental group"),
    "tech_transfer": lambda: _("whether technology is transferred"),
    "capital_vnd": lambda: _("the capital"),
    "land_ha": lambda: _("the land area"),
    "budget_vnd_per_year": lambda: _("the expected budget contribution"),
    "jobs": lambda: _("the jobs"),
    "skilled_jobs": lambda: _("the skilled jobs"),
    "local_suppliers_pct": lambda: _("the share of local suppliers"),
}


def unit(key: str) -> str:
    code = engine.MEASURED.get(key)
    return UNITS[code]() if code else ""


def amount(value: Decimal | None, key: str) -> str:
    if value is None:
        return "—"
    places = 0 if key == engine.JOBS else 2
    text = number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{text}%" if unit(key) == "%" else f"{text} {unit(key)}"


def _missing(result: engine.Result) -> str:
    names = [FACT_NAMES.get(m, lambda m=m: m)() for m in result.missing]
    return _("Not known: %(facts)s. It scores nothing until it is found out.") % {
        "facts": ", ".join(names)
    }


def reason(result: engine.Result, labels: dict[str, str] | None = None) -> str:
    """Why the criterion gave its points, in a sentence or two (``labels``: names of the
    zones and priority groups by code)."""
    key, status = result.key, result.status
    if status == engine.UNKNOWN:
        return _missing(result)
    if key in engine.MEASURED:
        return _measured(result, labels or {})
    return _yes_no(result, labels or {})


def _yes_no(result: engine.Result, labels: dict[str, str]) -> str:
    key, met = result.key, result.status == engine.MET
    if key == engine.PRIORITY_SECTOR:
        if met:
            groups = ", ".join(labels.get(g, g) for g in result.value or ())
            return _("In a priority group of Resolution 01: %(groups)s.") % {"groups": groups}
        return _("Not in any priority group of Resolution 01.")
    if key == engine.HIGH_TECH:
        if result.value == engine.CERTIFIED:
            return _("Holds a high-tech enterprise certificate (Decision 10/2021/QD-TTg).")
        if result.value == engine.LISTED:
            return _(
                "Its technology or product is on the lists of Decision 38/2020/QD-TTg "
                "(99 high technologies, 107 high-tech products)."
            )
        return _("Neither certified high-tech nor on the lists of Decision 38/2020/QD-TTg.")
    if key == engine.GREEN:
        if met:
            return _("Confirmed in the green taxonomy (Decision 21/2025/QD-TTg).")
        return _("Not confirmed in the green taxonomy (Decision 21/2025/QD-TTg).")
    if key == engine.NOT_BROWN:
        if result.value == "polluting_type":
            return _(
                "Flagged brown: its activity is of a type at risk of polluting the "
                "environment (Decree 08/2022/ND-CP, Annex II)."
            )
        if result.value == "group_I":
            return _(
                "Flagged brown: environmental group I, high risk of adverse impact "
                "(Law on Environmental Protection, Art. 28)."
            )
        if result.value:
            return _("Environmental group %(group)s; not of a polluting type.") % {
                "group": result.value
            }
        return _("Not of a polluting type (Decree 08/2022/ND-CP, Annex II).")
    if key == engine.TECH_TRANSFER:
        return _("Transfers technology.") if met else _("Transfers no technology.")
    raise KeyError(key)


def _measured(result: engine.Result, labels: dict[str, str]) -> str:
    key = result.key
    value = amount(result.value, key)
    if result.status == engine.NO_NORM:
        if result.value is None:
            return _("No published norm: the criterion scores nothing.")
        return _("%(value)s. No published norm: the criterion scores nothing.") % {"value": value}
    norm = amount(result.threshold, key)
    if result.norm_zone:
        whose = _("the norm of %(zone)s") % {"zone": labels.get(result.norm_zone, result.norm_zone)}
    else:
        whose = _("the province's norm")
    if result.status == engine.MET:
        text = _("%(value)s: at or above %(whose)s of %(norm)s.")
    else:
        text = _("%(value)s: below %(whose)s of %(norm)s.")
    return text % {"value": value, "whose": whose, "norm": norm}


def size_tier_text(tier: int | None) -> str:
    if tier is None:
        return _("Size tier under Decision 10/2021/QD-TTg: not known (capital or staff missing).")
    texts = {
        1: _("capital of at least VND 6,000 billion and at least 3,000 employees"),
        2: _("capital of at least VND 100 billion and at least 200 employees"),
        3: _("below VND 100 billion of capital or below 200 employees"),
    }
    return _("Size tier %(tier)s under Decision 10/2021/QD-TTg: %(what)s.") % {
        "tier": tier,
        "what": texts[tier],
    }


def unknown_count(results: list[engine.Result]) -> str:
    n = sum(1 for r in results if r.status == engine.UNKNOWN)
    if not n:
        return ""
    return ngettext(
        "%(n)s criterion waits for a fact: it counts in what could be scored.",
        "%(n)s criteria wait for a fact: they count in what could be scored.",
        n,
    ) % {"n": n}
