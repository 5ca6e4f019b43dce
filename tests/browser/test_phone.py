"""On a phone (390 px wide) no page scrolls sideways, and the menu folds and unfolds."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import log_in
from xuctien.actions import services as actions
from xuctien.actions.models import Occurrence, Task

#: The portal of the default test province (tests.factories.ProvinceFactory).
SLUG = "quang-ninh"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def report_form(secretariat, agency):
    """The progress report form of a task led by the officer's agency."""
    today = timezone.localdate()
    task = Task(
        title_vi="Báo cáo quý chỉ số sản xuất công nghiệp chế biến, chế tạo",
        title_en="Quarterly report",
        lead_agency=agency,
        start_date=today - timedelta(days=60),
        deadline=today + timedelta(days=5),
        is_synthetic=True,
    )
    actions.create_task(secretariat, task, [], today=today)
    return reverse("actions:occurrence-report", args=[Occurrence.objects.get(task=task).pk])


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{page.url} is {width} px wide"


def test_the_main_pages_fit_a_phone_and_log_out_is_in_the_menu(phone, officer, report_form):
    call_command("load_quangninh", verbosity=0)
    log_in(phone, officer.username)

    for url in (reverse("programmes:dashboard"), report_form, reverse("portal:home", args=[SLUG])):
        phone.goto(url)
        assert_no_sideways_scroll(phone)

    logout = phone.locator(".user-menu button[type=submit]")
    expect(logout).to_be_hidden()  # folded away with the menu
    phone.click("label[for=menu-toggle]")
    expect(logout).to_be_visible()
    expect(phone.locator(".mainnav").get_by_role("link", name="Bảng theo dõi")).to_be_visible()
    assert_no_sideways_scroll(phone)
    with phone.expect_navigation():
        logout.click()
    expect(phone.locator(".messages")).to_contain_text("đăng xuất")


@pytest.fixture
def secretary_phone(phone, secretariat):
    """The secretariat's officer signed in on a phone, Quảng Ninh's programme loaded."""
    call_command("load_quangninh", verbosity=0)
    log_in(phone, secretariat.username)
    return phone


def test_the_pipeline_board_scrolls_inside_itself_on_a_phone(secretary_phone):
    # Regression: the cards' visually hidden labels widened the window to 1,060 px.
    secretary_phone.goto(reverse("investments:board"))

    assert_no_sideways_scroll(secretary_phone)
    columns = secretary_phone.locator(".board__columns")
    assert columns.evaluate("el => el.scrollWidth > el.clientWidth")  # the stages scroll


def test_the_analytics_years_leave_their_explanation_room_on_a_phone(secretary_phone):
    # Regression: a year took a name's 9rem, and the explanation of how its capital was
    # counted was one word wide, cut off at the table's edge (the table scrolled).
    secretary_phone.goto(reverse("investments:analytics"))

    assert_no_sideways_scroll(secretary_phone)
    table = secretary_phone.locator("#computed-capital table")
    year, _value, how = table.locator("thead th").evaluate_all(
        "cells => cells.map(c => c.offsetWidth)"
    )
    assert year < 80
    assert how >= 130
    assert table.evaluate("t => t.offsetWidth <= t.parentElement.clientWidth")  # no scrolling
