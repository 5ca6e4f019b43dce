"""The pages: what each person sees, stale forms, the importer and the API filters."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.actions.factories import plan_workbook as _plan
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
    assert response.status_code == 409
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
    Task.objects.filter(pk=own_task.pk).update(is_synthetic=False)  # a real task here
    client.force_login(secretariat)
    response = client.get(reverse("actions:scorecard"), {"year": 2025, "period": "year"})
    assert response.status_code == 200
    total = response.context["totals"][0]
    assert (total.due, total.overdue) == (1, 1)  # due 30/6/2025, never reported
    listed = client.get(total.links["overdue"])
    assert [t.pk for t in listed.context["task_list"]] == [own_task.pk]
    assert b"echarts.min.js" in response.content
    assert response.context["synthetic_totals"] == []


def test_synthetic_tasks_never_count_in_a_real_agency_s_score(client, secretariat, own_task):
    # own_task is a synthetic demo task of the real agency SCT: it is shown apart, marked.
    client.force_login(secretariat)
    response = client.get(reverse("actions:scorecard"), {"year": 2025, "period": "year"})
    assert response.context["totals"] == []
    [demo] = response.context["synthetic_totals"]
    assert (demo.agency_id, demo.due, demo.overdue) == (own_task.lead_agency_id, 1, 1)
    assert b'id="scorecard-synthetic"' in response.content
    assert b"data-synthetic-more" not in response.content


def test_the_scorecard_lists_a_few_synthetic_agencies_and_says_how_many_more(
    client, secretariat, own_task, other_task, monkeypatch
):
    from xuctien.actions import scorecard

    monkeypatch.setattr(scorecard, "SYNTHETIC_SHOWN", 1)
    client.force_login(secretariat)
    response = client.get(reverse("actions:scorecard"), {"year": 2025, "period": "year"})
    assert len(response.context["synthetic_totals"]) == 1
    assert b'data-synthetic-more="1"' in response.content


def test_an_import_with_a_bad_row_writes_nothing_and_names_the_cell(
    client, secretariat, agency, scope
):
    client.force_login(secretariat)
    plan = _plan(
        [
            ["1", "Rà soát quy hoạch", "So Cong thuong", "", "Quý II/2025", "Báo cáo"],
            ["2", "Nhiệm vụ lạ", "Sở Không Tồn Tại", "", "Tháng 13/2025", ""],
        ]
    )
    response = client.post(reverse("actions:import"), {"file": plan, "year": 2025, "plan": "P"})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    errors = {(e.row, e.column) for e in preview.context["result"].errors}
    assert errors == {(4, "E")}  # the month 13; the unknown agency is a question
    assert [q.text for q in preview.context["result"].open_questions] == ["Sở Không Tồn Tại"]
    refused = client.post(
        reverse("actions:import-confirm"), {"token": preview.context["token"], "action": "confirm"}
    )
    assert refused.status_code == 400
    assert not Task.objects.exists()


def test_an_import_is_previewed_with_its_matches_then_confirmed(
    client, secretariat, agency, other_agency, scope
):
    client.force_login(secretariat)
    plan = _plan(
        [
            ["I", "QUY HOẠCH", None, None, None, None],
            [
                "1",
                "Rà soát quy hoạch",
                "sở công thương",
                "Sở Xây dựnh; các địa phương",
                "Quý II/2025",
                "Báo cáo",
            ],
            ["2", "Báo cáo định kỳ", "SCT", "", "Hằng quý", "Báo cáo quý"],
        ]
    )
    upload = client.post(reverse("actions:import"), {"file": plan, "year": 2025, "plan": "P"})
    preview = client.get(upload["Location"])
    rows = preview.context["rows"]
    assert [r.data["lead"]["name"] for r in rows] == ["Sở Công Thương", "Sở Công Thương"]
    assert rows[0].data["coordinating_note"] == "các địa phương"
    (question,) = preview.context["result"].questions.values()
    assert question.text == "Sở Xây dựnh"  # a typo is asked, not guessed
    token = preview.context["token"]
    answered = client.post(
        reverse("actions:import-confirm"),
        {"token": token, "action": "answer", "q0": str(other_agency.pk), "remember": "on"},
    )
    assert answered.status_code == 302
    preview = client.get(reverse("actions:import-confirm"))
    assert preview.context["rows"][0].data["coordinating"][0]["name"] == "Sở Xây dựng"
    assert not Task.objects.exists()
    done = client.post(reverse("actions:import-confirm"), {"token": token, "action": "confirm"})
    assert done.status_code == 302
    first, second = Task.objects.order_by("pk")
    assert first.deadline == date(2025, 6, 30)
    assert first.group.name_vi == "QUY HOẠCH"
    assert second.occurrences.count() == 4
    assert other_agency.alias_records.get().name == "Sở Xây dựnh"


def test_a_staged_import_belongs_to_its_user(client, secretariat, admin_user, agency, scope):
    client.force_login(secretariat)
    plan = _plan([["1", "Rà soát", "SCT", "", "Quý II/2025", ""]])
    client.post(reverse("actions:import"), {"file": plan, "year": 2025, "plan": "P"})
    token = client.get(reverse("actions:import-confirm")).context["token"]
    client.force_login(admin_user)  # another user (a new session) cannot confirm it
    response = client.post(reverse("actions:import-confirm"), {"token": token, "action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:import")
    assert not Task.objects.exists()


def test_the_api_uses_the_page_filters(client, secretariat, own_task, other_task, agency):
    client.force_login(secretariat)
    response = client.get(reverse("action-task-list"), {"lead_agency": agency.pk})
    assert [t["id"] for t in response.json()["results"]] == [own_task.pk]


def test_a_stale_task_form_shows_the_other_change_and_keeps_the_input(
    client, secretariat, admin_user, own_task, other_agency
):
    url = reverse("actions:task-edit", args=[own_task.pk])
    client.force_login(admin_user)
    data = {"title_vi": own_task.title_vi, "lead_agency": own_task.lead_agency_id,
            "recurrence": "none", "start_date": "2025-01-02", "deadline": "2025-06-30",
            "coordinating_agencies": [other_agency.pk], "version": own_task.version}  # fmt: skip
    assert client.post(url, {**data, "description": "Của quản trị"}).status_code == 302
    client.force_login(secretariat)

    response = client.post(url, {**data, "description": "Của thư ký"})

    assert response.status_code == 409
    message = str(response.context["form"].non_field_errors())
    assert "admin" in message
    assert str(Task._meta.get_field("description").verbose_name) in message
    assert response.context["form"].data["description"] == "Của thư ký"
    own_task.refresh_from_db()
    assert own_task.description == "Của quản trị"


def test_a_stale_api_edit_is_refused_with_409_and_the_current_version(
    secretariat, admin_user, own_task
):
    url = reverse("action-task-detail", args=[own_task.pk])
    read_at = own_task.version
    first, second = APIClient(), APIClient()
    first.force_authenticate(admin_user)
    second.force_authenticate(secretariat)
    saved = first.patch(url, {"description": "A", "version": read_at}, format="json")
    assert saved.status_code == 200

    response = second.patch(url, {"description": "B", "version": read_at}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert "admin" in body["detail"]
    assert body["version"] == read_at + 1
    own_task.refresh_from_db()
    assert own_task.description == "A"
    again = second.patch(url, {"description": "B", "version": body["version"]}, format="json")
    assert again.status_code == 200


def test_a_stale_api_put_is_refused_with_409(secretariat, own_task):
    api = APIClient()
    api.force_authenticate(secretariat)
    url = reverse("action-task-detail", args=[own_task.pk])
    current = api.get(url).json()
    read_only = ("id", "occurrences", "status", "percent", "is_reference")
    payload = {k: v for k, v in current.items() if k not in read_only}
    api.patch(url, {"note": "đổi", "version": current["version"]}, format="json")

    assert api.put(url, {**payload, "title_vi": "Mới"}, format="json").status_code == 409


def test_the_task_list_offers_the_agencies_and_groups_of_the_reader_s_province_only(
    client, secretariat, agency
):
    from tests.factories import AgencyFactory, ProvinceFactory

    elsewhere = AgencyFactory(code="SCT", province=ProvinceFactory(code="HP"))
    client.force_login(secretariat)
    response = client.get(reverse("actions:task-list"))
    form = response.context["filterset"].form
    assert list(form.fields["lead_agency"].queryset) == [agency]
    html = response.content.decode()
    assert f'value="{agency.pk}"' in html
    assert f'value="{elsewhere.pk}"' not in html
    # only the filters the page shows: not "agency" (in "lead_agency") nor "group"
    assert 'name="agency"' not in html
    assert 'name="group"' not in html


def test_a_national_reader_past_the_limit_finds_agencies_by_the_search(client, monkeypatch):
    from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
    from xuctien.core.filters import Bounded
    from xuctien.core.roles import Role

    monkeypatch.setattr(Bounded, "limit", 2)
    chosen = AgencyFactory(code="SCT")
    for code in ("HP", "BN"):
        AgencyFactory(code="SXD", province=ProvinceFactory(code=code))
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    html = client.get(reverse("actions:task-list"), {"lead_agency": chosen.pk}).content.decode()
    select = html.split('name="lead_agency"')[1].split("</select>")[0]
    assert select.count("<option") == 2  # the line saying to search, and the one chosen
    assert f'value="{chosen.pk}" selected' in select
