"""Recurring requests, found by hand, and turned into a task of the action programme."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from xuctien.aftercare import services
from xuctien.aftercare.models import Category
from xuctien.aftercare.patterns import Row, find_patterns, group
from xuctien.aftercare.policy import Policy

TODAY = date(2025, 6, 30)


def test_three_requests_within_ninety_days_make_a_pattern():
    rows = [
        Row(1, "land", 7, date(2025, 4, 1)),  # the first day of the window (30 Jun − 90)
        Row(2, "land", 7, date(2025, 5, 1)),
        Row(3, "land", 7, date(2025, 6, 30)),
        Row(4, "land", 7, date(2025, 3, 31)),  # one day too early
        Row(5, "land", 8, date(2025, 6, 1)),  # another agency
        Row(6, "labour", 7, date(2025, 6, 1)),  # another category
    ]
    [pattern] = group(rows, TODAY, window_days=90, minimum=3)
    assert (pattern.category, pattern.agency_id, pattern.request_ids) == ("land", 7, [1, 2, 3])


def test_two_are_not_a_pattern_and_the_threshold_is_configurable():
    rows = [Row(1, "land", 7, date(2025, 6, 1)), Row(2, "land", 7, date(2025, 6, 2))]
    assert group(rows, TODAY, 90, 3) == []
    assert len(group(rows, TODAY, 90, 2)) == 1


@pytest.fixture
def three_land_requests(investor_member, company, land_rule):
    return [
        services.submit_request(
            investor_member,
            company,
            category=Category.LAND,
            title=f"Đất {n}",
            description="Chậm bàn giao",
            received_on=date(2025, 6, n),
            today=date(2025, 6, n),
            is_synthetic=True,
        )
        for n in (2, 3, 4)
    ]


@pytest.mark.django_db
def test_requests_in_the_database_make_a_pattern(three_land_requests, agency):
    [pattern] = find_patterns(TODAY, Policy())
    assert pattern.agency == agency
    assert [r.pk for r in pattern.requests] == [r.pk for r in three_land_requests]


@pytest.mark.django_db
def test_the_secretariat_turns_a_pattern_into_a_linked_task(
    three_land_requests, secretariat, agency
):
    task = services.turn_into_task(secretariat, three_land_requests, agency, today=TODAY)
    assert task.lead_agency == agency
    assert task.is_synthetic
    assert task.start_date == TODAY
    assert set(task.aftercare_requests.all()) == set(three_land_requests)
    assert task.occurrences.exists()  # created by the action programme's own service
    [pattern] = find_patterns(TODAY, Policy())
    assert pattern.tasks == [task]
    assert pattern.unlinked == []


@pytest.mark.django_db
def test_only_the_secretariat_makes_tasks(three_land_requests, leader, officer, agency):
    for user in (leader, officer):
        with pytest.raises(PermissionDenied):
            services.turn_into_task(user, three_land_requests, agency)


@pytest.mark.django_db
def test_one_click_on_the_patterns_page_makes_the_task(
    client, secretariat, three_land_requests, agency, settings
):
    from xuctien.actions.models import Task

    settings.AFTERCARE_PATTERN_WINDOW_DAYS = 3650  # the requests are in 2025
    client.force_login(secretariat)
    page = client.get(reverse("aftercare:patterns"))
    assert page.status_code == 200
    assert len(page.context["patterns"]) == 1
    response = client.post(
        reverse("aftercare:pattern-task"),
        {
            "category": "land",
            "agency": agency.pk,
            "title_vi": "Gỡ vướng bàn giao đất",
            "working_days": 20,
        },
    )
    task = Task.objects.get(title_vi="Gỡ vướng bàn giao đất")
    assert response["Location"] == reverse("actions:task-detail", args=[task.pk])
    assert task.aftercare_requests.count() == 3
