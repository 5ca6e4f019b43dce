"""History out: a record's changes and a period's, as Excel, only what the person may read."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xuctien.reports import services

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    head = next(n for n, row in enumerate(values) if row[0] in ("Thời điểm thay đổi", "Changed at"))
    return values[head + 1 :]


@pytest.fixture
def edited(programme, secretariat, agency, other_agency):
    """A programme draft edited once, and SXD's own draft."""
    report = services.create_draft(secretariat, programme, "2024")
    report.opening = "Tình hình chung đã sửa"
    services.save_draft(secretariat, report)
    hidden = services.create_draft(secretariat, programme, "2024", other_agency)
    return report, hidden


def test_a_records_history_says_who_changed_which_field_from_what_to_what(
    client, edited, secretariat
):
    report, _hidden = edited
    client.force_login(secretariat)
    url = reverse("reports:history")
    rows = rows_of(client.get(url, {"kind": "reports.report", "record": report.pk}))
    update = [row for row in rows if row[3] == "Sửa đổi"]
    assert [row[1:] for row in update] == [
        [str(secretariat), str(report), "Sửa đổi", "Tình hình chung", "—", "Tình hình chung đã sửa"]
    ]
    assert any(row[3] == "Tạo mới" for row in rows)


def test_a_periods_history_leaves_out_what_the_person_may_not_read(client, edited, officer, leader):
    report, hidden = edited
    today = report.created_at.date().year
    client.force_login(leader)
    seen = {row[2] for row in rows_of(client.get(reverse("reports:history"), {"period": today}))}
    assert {str(report), str(hidden)} <= seen
    client.force_login(officer)  # SCT's officer: neither the programme's nor SXD's draft
    seen = {row[2] for row in rows_of(client.get(reverse("reports:history"), {"period": today}))}
    assert str(report) not in seen
    assert str(hidden) not in seen
    assert (
        client.get(
            reverse("reports:history"), {"kind": "reports.report", "record": hidden.pk}
        ).status_code
        == 404
    )


def test_a_bad_period_is_answered_on_the_form(client, leader):
    client.force_login(leader)
    response = client.get(reverse("reports:history"), {"period": "2024-Q7"})
    assert response.status_code == 400
    assert "2024-Q2" in response.content.decode()


def test_the_record_pages_link_to_their_history_export(client, edited, secretariat):
    from tests.actions.factories import TaskFactory

    task = TaskFactory()
    client.force_login(secretariat)
    page = client.get(reverse("actions:task-detail", args=[task.pk])).content.decode()
    assert f"kind=actions.task&amp;record={task.pk}" in page
