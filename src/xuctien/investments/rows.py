"""The project and investor lists' rows, written in Python.

The list shows 50 projects a page; written by ``partials/project_table.html``'s loop, a row
cost ~0.35 ms (two ``{% url %}`` and more per investor, ``widthratio``, the date and
number filters, some twenty lookups), a third of the national list's time. ``project_rows``
writes the very HTML the loop wrote, character for character
(``tests/investments/test_rows.py`` renders the old loop beside it, in both languages).
"""

from collections.abc import Iterable
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from xuctien.actions.rows import _Memo, _text
from xuctien.core.models import in_language
from xuctien.core.templatetags.xuctien import number
from xuctien.investments import stages

#: The columns a row shows (``ProjectListView`` reads only these, its zone's and sector's).
ROW_FIELDS = (
    "pk",
    "name",
    "is_synthetic",
    "is_aggregate",
    "sector__code",
    "zone__name_vi",
    "zone__name_en",
    "stage",
    "irc_number",
    "irc_date",
    "capital_vnd",
    "jobs_planned",
)

BILLION = float(1_000_000_000)


def _urls(name: str) -> Any:
    """``{% url name pk %}`` for any pk, reversed once."""
    marker = 987654321987654321
    head, tail = reverse(name, args=[marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def billions(capital: Any) -> str:
    """``{% widthratio capital 1000000000 1 as billions %}{{ billions|number:0 }}``."""
    try:
        ratio = str(round((float(capital) / BILLION) * 1))
    except (ValueError, TypeError, OverflowError):
        ratio = ""
    return escape(number(ratio, 0))


class _Dates(dict):
    """``{{ day|date:"SHORT_DATE_FORMAT"|default:"—" }}`` per day, each written once."""

    def __missing__(self, day: Any) -> str:
        written = self[day] = escape((date_format(day, "SHORT_DATE_FORMAT") if day else "") or "—")
        return written


class _Billions(dict):
    def __missing__(self, capital: Any) -> str:
        written = self[capital] = billions(capital)
        return written


class _Numbers(dict):
    def __missing__(self, value: Any) -> str:
        written = self[value] = escape(number(value))
        return written


def project_rows(projects: Iterable[Any]) -> SafeString:
    """The project table's ``<tbody>`` rows: ``projects`` are models with their sector,
    zone and (prefetched) investors, or the like (only ``ROW_FIELDS`` are read)."""
    detail = _urls("investments:project-detail")
    investor_url = _urls("investments:investor-detail")
    synthetic = get_template("investments/partials/synthetic.html").render({})
    aggregate_word = gettext("aggregate, not counted")  # outside the f-string, for xgettext
    aggregate = f'<span class="tag">{_text(aggregate_word)}</span>'
    text, dates, money, numbers = _Memo(), _Dates(), _Billions(), _Numbers()
    parts = []
    for p in projects:
        pk = p.pk
        investors = "; ".join(
            f'<a href="{investor_url(i.pk)}">{escape(i.name)}</a>' for i in p.investors.all()
        )
        vsic = p.sector.code if p.sector_id else ""
        zone = p.zone
        capital = p.capital_vnd
        parts.append(
            f'\n      <tr data-project="{pk}">\n'
            f'        <th scope="row"><a href="{detail(pk)}">{escape(p.name)}</a>\n'
            f"          {synthetic if p.is_synthetic else ''}\n"
            f"          {aggregate if p.is_aggregate else ''}</th>\n"
            f"        <td>{investors}</td>\n"
            f"        <td>{text[vsic or '—']}</td>\n"
            f"        <td>{text[in_language(zone.name_vi, zone.name_en)] if zone else '—'}</td>\n"
            f"        <td>{text[stages.label(p.stage)]}</td>\n"
            f"        <td>{escape(p.irc_number or '')} {dates[p.irc_date]}</td>\n"
            f'        <td class="num">{"—" if capital is None else money[capital]}</td>\n'
            f'        <td class="num">{numbers[p.jobs_planned]}</td>\n'
            "      </tr>\n      "
        )
    return mark_safe("".join(parts))


def investor_rows(investors: Iterable[Any]) -> SafeString:
    """The investor list's ``<tbody>`` rows (``investor_list.html``'s loop, as it wrote them:
    a ``{% url %}``, an include for a synthetic record and three filtered cells a row were
    a third of a national page of 50)."""
    url = _urls("investments:investor-detail")
    synthetic = ""
    countries = _Memo()
    written = []
    for investor in investors:
        tag = ""
        if investor.is_synthetic:
            if not synthetic:
                synthetic = get_template("investments/partials/synthetic.html").render({})
            tag = " " + synthetic
        others = " · ".join(escape(name) for name in investor.other_names) or "—"
        country = countries[investor.get_country_display()] if investor.country else "—"
        parent = _text(investor.parent_group) if investor.parent_group else "—"
        written.append(
            f'\n    <tr><th scope="row"><a href="{url(investor.pk)}">{_text(investor.name)}</a>'
            f"{tag}</th>\n      <td>{others}</td><td>{country or '—'}</td>"
            f"<td>{parent}</td></tr>\n  "
        )
    return mark_safe("".join(written))
