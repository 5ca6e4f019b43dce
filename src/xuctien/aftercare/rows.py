"""The request list's rows written in Python, character for character as the template wrote
them (``tests/aftercare/test_rows.py`` renders both): at national size the page shows 50
rows, and Django's template engine spent ~0.8 ms on each (variable lookups, a ``{% url %}``,
two date filters, two inclusion tags, a loop over the assignments)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from xuctien.actions.rows import _id
from xuctien.aftercare.templatetags.aftercare_tags import escalation_badge, request_status

#: An id no request has, replaced by each row's own in the detail page's address.
_PLACEHOLDER = 987654321987


#: Where the request list prefetches each request's assignments, as a plain list
#: (``Prefetch(to_attr=...)``): Django's own prefetch gives each request a filtered
#: queryset (a query clone each, 50 a page).
LISTED = "listed_assignments"


def assignments_of(req: Any) -> list[Any]:
    """The request's assignments as the list prefetched them, else ``assignments.all()``."""
    listed = req.__dict__.get(LISTED)
    return list(req.assignments.all()) if listed is None else listed


def _text(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless already safe."""
    return conditional_escape(str(localize(value)))


def _day(value: date | None) -> str:
    """``{{ value|date:"d/m/Y" }}`` of a date (nothing for None)."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


class _Badges:
    """Each distinct badge rendered once by its inclusion tag's own template."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], str] = {}

    def __call__(self, kind: str, value: Any) -> str:
        key = (kind, str(value))
        if key not in self.found:
            tag = request_status if kind == "status" else escalation_badge
            self.found[key] = render_to_string("partials/status_badge.html", tag(value))
        return self.found[key]


def request_rows(requests: Iterable[Any], today: date) -> SafeString:
    """The ``<tbody>`` content of the request list: one ``<tr>`` per request, its
    assignments of the current round (prefetched) with their deadlines and lateness."""
    detail = reverse("aftercare:request-detail", args=[_PLACEHOLDER])
    before, after = detail.split(str(_PLACEHOLDER))
    # the words read outside the f-strings: xgettext does not look inside one
    synthetic_word = gettext("synthetic")
    late_word = pgettext("past its deadline, not done", "late")
    synthetic = f'<span class="tag">{conditional_escape(synthetic_word)}</span>'
    late = f" <strong>{conditional_escape(late_word)}</strong>"
    badge = _Badges()
    categories: dict[Any, str] = {}  # get_category_display hashes every lazy label a call
    out = []
    for req in requests:
        pk = str(req.pk)
        if req.category not in categories:
            categories[req.category] = _text(req.get_category_display())
        assignments = assignments_of(req)
        if assignments:
            cells = "".join(
                f"{_text(a.agency)}: {_day(a.deadline)}"
                f"{late if a.is_open and a.deadline < today else ''}<br>"
                for a in assignments
                if a.round == req.round
            )
        else:
            cells = "—"
        escalation = req.escalation
        out.append(
            f'\n    <tr data-request="{pk}">\n'
            f'      <th scope="row"><a href="{before}{req.pk}{after}">'
            f"#{pk} {_text(req.title)}</a>\n"
            f"        {synthetic if req.is_synthetic else ''}</th>\n"
            f"      <td>{_text(req.enterprise)}</td>\n"
            f"      <td>{categories[req.category]}</td>\n"
            f"      <td>{_day(req.received_on)}</td>\n"
            f"      <td>{cells}</td>\n"
            f"      <td>{badge('status', req.status)}"
            f"{' ' + badge('escalation', escalation) if escalation != 'none' else ''}</td>\n"
            f"    </tr>\n  "
        )
    return mark_safe("".join(out))  # every value above is escaped


def _memo(write: Any, small_ints: bool = False) -> Any:
    """``write`` (a value's text) remembered per value for one rendering: a scorecard's
    cells repeat a few small numbers, periods and names. A value is told apart by its type
    and, unless an int or a string, its ``repr`` (``Decimal("4.5")`` and ``Decimal("4.50")``
    are equal but written differently).

    ``small_ints`` (for ``_text`` alone): an int of up to three digits is written as
    ``str`` writes it when 999 is. Localising an int only groups its digits, by their number
    (the sign set aside), so either every such int is grouped or none is."""
    found: dict[tuple, str] = {}
    plain = small_ints and write(999) == "999"

    def text(value: Any) -> str:
        kind = type(value)
        if plain and kind is int and -1000 < value < 1000:
            return str(value)
        key = (kind, value if kind is int or kind is str else repr(value))
        if key not in found:
            found[key] = write(value)
        return found[key]

    return text


def score_rows(scores: Iterable[Any]) -> SafeString:
    """The ``<tbody>`` content of ``aftercare/partials/scorecard_table.html``: one ``<tr>``
    per agency and period (a national reader's page shows 25 agencies, each in four
    quarters, and their year totals). Each distinct value is written once (``_memo``)."""
    from xuctien.core.templatetags.xuctien import number, percent

    text = _memo(_text, small_ints=True)
    rate = _memo(lambda value: _text(percent(value, 1)))
    rating = _memo(lambda value: _text(number(value)))
    out = []
    for s in scores:
        rated = f' <span class="muted">({text(s.rated)})</span>' if s.rated else ""
        out.append(
            f'\n    <tr data-agency="{_id(s.agency_id)}"><th scope="row">{text(s.agency)}</th>'
            f"<td>{text(s.period)}</td>\n"
            f'      <td class="num">{text(s.assigned)}</td><td class="num">{text(s.on_time)}</td>'
            f'<td class="num">{text(s.late)}</td>\n'
            f'      <td class="num">{text(s.overdue)}</td>'
            f'<td class="num" data-figure="on-time-rate">{rate(s.on_time_rate)}</td>\n'
            f'      <td class="num" data-figure="average-rating">{rating(s.average_rating)}'
            f"{rated}</td></tr>\n  "
        )
    return mark_safe("".join(out))  # every value above is escaped


def warning_rows(flags: Iterable[Any]) -> SafeString:
    """The ``<tbody>`` content of a section of ``aftercare/warnings.html``: one ``<tr>`` per
    flagged project (a national reader's page shows ten of each kind). The stage's label is
    looked up once per stage: ``get_stage_display`` hashed every stage's lazy label (a
    translation each) on every call."""
    detail = reverse("investments:project-detail", args=[_PLACEHOLDER])
    before, after = detail.split(str(_PLACEHOLDER))
    synthetic_word = gettext("synthetic")  # outside the f-string, for xgettext
    synthetic = f'<span class="tag">{conditional_escape(synthetic_word)}</span>'
    stages: dict[Any, str] = {}
    out = []
    for flag in flags:
        project, reason = flag.project, flag.reason
        if project.stage not in stages:
            stages[project.stage] = _text(project.get_stage_display())
        out.append(
            f'\n      <tr data-project="{project.pk}"><th scope="row">'
            f'<a href="{before}{project.pk}{after}">{_text(project.name)}</a>\n'
            f"        {synthetic if project.is_synthetic else ''}</th>\n"
            f"        <td>{stages[project.stage]}</td>\n"
            f'        <td data-reason="{_text(reason.code)}">{_text(reason.text)}</td></tr>\n    '
        )
    return mark_safe("".join(out))  # every value above is escaped
