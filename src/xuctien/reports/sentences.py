"""The report's words: the sentences and table cells generated from a snapshot.

Everything reads the snapshot (``figures.collect``), never the database, so an issued
report says the same thing whenever it is opened. Numbers are written as the dashboard
writes them (at most two decimals, trailing zeros dropped) in the active language's
notation: "12,43" in Vietnamese. Call under ``translation.override`` for the document's
language.
"""

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from xuctien.core.templatetags.xuctien import STATUSES, format_number
from xuctien.investments.indicators import waiting_for_a_rate

#: Phụ lục III's abbreviations of the kinds of document a programme is issued as.
DOCUMENT_KINDS = {"NQ": "Nghị quyết", "KH": "Kế hoạch", "CTr": "Chương trình", "QĐ": "Quyết định"}


def programme_title(number: str, name: str) -> str:
    """ "Nghị quyết số 01-NQ/TU" from the programme's number, else its name."""
    match = re.search(r"(?:^|[-/])(NQ|KH|CTr|QĐ)(?:[-/]|$)", number or "")
    if match is None:
        return name
    return f"{DOCUMENT_KINDS[match[1]]} số {number}"


def num(value: Any) -> str:
    """ "12,43", "14", "1.234,5" (Vietnamese); the dashboard's ``floatformat:"-2g"``."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    return format_number(number, 0 if number == number.to_integral_value() else 2)


def bilingual(record: dict, field: str) -> str:
    """A snapshot's text in the active language (Vietnamese when English is missing)."""
    vietnamese = record.get(f"{field}_vi") or ""
    english = record.get(f"{field}_en") or ""
    return english if get_language() == "en" and english else vietnamese


def status_label(status: str) -> str:
    label, _symbol = STATUSES.get(status, (status, ""))
    return str(label)


def with_unit(value: Any, unit: str) -> str:
    text = num(value)
    if not unit or value is None:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def target_text(indicator: dict) -> str:
    """The final target, e.g. "14% (2025)"; a range as "3–5%"."""
    value = indicator.get("final_target")
    if value is None:
        return "—"
    unit = bilingual(indicator, "unit")
    high = indicator.get("final_target_high")
    figure = f"{num(value)}–{with_unit(high, unit)}" if high else with_unit(value, unit)
    return f"{figure} ({indicator['final_target_year']})"


def indicator_sentence(indicator: dict) -> str:
    """ "Tỷ trọng … năm 2024 đạt 12,43%, thấp hơn 1,53 điểm phần trăm so với lộ trình
    (13,96%); mục tiêu đến năm 2025 là 14%. Đánh giá: không đạt tiến độ." """
    name, unit = bilingual(indicator, "name"), bilingual(indicator, "unit")
    year = indicator["year"]
    if indicator.get("actual") is None:
        text = _("%(name)s: no approved figure for %(year)s yet") % {"name": name, "year": year}
    else:
        text = _("%(name)s in %(year)s reached %(actual)s") % {
            "name": name,
            "year": year,
            "actual": with_unit(indicator["actual"], unit),
        }
        text += _gap_clause(indicator, unit)
    if indicator.get("final_target") is not None:
        text += _("; the target for %(year)s is %(target)s") % {
            "year": indicator["final_target_year"],
            "target": target_text(indicator).rsplit(" (", 1)[0],
        }
    text += ". " + _("Assessment: %(status)s.") % {
        "status": status_label(indicator["status"]).lower()
    }
    if indicator.get("still_needed") is not None and indicator["status"] not in ("achieved",):
        text += " " + _("Still needed in each remaining year: %(value)s.") % {
            "value": with_unit(indicator["still_needed"], unit)
        }
    return text


def _gap_clause(indicator: dict, unit: str) -> str:
    gap, expected = indicator.get("gap"), indicator.get("expected")
    if gap is None or expected is None:
        return ""
    gap = Decimal(gap)
    expected_text = with_unit(expected, unit)
    if gap == 0:
        return _(", exactly on the path (%(expected)s)") % {"expected": expected_text}
    if unit.startswith("%"):
        size = _("%(size)s percentage points") % {"size": num(abs(gap))}
    else:
        size = with_unit(abs(gap), unit)
    if gap > 0:
        return _(", %(size)s above the path (%(expected)s)") % {
            "size": size,
            "expected": expected_text,
        }
    return _(", %(size)s below the path (%(expected)s)") % {"size": size, "expected": expected_text}


