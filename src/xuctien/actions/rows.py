"""The rows of the task list and the overdue list, written in Python.

A national reader's task list shows 50 rows and the overdue list 100; written by the
template, a row cost some 0.2-0.3 ms (a ``{% url %}``, an inclusion tag for the status
badge, a dozen variable lookups and filters), which made those pages 2-3x a province's,
whose demo lists a few. These functions write the very HTML the templates wrote, character
for character (``tests/actions/test_rows.py`` renders the old template beside them).
"""

import html
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from xuctien.actions.models import Occurrence, Task
from xuctien.actions.templatetags.action_tags import task_status
from xuctien.core.models import in_language

_BADGE = (
    '<span class="badge badge--{status}" data-status="{status}"{title}>'
    '<span class="badge__symbol" aria-hidden="true">{symbol}</span> {label}</span>\n'
)


def _text(value: Any) -> str:
    """As ``{{ value }}`` writes it: localised, escaped unless already safe."""
    if type(value) is str:  # localize leaves text as it is
        # what django.utils.html.escape writes, without its lazy-argument wrapper (~2 µs a
        # call: a national page writes a thousand texts)
        return html.escape(value)
    if type(value) is int and -1000 < value < 1000:  # no thousands to separate
        return str(value)
    return str(conditional_escape(localize(value)))


def _id(value: Any) -> str:
    """A record's id in a ``data-`` attribute: the number as scripts and tests read it,
    never grouped ("9.476" is no id), "" for none."""
    return "" if value is None else str(value)


class _Memo(dict):
    """``_text`` of values a page repeats (percentages, agencies, days), each written once."""

    def __missing__(self, value: Any) -> str:
        written = self[value] = _text(value)
        return written


def _day(value: date | None) -> str:
    """As ``{{ value|date:"d/m/Y" }}`` writes a date ("" for none)."""
    if not value:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def badge(status: Any) -> str:
    """``{% task_status status %}`` (``partials/status_badge.html``), its last newline too."""
    found = task_status(status)
    title = found["title"]
    return _BADGE.format(
        status=_text(found["status"]),
        title=f' title="{_text(title)}"' if title else "",
        symbol=_text(found["symbol"]),
        label=_text(found["label"]),
    )


def detail_urls() -> Any:
    """``{% url 'actions:task-detail' pk %}`` for any pk, reversed once."""
    marker = 987654321987654321
    head, tail = reverse("actions:task-detail", args=[marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def task_rows(tasks: Iterable[Task]) -> SafeString:
    """The task list's ``<tbody>`` rows (``task_list.html``)."""
    url = detail_urls()
    # the words read outside the f-strings: xgettext does not look inside one
    reference_word, synthetic_word = gettext("reference"), gettext("synthetic")
    reference = f'<span class="tag">{_text(reference_word)}</span>'
    synthetic = f'<span class="tag">{_text(synthetic_word)}</span>'
    badges: dict[str, str] = {}
    text = _Memo()
    parts = []
    for task in tasks:
        if task.status not in badges:
            badges[task.status] = badge(task.status)
        group = task.group
        group_html = f'<br><span class="muted" lang="vi">{_text(group)}</span>' if group else ""
        deadline = _day(task.deadline) or _text(task.deadline_as_published)
        parts.append(
            f'\n    <tr data-task="{task.pk}">\n'
            f'      <th scope="row"><a href="{url(task.pk)}">{_text(task.title)}</a>\n'
            f"        {reference if task.is_reference else ''}\n"
            f"        {synthetic if task.is_synthetic else ''}\n"
            f"        {group_html}</th>\n"
            f"      <td>{text[task.lead_agency]}</td>\n"
            f'      <td lang="vi">{deadline}</td>\n'
            f"      <td>{text[task.get_recurrence_display()]}</td>\n"
            f'      <td class="num">{text[task.percent]}%</td>\n'
            f"      <td>{badges[task.status]}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(parts))


def overdue_rows(occurrences: Iterable[Occurrence]) -> SafeString:
    """The overdue list's ``<tbody>`` rows (``overdue.html``); ``late_by`` set by the view.
    The titles and the agencies' names (``Task.title``, ``Agency.__str__``) are put in the
    page's language read once, and each agency is written once: a national page's hundred
    rows have ~90 agencies, and each ``title`` and ``str`` read the active language again."""
    url = detail_urls()
    language = get_language()
    text = _Memo()
    agencies: dict[Any, str] = {}
    parts = []
    for o in occurrences:
        task = o.task
        lead = task.lead_agency
        agency = agencies.get(lead.pk)
        if agency is None:
            agency = agencies[lead.pk] = _text(in_language(lead.name_vi, lead.name_en, language))
        title = _text(in_language(task.title_vi, task.title_en, language))
        parts.append(
            f'\n    <tr><th scope="row"><a href="{url(o.task_id)}">{title}</a></th>'
            f"<td>{agency}</td>\n"
            f"      <td>{text[o.period_label or '—']}</td><td>{_day(o.due_date)}</td>"
            f'<td class="num">{text[o.late_by]}</td>'
            f'<td class="num">{text[o.percent]}%</td></tr>\n  '
        )
    return mark_safe("".join(parts))


def score_rows(scores: Iterable[Any]) -> SafeString:
    """The agency scorecard's ``<tbody>`` rows (``scorecard.html``): ``links`` set by the
    view, the rate and the median as the ``percent:1`` and ``number:0`` filters write them."""
    from xuctien.core.templatetags.xuctien import number, percent

    text = _Memo()

    def cell(link: str, figure: int) -> str:
        return f'      <td class="num"><a href="{escape(link)}">{text[figure]}</a></td>\n'

    parts = []
    for s in scores:
        links = s.links
        parts.append(
            f'\n    <tr data-agency="{_id(s.agency_id)}"><th scope="row">{text[s.agency]}</th>'
            f"<td>{text[s.period]}</td>\n"
            f"{cell(links['due'], s.due)}{cell(links['on_time'], s.on_time)}"
            f"{cell(links['late'], s.late)}{cell(links['overdue'], s.overdue)}"
            f"{cell(links['open'], s.not_yet_due)}"
            '      <td class="num" data-figure="on-time-rate">'
            f"{_text(percent(s.on_time_rate, 1))}</td>\n"
            '      <td class="num" data-figure="median-delay">'
            f"{_text(number(s.median_delay, 0))}</td></tr>\n  "
        )
    return mark_safe("".join(parts))
