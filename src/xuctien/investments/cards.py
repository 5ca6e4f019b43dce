"""The board's cards, written in Python.

A national reader's board shows ten cards per stage, a hundred in all, most of them movable;
written by ``partials/card.html`` a movable card cost ~0.6 ms (two ``{% url %}``, three or
four ``{% csrf_token %}``, the exit form's select rendered per card, some forty lookups),
which made the national board twice a province's. ``cards`` writes the very HTML the
template wrote, character for character (``tests/investments/test_cards.py`` renders the old
template beside it); what every card shares (the csrf input, the exit select, the words)
is written once per page.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from xuctien.actions.rows import _text
from xuctien.core.models import Zone
from xuctien.core.templatetags.xuctien import number_upto
from xuctien.investments.stages import EXITS

EMPTY = '<p class="empty subtle">—</p>'


@dataclass(slots=True, eq=False)
class Card:
    """What a card shows of its project, read as values (``views.board.top_cards``); the
    board then says where it can go and whether the person may move it."""

    pk: int
    name: str
    stage: str
    version: int
    is_synthetic: bool
    capital_vnd: Decimal | None
    expected_capital_vnd: Decimal | None
    zone: Zone | None
    investor_names: list[str] = field(default_factory=list)
    next_stage: str | None = None
    previous_stage: str | None = None
    movable: bool = False
    error: str | None = None
    amount_billion: Decimal | None = None

    @property
    def is_exit(self) -> bool:
        return self.stage in EXITS


def _urls(name: str) -> Any:
    """``{% url name pk %}`` for any pk, reversed once."""
    marker = 987654321987654321
    head, tail = reverse(name, args=[marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


#: A number of twenty digits and one decimal: how ``number_upto(…, 1)`` groups the digits of
#: an amount and writes its decimal, read from it.
_PROBE = Decimal("12345678901234567890.5")
_ONE_PLACE = Decimal("0.1")


def amount_writer() -> Any:
    """A function writing ``_text(number_upto(value, 1))`` of a Decimal for one page (the
    language and settings as they are): ``number_upto`` rounds half up to one place, drops
    a zero decimal and writes the rest by ``number_format``, which only groups the integer
    part's digits (by their number, from the right, the sign set aside) and puts the
    decimal separator before the decimal. How ``_PROBE`` and its integer are written tells
    both separators; when the grouping is not every three digits, ``number_upto`` itself."""

    def slow(value: Any) -> str:
        return _text(number_upto(value, 1))

    written, whole = slow(_PROBE), slow(_PROBE.to_integral_value(rounding="ROUND_DOWN"))
    separator = whole[2 : whole.find("345", 2)]  # between "12" and "345"
    grouped = f"{int(_PROBE):,}".replace(",", separator)
    point = written[len(grouped) : -1]
    if whole != grouped or not point or written != f"{grouped}{point}5":
        return slow
    limit = Decimal(10) ** 20  # beyond twenty digits the probe says nothing

    def write(value: Any) -> str:
        if type(value) is not Decimal or not value.is_finite() or not -limit < value < limit:
            return slow(value)
        rounded = value.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)
        sign = "-" if rounded < 0 else ""  # "-0.0" is written "0"
        units, tenths = divmod(abs(rounded) * 10, 10)
        text = sign + f"{int(units):,}".replace(",", separator)
        return f"{text}{point}{int(tenths)}" if tenths else text

    return write


class Writer:
    """What the cards of one page share, worked out once: the context is the board's."""

    def __init__(self, context: Any) -> None:
        self.csrf = CsrfTokenNode().render(context)
        request = context.get("request")
        self.query = request.GET.urlencode() if request is not None else ""
        self.irc = context.get("irc")
        exit_form = context.get("exit_form")
        self.exit_select = _text(exit_form["to_stage"]) if exit_form is not None else ""
        self.move_url = _urls("investments:project-move")
        self.detail_url = _urls("investments:project-detail")
        self.synthetic = get_template("investments/partials/synthetic.html").render({})
        # each zone written once
        self.amount = amount_writer()
        self.zones: dict[Any, str] = {}
        # marked for makemessages (gettext_noop), translated here
        t = {
            key: _text(gettext(key))
            for key in (
                gettext_noop("VND billion"),
                gettext_noop("expected"),
                gettext_noop("Move back"),
                gettext_noop("IRC issued"),
                gettext_noop("IRC number"),
                gettext_noop("IRC date"),
                gettext_noop("Registered capital"),
                gettext_noop("Currency"),
                gettext_noop("Record the IRC"),
                gettext_noop("Move forward"),
                gettext_noop("Leave…"),
                gettext_noop("Reason"),
                gettext_noop("Confirm"),
                gettext_noop("Back to the pipeline (lead)"),
            )
        }
        self.t = t

    def column(self, cards: Iterable[Card]) -> SafeString:
        """A column's cards, or its dash when it has none."""
        written = [self.card(project) for project in cards]
        return mark_safe("".join(written) if written else EMPTY)

    def card(self, p: Card) -> str:
        # the id and version as numbers, never localised: "9.476" was neither the card's
        # project nor, posted back, its version (the stale-edit check refused the move)
        t, csrf, pk = self.t, self.csrf, str(p.pk)
        movable = p.movable
        version = str(p.version)
        head = f'<article class="card{" card--movable" if movable else ""}" id="card-{pk}" '
        head += f'data-project="{pk}" data-stage="{_text(p.stage)}"'
        if movable:
            move = self.move_url(p.pk)
            head += f' draggable="true" data-move-url="{_text(move)}" data-version="{version}"'
        parts = [
            head,
            '>\n  <h3 class="card__title"><a href="',
            _text(self.detail_url(p.pk)),
            '">',
            _text(p.name),
            "</a></h3>\n  ",
        ]
        if p.is_synthetic:
            parts += ['<p class="card__tags">', self.synthetic, "</p>"]
        parts.append('\n  <p class="card__meta subtle">')
        parts.append("; ".join(_text(name) for name in p.investor_names))
        zone = p.zone
        if zone:
            key = (zone.pk, zone.name_vi, zone.name_en)
            if key not in self.zones:
                self.zones[key] = _text(zone)
            parts += [" · ", self.zones[key]]
        parts.append("</p>\n  ")
        if p.capital_vnd is not None:
            parts += [
                '<p class="card__meta card__amount">',
                self.amount(p.amount_billion),
                f" {t['VND billion']}</p>",
            ]
        elif p.expected_capital_vnd is not None:
            parts += [
                f'<p class="card__meta card__amount subtle">{t["expected"]} ',
                self.amount(p.amount_billion),
                f" {t['VND billion']}</p>",
            ]
        parts.append("\n  ")
        if p.error:
            parts += ['<p class="errorlist card__error" role="alert">', _text(p.error), "</p>"]
        parts.append("\n  ")
        if movable:
            action = _text(move)
            form = (
                f'<form method="post" action="{action}" hx-post="{_text(f"{move}?{self.query}")}"'
                ' hx-target="#board" hx-swap="outerHTML">'
            )
            version_input = f'<input type="hidden" name="version" value="{version}">'
            parts.append('\n  \n  <div class="card__moves">\n    ')
            if p.previous_stage:
                parts += [
                    f"\n    {form}\n      {csrf}",
                    f'<input type="hidden" name="to_stage" value="{_text(p.previous_stage)}">',
                    version_input,
                    '\n      <button type="submit" class="button button--quiet button--small"'
                    f' data-move="back" title="{t["Move back"]}">← <span class="visually-hidden">'
                    f"{t['Move back']}</span></button>\n    </form>\n    ",
                ]
            parts.append("\n    ")
            if p.next_stage == self.irc:
                parts += [
                    '\n    <details class="card__form">\n      <summary class="button'
                    f' button--small" data-move="irc">{t["IRC issued"]} →</summary>\n'
                    f"      {form}\n        {csrf}",
                    f'<input type="hidden" name="to_stage" value="{_text(self.irc)}">',
                    version_input,
                    f'\n        <label>{t["IRC number"]} <input name="irc_number"'
                    ' maxlength="40"></label>\n'
                    f'        <label>{t["IRC date"]} <input type="date" name="on"></label>\n'
                    f'        <label>{t["Registered capital"]} <input name="capital"'
                    ' inputmode="decimal"></label>\n'
                    f'        <label>{t["Currency"]} <select name="currency"><option>VND'
                    "</option><option>USD</option></select></label>\n"
                    '        <button type="submit" class="button button--primary button--small"'
                    f' data-move="irc-confirm">{t["Record the IRC"]}</button>\n'
                    "      </form>\n    </details>\n    ",
                ]
            elif p.next_stage:
                parts += [
                    f"\n    {form}\n      {csrf}",
                    f'<input type="hidden" name="to_stage" value="{_text(p.next_stage)}">',
                    version_input,
                    '\n      <button type="submit" class="button button--small"'
                    f' data-move="forward" title="{t["Move forward"]}">→ <span'
                    f' class="visually-hidden">{t["Move forward"]}</span></button>\n'
                    "    </form>\n    ",
                ]
            parts.append("\n    ")
            if not p.is_exit:
                parts += [
                    '\n    <details class="card__form">\n      <summary class="button'
                    f' button--quiet button--small" data-move="exit">{t["Leave…"]}</summary>\n'
                    f"      {form}\n        {csrf}{version_input}\n",
                    f"        {self.exit_select}\n",
                    f'        <label>{t["Reason"]} <textarea name="reason" rows="2" required>'
                    "</textarea></label>\n"
                    '        <button type="submit" class="button button--danger button--small">'
                    f"{t['Confirm']}</button>\n      </form>\n    </details>\n    ",
                ]
            else:
                parts += [
                    f"\n    {form}\n      {csrf}",
                    '<input type="hidden" name="to_stage" value="lead">',
                    version_input,
                    '\n      <button type="submit" class="button button--quiet button--small">'
                    f"{t['Back to the pipeline (lead)']}</button>\n    </form>\n    ",
                ]
            parts.append("\n  </div>\n  \n  ")
        parts.append("\n</article>\n")
        return "".join(parts)