def status_summary(indicators: list[dict]) -> str:
    """ "Of 12 indicators: 3 achieved, 4 on track, …" """
    counts: dict[str, int] = {}
    for indicator in indicators:
        counts[indicator["status"]] = counts.get(indicator["status"], 0) + 1
    parts = [
        f"{counts[status]} {status_label(status).lower()}"
        for status in STATUSES
        if counts.get(status)
    ]
    return ngettext(
        "Of the %(n)s indicator: %(parts)s.", "Of the %(n)s indicators: %(parts)s.", len(indicators)
    ) % {
        "n": len(indicators),
        "parts": "; ".join(parts),
    }


def tasks_sentence(tasks: dict, period_label: str) -> str:
    total = tasks["total"]
    text = _(
        "In %(period)s, %(due)s task occurrences fell due: %(done)s done (%(on_time)s on time, "
        "%(late)s late), %(overdue)s overdue and %(open)s not yet due."
    ) % {
        "period": period_label,
        "due": total["due"],
        "done": total["done"],
        "on_time": total["on_time"],
        "late": total["late"],
        "overdue": total["overdue"],
        "open": total["not_yet_due"],
    }
    if tasks.get("synthetic_left_out"):
        left_out = tasks["synthetic_left_out"]
        text += " " + ngettext(
            "%(n)s demonstration (synthetic) occurrence is not counted.",
            "%(n)s demonstration (synthetic) occurrences are not counted.",
            left_out,
        ) % {"n": left_out}
    return text


def pipeline_sentence(pipeline: dict, period_label: str) -> str:
    every, mfg = pipeline["all"], pipeline["manufacturing"]
    text = _(
        "In %(period)s, %(n)s investment registration certificates were issued, with "
        "%(capital)s billion VND of capital registered (net) and %(jobs)s jobs planned; of "
        "which manufacturing: %(mfg_n)s projects, %(mfg_capital)s billion VND, %(mfg_jobs)s jobs."
    ) % {
        "period": period_label,
        "n": every["new_ircs"],
        "capital": num(Decimal(every["capital_vnd"]) / 10**9),
        "jobs": num(every["jobs"]),
        "mfg_n": mfg["new_ircs"],
        "mfg_capital": num(Decimal(mfg["capital_vnd"]) / 10**9),
        "mfg_jobs": num(mfg["jobs"]),
    }
    if every.get("capital_pending"):
        text += " " + waiting_for_a_rate(every["capital_pending"])
    return text


def aftercare_sentence(care: dict) -> str:
    if not care["assigned"]:
        return _("No enterprise request fell due in the period.")
    text = (
        _(
            "%(n)s enterprise requests fell due: %(on_time)s answered on time, %(late)s late, "
            "%(overdue)s overdue"
        )
        % care
    )
    if care.get("on_time_rate") is not None:
        text += _(" (%(rate)s%% answered on time)") % {"rate": num(care["on_time_rate"])}
    text += "."
    if care.get("average_rating") is not None:
        text += " " + ngettext(
            "The average rating from %(n)s rated answer is %(rating)s out of 5.",
            "The average rating from %(n)s rated answers is %(rating)s out of 5.",
            care["rated"],
        ) % {
            "n": care["rated"],
            "rating": num(care["average_rating"]),
        }
    return text


def outcome_label(outcome: str) -> str:
    return str(
        {
            "on_time": _("Done on time"),
            "late": _("Done late"),
            "overdue": _("Overdue"),
            "not_yet_due": _("Not yet due"),
        }.get(outcome, outcome)
    )


def short_date(iso: str | None) -> str:
    """ "05/12/2024" from a snapshot's ISO date."""
    if not iso:
        return "—"
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
