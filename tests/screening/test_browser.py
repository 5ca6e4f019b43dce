"""In a browser, on a phone: the secretariat sets the marks, an officer enters a fact, screens
the dossier and overrides the recommendation with a reason; leadership reads it."""

from decimal import Decimal

import pytest

from tests.conftest import log_in
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from tests.investments.factories import PriorityGroupFactory, ProjectFactory, SectorFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Stage
from xuctien.screening.criteria import load_starting_criteria
from xuctien.screening.models import CriteriaSet, Screening

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def dossier():
    ProvinceFactory()
    load_starting_criteria()
    board = AgencyFactory(code="QEZA", kind=Agency.Kind.BOARD)
    UserFactory(username="xuctien", role=Role.AGENCY, agency=board)
    UserFactory(username="thuky", role=Role.SECRETARIAT)
    UserFactory(username="lanhdao", role=Role.LEADERSHIP)
    project = ProjectFactory(
        name="Nhà máy pin (thử)", stage=Stage.DOSSIER, sector=SectorFactory(),
        land_ha=Decimal(10), expected_capital_vnd=Decimal(3 * 10**11), jobs_planned=800,
    )  # fmt: skip
    project.priority_groups.set([PriorityGroupFactory()])
    return project


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{page.url} is {width} px wide"


def test_screen_a_dossier_and_override_on_a_phone(phone, dossier):
    page = phone
    log_in(page, "thuky")
    page.goto("/screening/criteria/edit/")
    page.fill("input[name=recommend_at]", "60")
    page.fill("input[name=discuss_at]", "30")
    page.fill("textarea[name=reason]", "Ngưỡng đề xuất")
    with page.expect_navigation():
        page.click("form button.button--primary")
    assert CriteriaSet.objects.get(is_current=True).recommend_at == Decimal(60)
    fits(page)
    page.context.clear_cookies()

    log_in(page, "xuctien")
    page.goto(f"/screening/projects/{dossier.pk}/facts/edit/")
    page.select_option("select[name=green]", "yes")
    with page.expect_navigation():
        page.click("form.narrow button.button--primary")
    # priority 10 + green 10 of 50 (the measured criteria have no norm): 40%, "discuss"
    score = page.locator("[data-score-points]").first
    assert score.get_attribute("data-score-points") == "20.00"
    assert score.get_attribute("data-recommendation") == "discuss"
    with page.expect_navigation():
        page.click("text=Sàng lọc ngay")
    fits(page)
    page.click("text=Xác nhận hoặc thay đổi")
    page.check("input[value=overridden]")
    page.select_option("select[name=recommendation]", "recommend")
    page.fill("textarea[name=reason]", "Dự án pin lưu trữ, tỉnh ưu tiên")
    with page.expect_navigation():
        page.click("form.narrow button.button--primary")
    screening = Screening.objects.get()
    assert (screening.decision, screening.recommendation) == ("overridden", "recommend")
    assert page.locator("text=Dự án pin lưu trữ, tỉnh ưu tiên").first.is_visible()
    page.context.clear_cookies()

    log_in(page, "lanhdao")
    page.goto(f"/investments/{dossier.pk}/")
    assert page.locator("#screening").is_visible()
    page.goto(f"/screening/projects/{dossier.pk}/")
    assert page.locator("text=Sàng lọc ngay").count() == 0
    fits(page)
