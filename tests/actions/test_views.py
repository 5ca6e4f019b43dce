"""The pages: what each person sees, stale forms, the importer and the API filters."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from xuctien.actions.models import Task

pytestmark = pytest.mark.django_db


def test_the_lead_agency_sees_report_buttons_but_no_edit_on_another_agencys_task(
    client, officer, own_task, other_task
):
    client.force_login(officer)
    own = client.get(reverse("actions:task-detail", args=[own_task.pk])).content.decode()
    assert "report-progress" in own
    other = client.get(reverse("actions:task-detail", args=[other_task.pk])).content.decode()
    assert "report-progress" not in other
    assert 'id="edit-task"' not in other


def test_a_direct_post_on_another_agencys_task_is_refused(client, officer, other_task):
    client.force_login(officer)
    occurrence = other_task.occurrences.get()
    report = client.post(
        reverse("actions:occurrence-report", args=[occurrence.pk]),
        {"text": "x", "percent": 50, "reported_on": "2025-03-01", "version": 1},
    )
    edit = client.post(
        reverse("actions:task-edit", args=[other_task.pk]), {"description": "x", "version": 1}
    )
    assert (report.status_code, edit.status_code) == (403, 403)
    assert not occurrence.reports.exists()


def test_a_stale_report_form_shows_the_other_change_and_keeps_the_input(
    client, officer, secretariat, own_task
):
    occurrence = own_task.occurrences.get()
    url = reverse("actions:occurrence-report", args=[occurrence.pk])
    stale = occurrence.version
    client.force_login(secretariat)
    client.post(
        url, {"text": "Thư ký", "percent": 60, "reported_on": "2025-03-01", "version": stale}
    )
    client.force_login(officer)
    response = client.post(
        url,
        {"text": "Nội dung của tôi", "percent": 30, "reported_on": "2025-03-01", "version": stale},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "thuky" in page
    assert "Nội dung của tôi" in page
    assert occurrence.reports.count() == 1
    again = client.post(
        url,
        {
            "text": "Nội dung của tôi",
            "percent": 30,
            "reported_on": "2025-03-01",
            "version": response.context["form"].data["version"],
        },
    )
    assert again.status_code == 302
    assert occurrence.reports.count() == 2


def test_the_scorecard_links_down_to_the_overdue_tasks(client, secretariat, own_task):
    client.force_login(secretariat)
    response = client.get(reverse("actions:scorecard"), {"year": 2025, "period": "year"})
    assert response.status_code == 200
    total = response.context["totals"][0]
    assert (total.due, total.overdue) == (1, 1)  # due 30/6/2025, never reported
    listed = client.get(total.links["overdue"])
    assert [t.pk for t in listed.context["task_list"]] == [own_task.pk]
    assert b"echarts.min.js" in response.content


def _plan(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["KẾ HOẠCH THỰC HIỆN"])
    sheet.append(
        [
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Sản phẩm",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "ke-hoach.xlsx"
    return buffer


def test_an_import_with_a_bad_row_writes_nothing_and_names_the_cell(client, secretariat, agency):
    client.force_login(secretariat)
    plan = _plan(
        [
            ["1", "Rà soát quy hoạch", "So Cong thuong", "", "Quý II/2025", "Báo cáo"],
            ["2", "Nhiệm vụ lạ", "Sở Không Tồn Tại", "", "Tháng 13/2025", ""],
        ]
    )
    response = client.post(reverse("actions:import"), {"file": plan, "year": 2025})
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert errors == {(4, "C"), (4, "E")}
    assert not Task.objects.exists()


def test_an_import_is_previewed_with_its_matches_then_confirmed(
    client, secretariat, agency, other_agency
):
    client.force_login(secretariat)
    plan = _plan(
        [
            ["I", "QUY HOẠCH", None, None, None, None],
            [
                "1",
                "Rà soát quy hoạch",
                "sở công thương",
                "Sở Xây dưng; các địa phương",
                "Quý II/2025",
                "Báo cáo",
            ],
            ["2", "Báo cáo định kỳ", "SCT", "", "Hằng quý", "Báo cáo quý"],
        ]
    )
    preview = client.post(reverse("actions:import"), {"file": plan, "year": 2025})
    rows = preview.context["rows"]
    assert [r.lead_name for r in rows] == ["Sở Công Thương", "Sở Công Thương"]
    assert rows[0].coordinating[0]["name"] == "Sở Xây dựng"
    assert rows[0].coordinating_note == "các địa phương"
    assert not Task.objects.exists()
    done = client.post(reverse("actions:import-confirm"), {"token": preview.context["token"]})
    assert done.status_code == 302
    first, second = Task.objects.order_by("pk")
    assert first.deadline == date(2025, 6, 30)
    assert second.occurrences.count() == 4


def test_the_api_uses_the_page_filters(client, secretariat, own_task, other_task, agency):
    client.force_login(secretariat)
    response = client.get(reverse("action-task-list"), {"lead_agency": agency.pk})
    assert [t["id"] for t in response.json()["results"]] == [own_task.pk]
