"""An agency officer reports progress in a browser; the secretariat sees it on the scorecard."""

import pytest
from django.urls import reverse

from tests.conftest import log_in
from xuctien.actions.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reports_and_the_secretariat_sees_it_on_the_scorecard(
    page, officer, secretariat, own_task, other_task
):
    # A real task: synthetic (demo) tasks are shown apart from the agencies' scores.
    Task.objects.filter(pk=own_task.pk).update(is_synthetic=False)
    log_in(page, officer.username)
    page.goto(reverse("actions:task-detail", args=[own_task.pk]))
    page.click("a.report-progress")
    page.fill("textarea[name=text]", "Đã hoàn thành rà soát quỹ đất.")
    page.fill("input[name=percent]", "100")
    with page.expect_navigation():  # wait for the new page, not the old one
        page.click("main form button[type=submit]")
    assert "Đã hoàn thành rà soát quỹ đất." in page.content()

    page.goto(reverse("actions:task-detail", args=[other_task.pk]))
    assert page.locator("a.report-progress").count() == 0
    assert page.locator("#edit-task").count() == 0
    refused = page.goto(reverse("actions:task-edit", args=[other_task.pk]))
    assert refused.status == 403

    page.context.clear_cookies()
    log_in(page, secretariat.username)
    page.goto(reverse("actions:scorecard") + "?year=2025&period=year")
    row = page.locator(f"#scorecard tr[data-agency='{own_task.lead_agency_id}']")
    cells = row.locator("td").all_inner_texts()
    assert cells[1:5] == ["1", "0", "1", "0"]  # due, on time, late (reported today), overdue
    # The chart's options are on the page; whether ECharts draws them depends on the live
    # server serving static files (it answers 500 for /static/ at the moment).
    assert page.locator("[data-chart=scorecard-chart]").count() == 1
    assert "yAxis" in page.locator("#scorecard-chart").text_content()
