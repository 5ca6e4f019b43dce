"""In a browser: move a project across the board, then see its history and the indicator move.

The capital indicator is read where the province reads it, on the programme's indicator
page, and on the pipeline's analytics page (both from the same provider).
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import log_in
from tests.factories import AgencyFactory, IndicatorFactory, TargetFactory, UserFactory
from tests.investments.factories import ProjectFactory, SectorFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Stage
from xuctien.programmes.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    board = AgencyFactory(code="QEZA", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    UserFactory(username="xuctien", role=Role.AGENCY, agency=board)
    indicator = IndicatorFactory(
        code="MFG_INVEST_CAPITAL",
        registry_feed="capital",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2030, value=Decimal(100))
    return ProjectFactory(
        name="Nhà máy thử nghiệm",
        stage=Stage.DOSSIER,
        sector=SectorFactory(),
        stage_since=dt.date.today(),
    )


def indicator_actual(page, year: str) -> str:
    page.goto("/programmes/indicators/MFG_INVEST_CAPITAL/")
    return page.locator(f'tr[data-year="{year}"] td.num strong.figure').first.inner_text()


def card(page, stage, pk):
    return page.locator(f'.board__column[data-stage="{stage}"] #card-{pk}')


def test_a_project_crosses_the_board_and_the_capital_indicator_moves(page, setting):
    project = setting
    year = str(dt.date.today().year)
    log_in(page, "xuctien")
    page.goto("/investments/analytics/")
    row = page.locator(f'#computed-capital tr[data-year="{year}"]')
    assert Decimal(row.get_attribute("data-value")) == 0
    assert indicator_actual(page, year) == "≥ 0"  # the registry's sum: a lower bound

    page.goto("/investments/board/")
    card(page, "dossier", project.pk).locator('[data-move="forward"]').click()
    card(page, "policy_approved", project.pk).wait_for()

    irc_card = card(page, "policy_approved", project.pk)
    irc_card.locator('summary[data-move="irc"]').click()
    irc_card.locator('input[name="irc_number"]').fill("5700000001")
    irc_card.locator('input[name="capital"]').fill("2000000000000")
    irc_card.locator('[data-move="irc-confirm"]').click()
    card(page, "irc_issued", project.pk).wait_for()

    card(page, "irc_issued", project.pk).locator('[data-move="forward"]').click()
    card(page, "land_handed_over", project.pk).wait_for()

    page.goto(f"/investments/{project.pk}/")
    history = page.locator(".stage-history li")
    assert [history.nth(i).get_attribute("data-to-stage") for i in range(3)] == [
        "policy_approved",
        "irc_issued",
        "land_handed_over",
    ]

    page.goto("/investments/analytics/")
    row = page.locator(f'#computed-capital tr[data-year="{year}"]')
    assert Decimal(row.get_attribute("data-value")) == Decimal(2)
    assert indicator_actual(page, year) == "≥ 2"  # VND 2,000 billion = 2 trillion, at least
