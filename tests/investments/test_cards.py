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
from xuctien.investments.models import Project
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
#: ``partials/card.html`` before ``investments.cards``, reading the investors' names the
#: board reads with the cards (``test_the_cards_are_the_templates_html`` checks them).
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
    shown = [
        card for column in (*context["columns"], *context["exits"]) for card in column["cards"]
    ]
    for card in shown:  # the old card read them from the project, in the investors' order
        investors = Project.objects.get(pk=card.pk).investors.order_by("name", "pk")
        assert card.investor_names == [investor.name for investor in investors]
    if who == "promoter":
        assert "card--movable" in old
        assert 'data-move="irc"' in old
        assert 'name="to_stage" value="lead"' in old
    assert new == old


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("separate", [True, False])
def test_an_amount_is_written_as_number_upto_writes_it(settings, language, separate):
    """``amount_writer`` writes a card's amount from how the language writes a probe: the
    very text of ``number_upto(amount, 1)``, rounding, signs, zeros and all."""
    import random
    from decimal import Decimal

    from django.utils import translation
    from django.utils.formats import reset_format_cache

    from xuctien.actions.rows import _text
    from xuctien.core.templatetags.xuctien import number_upto
    from xuctien.investments.cards import amount_writer

    settings.USE_THOUSAND_SEPARATOR = separate
    reset_format_cache()
    generator = random.Random(11)
    odd = ["0", "-0", "0.04", "-0.04", "0.05", "-0.05", "0.95", "999.95", "-999.95", "1234.5"]
    odd += ["1E+3", "1.25E+7", "0.000001", "7", "12345678901234567890.44", "-1E+19"]
    # beyond what the probe tells, or not a finite Decimal: number_upto itself
    odd += ["1E+20", "-1E+25", "NaN", "Infinity", 12.34, 5, None]
    values = [Decimal(v) if isinstance(v, str) else v for v in odd]
    for digits in range(1, 20):
        for _ in range(15):
            units = generator.randint(-(10**digits), 10**digits)
            values.append(Decimal(units).scaleb(-generator.randint(0, 4)))
    with translation.override(language):
        write = amount_writer()
        assert write.__name__ == "write"
        for value in values:
            assert write(value) == _text(number_upto(value, 1)), value
