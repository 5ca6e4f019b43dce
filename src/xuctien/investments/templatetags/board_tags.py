"""The board's cards, written in Python (``investments.cards``)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def board_cards(context: Any, cards: Any) -> str:
    """``{% board_cards column.cards %}``: the column's cards, or its dash when it has none;
    what the cards share is written once per rendering."""
    from xuctien.investments.cards import Writer

    writer = context.render_context.get("board_cards")
    if writer is None:
        writer = context.render_context["board_cards"] = Writer(context)
    return writer.column(cards)
