"""In a browser: the kanban at a laptop's width, drag and drop with the same dialogs."""

import datetime as dt

import pytest

from tests.conftest import log_in
from tests.factories import AgencyFactory, UserFactory
from tests.investments.factories import ProjectFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Project, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead():
    board = AgencyFactory(code="QEZA", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    UserFactory(username="xuctien", role=Role.AGENCY, agency=board)
    for n, stage in enumerate(Stage.values):
        ProjectFactory(name=f"Dự án số {n} có một cái tên rất dài để thử", stage=stage)
    return ProjectFactory(name="Nhà máy kéo thả", stage=Stage.LEAD, stage_since=dt.date.today())


def drop(page, project, stage):
    page.drag_and_drop(f"#card-{project.pk}", f'.board__drop[data-stage="{stage}"] .board__title')


def test_the_board_fits_a_laptop_screen_without_the_window_scrolling(page, lead):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    visible = page.evaluate(
        """() => [...document.querySelectorAll('.board__columns > .board__column')]
            .filter(c => c.getBoundingClientRect().right <= window.innerWidth).length"""
    )
    assert visible == 10  # nine stages and the column of exits


def test_a_card_dragged_to_the_next_column_moves_there(page, lead):
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    drop(page, lead, Stage.SITE_VISIT)
    page.locator(f'.board__column[data-stage="site_visit"] #card-{lead.pk}').wait_for()
    assert Project.objects.get(pk=lead.pk).stage == Stage.SITE_VISIT


def test_a_card_dropped_on_an_exit_asks_for_the_reason_first(page, lead):
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    drop(page, lead, Stage.WITHDRAWN)
    dialog = page.locator("#board-exit")
    dialog.wait_for(state="visible")
    dialog.locator("textarea[name=reason]").fill("Nhà đầu tư chọn tỉnh khác")
    dialog.locator("button[type=submit]").click()
    page.locator(f'.board__exit[data-stage="withdrawn"] #card-{lead.pk}').wait_for(state="attached")
    change = Project.objects.get(pk=lead.pk).stage_changes.last()
    assert (change.to_stage, change.reason) == (Stage.WITHDRAWN, "Nhà đầu tư chọn tỉnh khác")


def test_a_card_dropped_on_irc_issued_asks_for_the_certificate(page, lead):
    Project.objects.filter(pk=lead.pk).update(stage=Stage.POLICY_APPROVED)
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    drop(page, lead, Stage.IRC_ISSUED)
    dialog = page.locator("#board-irc")
    dialog.wait_for(state="visible")
    dialog.locator("input[name=irc_number]").fill("5700000042")
    dialog.locator("button[type=submit]").click()
    page.locator(f'.board__column[data-stage="irc_issued"] #card-{lead.pk}').wait_for()
    assert Project.objects.get(pk=lead.pk).irc_number == "5700000042"


def test_cancelling_the_dialog_leaves_the_card_where_it_was(page, lead):
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    drop(page, lead, Stage.ON_HOLD)
    page.locator("#board-exit [data-dialog-cancel]").click()
    assert not page.locator("#board-exit").is_visible()
    assert Project.objects.get(pk=lead.pk).stage == Stage.LEAD


def test_on_a_phone_the_board_scrolls_inside_itself(page, lead):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "xuctien")
    page.goto("/investments/board/")
    board = page.evaluate(
        """() => { const b = document.querySelector('.board__columns');
                   return [b.getBoundingClientRect().right, window.innerWidth,
                           b.scrollWidth > b.clientWidth]; }"""
    )
    assert board[0] <= board[1]
    assert board[2]  # the columns scroll within the board
