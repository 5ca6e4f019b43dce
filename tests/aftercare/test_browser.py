"""An enterprise files a request from the portal, the agency answers, the enterprise rates
it, and the agency's scorecard changes (aftercare's own and the action programme's)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.aftercare.conftest import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("main form [type=submit]")


def _scorecard_row(page, agency):
    year = timezone.localdate().year
    page.goto(reverse("aftercare:scorecard") + f"?year={year}&period=year")
    return page.locator(f"#aftercare-totals tr[data-agency='{agency.pk}']")


def test_a_request_from_filing_to_rating_moves_the_scorecard(
    page, investor, company, officer, agency, land_rule
):
    member(investor, company)
    log_in(page, investor.username)
    page.goto(reverse("portal:account"))
    page.click("[data-action=raise-request]")
    page.select_option("select[name=enterprise]", str(company.pk))
    page.select_option("select[name=category]", "land")
    page.fill("input[name=title]", "Chậm bàn giao mặt bằng")
    page.fill("textarea[name=description]", "Lô đất B2 chưa được bàn giao.")
    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("main form button[type=submit]")
    assert "Chậm bàn giao mặt bằng" in page.content()
    detail = page.url

    log_in(page, officer.username)
    assert _scorecard_row(page, agency).locator("[data-figure=on-time-rate]").inner_text() == "—"
    page.goto(detail)
    page.fill("form.answer-form textarea[name=answer]", "Sẽ bàn giao trong tuần này.")
    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("form.answer-form button[type=submit]")

    log_in(page, investor.username)
    page.goto(detail)
    assert "Sẽ bàn giao trong tuần này." in page.content()
    page.check("#rating-form input[name=score][value='5']")
    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("#rating-form button[type=submit]")
    assert page.locator("[data-rating='5']").count() == 1

    log_in(page, officer.username)
    row = _scorecard_row(page, agency)
    assert (
        row.locator("[data-figure=on-time-rate]").inner_text() == "100,0%"
    )  # one decimal, as on the task scorecard
    assert row.locator("[data-figure=average-rating]").inner_text().startswith("5")

    page.goto(reverse("actions:scorecard") + f"?year={timezone.localdate().year}")
    joined = page.locator(f"#aftercare-totals tr[data-agency='{agency.pk}']")
    assert joined.locator("[data-figure=on-time-rate]").inner_text() == "100,0%"
