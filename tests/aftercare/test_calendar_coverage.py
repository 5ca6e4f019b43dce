"""Aftercare deadlines are refused in a year the holiday calendar does not cover."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xuctien.aftercare import services
from xuctien.aftercare.models import Category, Status

pytestmark = pytest.mark.django_db

UNCOVERED = date(2028, 1, 4)  # the shipped calendar covers 2020–2027


def _file(investor, company, category, day):
    return services.submit_request(
        investor,
        company,
        category=category,
        title="Vướng mắc",
        description="Chi tiết",
        received_on=day,
        today=day,
    )


def test_a_request_filed_on_6_february_2024_is_due_after_tet(investor_member, company, land_rule):
    request = _file(investor_member, company, Category.LAND, date(2024, 2, 6))
    # 5 working days: Wed 7 (1); 8–14 closed; Thu 15 (2), Fri 16 (3), Mon 19 (4), Tue 20 (5).
    assert request.assignments.get().deadline == date(2024, 2, 20)


def test_a_request_filed_in_an_uncovered_year_waits_for_the_secretariat(
    investor_member, company, land_rule
):
    request = _file(investor_member, company, Category.LAND, UNCOVERED)

    assert request.status == Status.RECEIVED
    assert not request.assignments.exists()


def test_routing_by_hand_in_an_uncovered_year_is_refused_with_the_calendar_message(
    investor_member, company, secretariat, other_agency
):
    request = _file(investor_member, company, Category.OTHER, UNCOVERED)
    with pytest.raises(ValidationError) as refused:
        services.route(secretariat, request, [other_agency], working_days=5, today=UNCOVERED)
    assert "chưa có năm 2028" in refused.value.messages[0]
    assert not request.assignments.exists()
