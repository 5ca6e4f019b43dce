"""The board's cards, written in Python (``investments.cards``), are the very HTML the
card template wrote: the old template and the board's old loop are kept here and compared,
for every stage, a mover and a reader, an error, odd characters, in both languages."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tests.factories import ZoneFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.investments.stages import EXITS, PIPELINE
from xuctien.investments.views import board

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
PARTIAL = HERE.parents[1] / "src/xuctien/investments/templates/investments/partials/board.html"
#: ``partials/board.html`` as it is, and with its loops before ``{% board_cards %}``.
NEW_BOARD = PARTIAL.read_text()
OLD_LOOP = (
    "{% for project in column.cards %}{% include card %}"
    '{% empty %}<p class="empty subtle">—</p>{% endfor %}'
)
OLD_BOARD = NEW_BOARD.replace("{% board_cards column.cards %}", OLD_LOOP)
#: ``partials/card.html`` before ``investments.cards``.
CARD = (HERE / "old_card.html").read_text()


@pytest.fixture
def projects(promotion_agency):
    zone = ZoneFactory(code="KCN-Z", name_vi='KCN <Đông> & "Mai"')
    odd = InvestorFactory(name='Công ty "A&B" <Ltd>')
    made = []
    for n, stage in enumerate((*PIPELINE, *EXITS) * 2):
        made.append(
            ProjectFactory(
                name=f"Dự án <{n}> & 'x'",
                stage=stage,
                zone=zone if n % 2 else None,
                is_synthetic=n % 3 == 0,
                capital_vnd=Decimal("1234567890123.5") if n % 4 == 1 else None,
                expected_capital_vnd=Decimal("2.5e12") if n % 4 in (1, 2) else None,
                investors=[odd, InvestorFactory()] if n % 2 else [InvestorFactory()],
            )
        )
    return made


def render(template: str, context: dict) -> str:
    return Template(template).render(Context(context))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("who", ["promoter", "secretariat"])
@pytest.mark.parametrize("query", ["", "?x=%3C%26%3E&y=nh%C3%A0&y=2"])
def test_the_cards_are_the_templates_html(projects, request, who, language, query):
    user = request.getfixturevalue(who)
    http = RequestFactory().get(f"/investments/board/{query}")
    http.user = user
    errors = {projects[3].pk: 'Phiên bản <cũ> & "khác"', projects[4].pk: "x"}
    with translation.override(language):
        context = board.board_context(http, errors)
        context.update(request=http, csrf_token="tOkEn123", card=Template(CARD))
        old = render(OLD_BOARD, context)
        new = render(NEW_BOARD, context)
    assert OLD_BOARD != NEW_BOARD
    assert old.count("<article") >= 10
    if who == "promoter":
        assert "card--movable" in old
        assert 'data-move="irc"' in old
        assert 'name="to_stage" value="lead"' in old
    assert new == old
