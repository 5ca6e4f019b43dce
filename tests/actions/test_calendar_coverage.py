"""A working-day deadline is refused in a year the holiday calendar does not cover."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from xuctien.actions import reminders, services
from xuctien.actions.calendar import UncoveredYear, add_working_days
from xuctien.actions.holidays import load_calendar, missing_next_year
from xuctien.actions.models import CalendarYear, Task

pytestmark = pytest.mark.django_db

REFUSED = "chưa có năm 2028"  # the Vietnamese message (the default language)


def test_the_data_migration_covers_2020_to_2027():
    assert list(CalendarYear.objects.values_list("year", flat=True)) == list(range(2020, 2028))


def test_the_06_02_2024_deadline_counts_the_tet_holidays_from_the_table():
    # Wed 7 (1); 8–14 February closed; Thu 15 (2), Fri 16 (3), Mon 19 (4), Tue 20 (5).
    assert add_working_days(date(2024, 2, 6), 5, load_calendar()) == date(2024, 2, 20)


def test_a_task_counted_from_6_february_2024_is_due_on_20_february(secretariat, agency):
    task = services.create_task(
        secretariat,
        Task(
            title_vi="Báo cáo",
            lead_agency=agency,
            start_date=date(2024, 2, 6),
            deadline_working_days=5,
            is_synthetic=True,
        ),
        today=date(2024, 2, 6),
    )
    assert task.deadline == date(2024, 2, 20)


def test_a_count_into_an_uncovered_year_is_refused():
    with pytest.raises(UncoveredYear) as refused:
        add_working_days(date(2027, 12, 27), 5, load_calendar())
    assert refused.value.year == 2028
    assert REFUSED in refused.value.messages[0]
    with pytest.raises(UncoveredYear):
        add_working_days(date(2019, 12, 30), 1, load_calendar())


def test_a_withdrawn_year_is_refused_until_it_is_covered_again(secretariat):
    from xuctien.actions.holidays import cover_year, uncover_year

    uncover_year(secretariat, 2024)
    with pytest.raises(UncoveredYear):
        add_working_days(date(2024, 2, 6), 5, load_calendar())
    cover_year(secretariat, 2024, "Thông báo 5015/TB-LĐTBXH")
    assert add_working_days(date(2024, 2, 6), 5, load_calendar()) == date(2024, 2, 20)


def test_the_service_puts_the_refusal_on_the_working_days_field(secretariat, agency):
    task = Task(
        title_vi="Báo cáo",
        lead_agency=agency,
        start_date=date(2027, 12, 27),
        deadline_working_days=5,
        is_synthetic=True,
    )
    with pytest.raises(ValidationError) as refused:
        services.create_task(secretariat, task, today=date(2027, 12, 27))
    assert REFUSED in refused.value.message_dict["deadline_working_days"][0]
    assert not Task.objects.filter(title_vi="Báo cáo").exists()


def test_a_quarterly_report_due_in_an_uncovered_year_is_refused(secretariat, agency):
    # The Q4 2027 report would be due 10 working days after 31/12/2027, in 2028.
    task = Task(
        title_vi="Báo cáo quý",
        lead_agency=agency,
        recurrence="quarterly",
        start_date=date(2027, 1, 1),
        deadline=date(2027, 12, 31),
        deadline_working_days=10,
        is_synthetic=True,
    )
    with pytest.raises(ValidationError) as refused:
        services.create_task(secretariat, task, today=date(2027, 1, 4))
    assert "deadline_working_days" in refused.value.message_dict


def test_the_task_form_shows_the_refusal(client, secretariat, agency):
    client.force_login(secretariat)
    response = client.post(
        reverse("actions:task-add"),
        {
            "title_vi": "Nhiệm vụ cuối năm",
            "lead_agency": agency.pk,
            "recurrence": "none",
            "start_date": "2027-12-27",
            "deadline_working_days": 5,
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["form"].errors["deadline_working_days"]
    assert REFUSED in errors[0]
    assert not Task.objects.filter(title_vi="Nhiệm vụ cuối năm").exists()


def test_the_api_refuses_with_400_and_the_message(secretariat, agency):
    api = APIClient()
    api.force_authenticate(secretariat)
    response = api.post(
        reverse("action-task-list"),
        {
            "title_vi": "API cuối năm",
            "lead_agency": agency.pk,
            "start_date": "2027-12-27",
            "deadline_working_days": 5,
        },
        format="json",
    )
    assert response.status_code == 400
    assert REFUSED in str(response.json())
    assert not Task.objects.filter(title_vi="API cuối năm").exists()


def test_reminders_are_not_sent_on_a_day_the_calendar_does_not_know(caplog):
    sent = reminders.send_reminders.call(day="2028-01-04")
    assert sent["uncovered_year"] == 2028
    assert sent["before"] == sent["missed"] == 0
    assert REFUSED in caplog.text


def test_the_deadline_command_prints_the_day_and_what_it_skipped():
    out = StringIO()
    call_command("deadline", "06/02/2024", "5", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "06/02/2024 (Tue) + 5 working days = 20/02/2024 (Tue)"
    for day in range(8, 15):  # Tết, its weekend included, and the two days in lieu
        assert f"{day:02d}/02/2024" in text
    assert "Weekend days skipped: 2" in text  # 17–18 February


def test_the_deadline_command_reads_iso_and_counts_the_make_up_saturday():
    out = StringIO()
    call_command("deadline", "2024-04-26", "3", stdout=out)
    assert "= 04/05/2024 (Sat)" in out.getvalue()
    assert "Counted make-up working day: 04/05/2024" in out.getvalue()


@pytest.mark.parametrize("start", ["2027-12-27", "31/12/2019"])
def test_the_deadline_command_refuses_outside_the_calendar(start):
    with pytest.raises(CommandError, match="chưa có năm"):
        call_command("deadline", start, "5", stdout=StringIO())


def test_the_deadline_command_refuses_an_unreadable_day():
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("deadline", "6 Feb 2024", "5", stdout=StringIO())


def test_the_next_year_is_flagged_missing_from_1_october():
    CalendarYear.objects.filter(year=2027).delete()
    assert missing_next_year(date(2026, 9, 30)) is None
    assert missing_next_year(date(2026, 10, 1)) == 2027
    assert missing_next_year(date(2025, 10, 1)) is None  # 2026 is covered


def test_the_calendar_page_warns_and_the_secretariat_covers_the_year(
    client, secretariat, monkeypatch
):
    monkeypatch.setattr("xuctien.actions.views.calendar.today", lambda: date(2027, 10, 1))
    client.force_login(secretariat)
    page = client.get(reverse("actions:holidays")).content.decode()
    assert 'id="calendar-next-year-missing"' in page
    assert 'data-covered="1"' in page  # 2027 itself

    url = reverse("actions:calendar-year", args=[2028])
    assert client.post(url, {"note": "Thông báo năm 2028"}).status_code == 302

    assert CalendarYear.objects.get(year=2028).note == "Thông báo năm 2028"
    page = client.get(reverse("actions:holidays")).content.decode()
    assert 'id="calendar-next-year-missing"' not in page
    client.post(url, {"action": "uncover"})
    assert not CalendarYear.objects.filter(year=2028).exists()


@pytest.mark.permissions
def test_only_the_secretariat_changes_the_covered_years(client, officer):
    client.force_login(officer)
    url = reverse("actions:calendar-year", args=[2024])
    assert client.post(url, {"action": "uncover"}).status_code == 403
    assert CalendarYear.objects.filter(year=2024).exists()


def test_the_home_page_warns_the_secretariat_only(client, secretariat, officer, monkeypatch):
    monkeypatch.setattr(
        "xuctien.actions.templatetags.calendar_tags.today", lambda: date(2027, 10, 1)
    )
    client.force_login(secretariat)
    assert 'id="calendar-next-year-missing"' in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert 'id="calendar-next-year-missing"' not in client.get(reverse("home")).content.decode()


def test_the_api_refusal_is_in_english_for_an_english_reader(secretariat, agency):
    api = APIClient()
    api.force_authenticate(secretariat)
    response = api.post(
        reverse("action-task-list"),
        {
            "title_vi": "API",
            "lead_agency": agency.pk,
            "start_date": "2019-12-27",
            "deadline_working_days": 5,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        QUERY_STRING="lang=en",
    )
    assert response.status_code == 400
    assert "does not cover 2019" in str(response.json())


def test_a_day_keeps_the_address_of_its_document(client, secretariat):
    client.force_login(secretariat)
    url = "https://example.gov.vn/thong-bao-2028"
    client.post(
        reverse("actions:holiday-add"),
        {
            "date": "2028-01-03",
            "kind": "day_off",
            "name_vi": "Nghỉ bù",
            "source": "TB",
            "source_url": url,
        },
    )
    page = client.get(reverse("actions:holidays") + "?year=2028").content.decode()
    assert f'href="{url}"' in page
