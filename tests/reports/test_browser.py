"""The reports pages on a phone (390 px), as the secretariat drafts, edits and issues."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in
from xuctien.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{page.url} is {width} px wide"


def test_the_secretariat_drafts_edits_and_issues_on_a_phone(
    phone, programme, indicators, tasks, secretariat, no_pdf
):
    log_in(phone, secretariat.username)
    phone.goto(reverse("reports:create"))
    phone.fill("input[name=period]", "2024")
    with phone.expect_navigation():
        phone.click("form.narrow button[type=submit]")
    expect(phone.locator("h1")).to_contain_text("Kết quả thực hiện Nghị quyết số 01-NQ/TU")
    fits(phone)
    report = Report.objects.get()
    for language in ("vi", "en"):
        for url in (reverse("reports:list"), reverse("reports:report-edit", args=[report.pk])):
            phone.goto(f"{url}?lang={language}")
            fits(phone)
    phone.goto(reverse("reports:report-edit", args=[report.pk]))
    phone.fill("input[name=signer_name]", "Nguyễn Văn A")
    with phone.expect_navigation():
        phone.click("form.narrow button[type=submit]")
    with phone.expect_navigation():
        phone.click("form[action$='/issue/'] button[type=submit]")
    expect(phone.locator(".page-header")).to_contain_text("01/BC-UBND")
    fits(phone)
    assert Report.objects.get().is_issued
