"""An enterprise declares its needs on the portal; the secretariat sees the gap rise in that
occupation and creates the proposed task for the department in charge of training."""

import pytest
from django.urls import reverse

from tests.labour.conftest import YEAR
from xuctien.actions.models import Task
from xuctien.labour.models import GapTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    with page.expect_navigation():
        page.click("main form [type=submit]")


def gap_cell(page):  # type: ignore[no-untyped-def]
    page.goto(reverse("labour:gaps") + f"?year={YEAR}")
    return page.locator(f"tr[data-cell='7-intermediate-{YEAR}']")


def declare(page, company, occupations, number):  # type: ignore[no-untyped-def]
    page.goto(reverse("portal:account"))
    page.click("[data-action=declare-need]")
    page.select_option("select[name=enterprise]", str(company.pk))
    page.select_option("select[name=occupation]", str(occupations["72"].pk))
    page.select_option("select[name=level]", "intermediate")
    page.fill("input[name=number]", str(number))
    page.fill("input[name=year]", str(YEAR))
    page.fill("input[name=quarter]", "2")
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_a_declared_need_raises_the_gap_and_the_secretariat_makes_the_task(
    page, labour, company, company_account, occupations, secretariat
):
    log_in(page, secretariat.username)
    # 40 graduates × 0.5 staying = 20 supply, no need yet: a surplus of 20
    assert gap_cell(page).locator("[data-gap]").inner_text() == "-20"
    assert gap_cell(page).locator("[data-proposed]").count() == 0

    log_in(page, company_account.username)
    declare(page, company, occupations, 90)
    assert page.locator("#needs").inner_text().count("90") == 1

    log_in(page, secretariat.username)
    row = gap_cell(page)
    assert row.locator("[data-gap]").inner_text() == "≥ 70"  # at least 90 − 20
    assert row.locator("[data-proposed]").count() == 1
    with page.expect_navigation():
        row.locator("form.gap-task button[type=submit]").click()
    task = Task.objects.get()
    assert page.url.endswith(reverse("actions:task-detail", args=[task.pk]))
    assert task.lead_agency.code == "SGDDT"
    assert GapTask.objects.get().gap == "≥ 70"
    assert task.title_vi in page.content()
    row = gap_cell(page)
    assert task.title_vi in row.inner_text()
    assert row.locator("form.gap-task").count() == 0  # proposed once, made once
