"""The secretariat keeps the holiday calendar as data, and deadlines count on it."""

import datetime as dt

import pytest
from django.urls import reverse

from xuctien.actions.calendar import add_working_days
from xuctien.actions.holidays import load_calendar
from xuctien.actions.models import Holiday

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2027, 10, 1)
SATURDAY = dt.date(2027, 10, 2)
NEW_DAY = {"date": "2027-10-04", "kind": "holiday", "name_vi": "Nghỉ bù (minh hoạ)", "source": "QĐ"}


def test_the_secretariat_adds_a_day_off_and_the_deadlines_move(client, secretariat):
    # Friday 1/10/2027 + 1 working day is Monday 4/10 … until Monday becomes a day off.
    assert add_working_days(FRIDAY, 1, load_calendar()) == dt.date(2027, 10, 4)
    client.force_login(secretariat)

    response = client.post(reverse("actions:holiday-add"), NEW_DAY)

    assert response.status_code == 302
    assert add_working_days(FRIDAY, 1, load_calendar()) == dt.date(2027, 10, 5)
    assert Holiday.objects.get(date="2027-10-04").history().first().user == secretariat


def test_a_make_up_saturday_counts_as_a_working_day(client, secretariat):
    client.force_login(secretariat)
    client.post(
        reverse("actions:holiday-add"),
        {"date": SATURDAY.isoformat(), "kind": "make_up", "name_vi": "Làm bù", "source": "QĐ"},
    )

    assert add_working_days(FRIDAY, 1, load_calendar()) == SATURDAY


@pytest.mark.permissions
@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_only_the_secretariat_edits_the_calendar(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("actions:holidays")).status_code == 200
    assert client.post(reverse("actions:holiday-add"), NEW_DAY).status_code == 403
    assert not Holiday.objects.filter(date="2027-10-04").exists()


@pytest.mark.permissions
def test_outsiders_do_not_see_the_calendar_pages(client, investor):
    client.force_login(investor)

    assert client.get(reverse("actions:holidays")).status_code == 403


def test_the_year_page_lists_the_shipped_holidays_of_tet(client, secretariat):
    client.force_login(secretariat)

    page = client.get(reverse("actions:holidays") + "?year=2026").content.decode()

    assert 'data-date="2026-02-17"' in page  # Tết Nguyên đán 2026 (mùng 1)


def test_a_stale_edit_is_refused_and_the_first_one_kept(client, secretariat):
    client.force_login(secretariat)
    client.post(reverse("actions:holiday-add"), NEW_DAY)
    day = Holiday.objects.get(date="2027-10-04")
    url = reverse("actions:holiday-edit", args=[day.pk])
    first = {**NEW_DAY, "name_vi": "Tên thứ nhất", "version": day.version}
    second = {**NEW_DAY, "name_vi": "Tên thứ hai", "version": day.version}

    assert client.post(url, first).status_code == 302
    assert client.post(url, second).status_code == 409
    assert Holiday.objects.get(pk=day.pk).name_vi == "Tên thứ nhất"
