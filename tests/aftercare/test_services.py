"""Routing, working-day deadlines, escalation, closing, reopening and rating, by hand.

Calendars used (the shipped holiday table):
* Tết 2025: offices closed Saturday 25 January – Sunday 2 February; Saturday 8 February
  is worked in exchange.
* Tết 2026: offices closed Saturday 14 – Sunday 22 February.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.aftercare.conftest import BEFORE_TET
from xuctien.aftercare import services
from xuctien.aftercare.models import Category, Escalation, RequestEvent, Status
from xuctien.aftercare.policy import Policy

pytestmark = pytest.mark.django_db

POLICY = Policy(leadership_after_days=3, close_after_days=10)


def _file(investor, company, category=Category.LAND, day=BEFORE_TET, **extra):
    return services.submit_request(
        investor,
        company,
        category=category,
        title="Vướng mắc",
        description="Chi tiết",
        received_on=day,
        today=day,
        **extra,
    )


# --- Routing and deadlines --------------------------------------------------------------


def test_a_portal_request_goes_to_the_agency_of_its_category(land_request, agency):
    assignment = land_request.assignments.get()
    assert assignment.agency == agency
    assert land_request.status == Status.ASSIGNED
    assert land_request.channel == "portal"


def test_five_working_days_from_the_thursday_before_tet_2025_end_on_6_february(land_request):
    # Fri 24 Jan (1); closed 25 Jan – 2 Feb; Mon 3 (2), Tue 4 (3), Wed 5 (4), Thu 6 (5).
    assert land_request.assignments.get().deadline == date(2025, 2, 6)


def test_the_make_up_saturday_counts_as_a_working_day(investor_member, company, permit_rule):
    request = _file(investor_member, company, Category.CONSTRUCTION, date(2025, 2, 6))
    # Fri 7 Feb (1), Sat 8 Feb worked in exchange (2), Mon 10 Feb (3).
    assert request.assignments.get().deadline == date(2025, 2, 10)


def test_a_category_without_a_rule_waits_for_the_secretariat(investor_member, company):
    request = _file(investor_member, company, Category.OTHER)
    assert request.status == Status.RECEIVED
    assert not request.assignments.exists()


def test_the_secretariat_routes_by_hand_with_the_days_it_chooses(
    investor_member, company, secretariat, other_agency
):
    request = _file(investor_member, company, Category.OTHER)
    [assignment] = services.route(
        secretariat, request, [other_agency], working_days=2, today=date(2025, 1, 24)
    )
    # Friday 24 January + 2 working days: Mon 3 Feb (1), Tue 4 Feb (2).
    assert assignment.deadline == date(2025, 2, 4)
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED


def test_splitting_adds_only_the_agencies_that_do_not_hold_the_request(
    land_request, secretariat, agency, other_agency
):
    created = services.route(
        secretariat, land_request, [agency, other_agency], today=date(2025, 1, 24)
    )
    assert [a.agency for a in created] == [other_agency]
    assert land_request.current_assignments().count() == 2


def test_a_split_request_is_answered_when_every_agency_has_answered(
    land_request, secretariat, officer, other_officer, other_agency
):
    services.route(secretariat, land_request, [other_agency], today=date(2025, 1, 24))
    own, other = land_request.current_assignments().order_by("agency__code")
    services.answer(officer, own, "Đã bàn giao một phần.", today=date(2025, 2, 3))
    land_request.refresh_from_db()
    assert land_request.status == Status.ASSIGNED
    services.answer(other_officer, other, "Giấy phép đã cấp.", today=date(2025, 2, 4))
    land_request.refresh_from_db()
    assert land_request.status == Status.ANSWERED
    assert land_request.answered_on == date(2025, 2, 4)


def test_reassigning_withdraws_the_old_assignment_and_counts_afresh(
    land_request, secretariat, other_agency
):
    old = land_request.assignments.get()
    new = services.reassign(secretariat, old, other_agency, today=date(2025, 2, 3))
    old.refresh_from_db()
    assert old.withdrawn
    # Monday 3 February + 5: Tue 4, Wed 5, Thu 6, Fri 7, Sat 8 (make-up).
    assert new.deadline == date(2025, 2, 8)
    assert land_request.events.filter(kind=RequestEvent.Kind.REASSIGNED).exists()


def test_only_the_secretariat_routes_and_reassigns(land_request, officer, leader, other_agency):
    for user in (officer, leader):
        with pytest.raises(PermissionDenied):
            services.route(user, land_request, [other_agency])
        with pytest.raises(PermissionDenied):
            services.reassign(user, land_request.assignments.get(), other_agency)


def test_an_investor_files_only_for_their_own_company(investor_member, other_company):
    with pytest.raises(PermissionDenied):
        _file(investor_member, other_company)


def test_the_project_must_be_the_enterprises(investor_member, company, land_rule):
    from tests.investments.factories import ProjectFactory

    stranger = ProjectFactory()
    with pytest.raises(ValidationError):
        _file(investor_member, company, project=stranger)


# --- Answering ------------------------------------------------------------------------


def test_the_agency_starts_and_answers(land_request, officer):
    assignment = land_request.assignments.get()
    services.start(officer, assignment, today=date(2025, 1, 24))
    land_request.refresh_from_db()
    assert land_request.status == Status.IN_PROGRESS
    services.answer(officer, assignment, "Đã bàn giao.", today=date(2025, 2, 5))
    land_request.refresh_from_db()
    assignment.refresh_from_db()
    assert land_request.status == Status.ANSWERED
    assert assignment.on_time is True


def test_another_agency_cannot_answer(land_request, other_officer):
    with pytest.raises(PermissionDenied):
        services.answer(other_officer, land_request.assignments.get(), "Không phải việc của tôi")


def test_an_answer_after_the_deadline_is_late(land_request, officer):
    assignment = services.answer(
        officer, land_request.assignments.get(), "Trễ.", today=date(2025, 2, 7)
    )
    assert assignment.on_time is False


# --- Escalation -----------------------------------------------------------------------


@pytest.fixture
def tet_2026_request(investor_member, company, land_rule):
    """Filed Thursday 5 February 2026: Fri 6 (1), Mon 9 – Thu 12 (2–5): due Thu 12 Feb."""
    return _file(investor_member, company, day=date(2026, 2, 5))


def _level(request, day):
    services.escalate_overdue(day, POLICY)
    request.refresh_from_db()
    return request.escalation


def test_the_deadline_over_tet_2026_is_12_february(tet_2026_request):
    assert tet_2026_request.assignments.get().deadline == date(2026, 2, 12)


@pytest.mark.parametrize(
    ("day", "level"),
    [
        (date(2026, 2, 12), Escalation.NONE),  # the deadline itself
        (date(2026, 2, 13), Escalation.SECRETARIAT),  # first working day after it
        (date(2026, 2, 22), Escalation.SECRETARIAT),  # Tết: no working day passes
        (date(2026, 2, 23), Escalation.SECRETARIAT),  # 2nd working day late
        (date(2026, 2, 24), Escalation.SECRETARIAT),  # 3rd
        (date(2026, 2, 25), Escalation.LEADERSHIP),  # 4th = 1 + 3 working days
    ],
)
def test_escalation_follows_working_days_over_tet(tet_2026_request, day, level):
    assert _level(tet_2026_request, day) == level


def test_escalation_steps_up_day_by_day_and_runs_again_harmlessly(tet_2026_request):
    assert _level(tet_2026_request, date(2026, 2, 13)) == Escalation.SECRETARIAT
    assert _level(tet_2026_request, date(2026, 2, 25)) == Escalation.LEADERSHIP
    assert services.escalate_overdue(date(2026, 2, 25), POLICY) == []
    assert services.escalate_overdue(date(2026, 2, 13), POLICY) == []  # never lowered
    steps = tet_2026_request.events.filter(kind=RequestEvent.Kind.ESCALATED)
    assert [(e.on, e.escalation) for e in steps] == [
        (date(2026, 2, 13), Escalation.SECRETARIAT),
        (date(2026, 2, 25), Escalation.LEADERSHIP),
    ]


def test_a_missed_run_is_caught_up_in_one_step(tet_2026_request):
    assert _level(tet_2026_request, date(2026, 2, 26)) == Escalation.LEADERSHIP


def test_a_friday_deadline_escalates_on_monday_not_at_the_weekend(
    investor_member, company, land_rule
):
    request = _file(investor_member, company, day=date(2026, 3, 6))  # due Fri 13 March
    assert request.assignments.get().deadline == date(2026, 3, 13)
    assert _level(request, date(2026, 3, 15)) == Escalation.NONE
    assert _level(request, date(2026, 3, 16)) == Escalation.SECRETARIAT


def test_an_answered_request_is_not_escalated(tet_2026_request, officer):
    services.answer(officer, tet_2026_request.assignments.get(), "Xong.", today=date(2026, 2, 12))
    assert _level(tet_2026_request, date(2026, 3, 31)) == Escalation.NONE


# --- Closing, reopening, rating ---------------------------------------------------------


@pytest.fixture
def answered(land_request, officer):
    services.answer(officer, land_request.assignments.get(), "Đã xử lý.", today=date(2025, 2, 5))
    land_request.refresh_from_db()
    return land_request


def test_the_enterprise_confirms_and_closes(answered, investor_member):
    services.close(investor_member, answered, today=date(2025, 2, 6))
    assert answered.status == Status.CLOSED


def test_the_secretariat_closes_only_after_ten_working_days_without_reaction(answered, secretariat):
    # Answered Wed 5 Feb 2025: Thu 6 (1), Fri 7 (2), Sat 8 make-up (3), Mon 10 – Fri 14
    # (4–8), Mon 17 (9), Tue 18 (10).
    assert services.may_close_from(answered, POLICY) == date(2025, 2, 18)
    with pytest.raises(ValidationError):
        services.close(secretariat, answered, today=date(2025, 2, 17), policy=POLICY)
    services.close(secretariat, answered, today=date(2025, 2, 18), policy=POLICY)
    assert answered.status == Status.CLOSED


def test_reopening_starts_a_new_round_with_new_deadlines(answered, investor_member, agency):
    services.reopen(investor_member, answered, "Vẫn chưa bàn giao.", today=date(2025, 2, 10))
    answered.refresh_from_db()
    assert answered.status == Status.REOPENED
    assert answered.round == 2
    new = answered.current_assignments().get()
    # Monday 10 February + 5: Tue 11, Wed 12, Thu 13, Fri 14, Mon 17.
    assert (new.agency, new.round, new.deadline) == (agency, 2, date(2025, 2, 17))
    assert answered.assignments.filter(round=1, answered_on=date(2025, 2, 5)).exists()


def test_a_reopened_request_escalates_again_from_its_new_deadline(answered, investor_member):
    services.reopen(investor_member, answered, "Chưa xong.", today=date(2025, 2, 10))
    assert _level(answered, date(2025, 2, 17)) == Escalation.NONE
    assert _level(answered, date(2025, 2, 18)) == Escalation.SECRETARIAT


def test_reopening_needs_a_reason_and_an_answer(land_request, answered, investor_member):
    with pytest.raises(ValidationError):
        services.reopen(investor_member, answered, "  ")


def test_a_request_still_waiting_cannot_be_reopened(land_request, investor_member):
    with pytest.raises(ValidationError):
        services.reopen(investor_member, land_request, "Sao chưa trả lời?")


def test_the_enterprise_rates_each_round_once(answered, investor_member):
    rating = services.rate(investor_member, answered, 4, "Khá tốt", today=date(2025, 2, 6))
    assert (rating.round, rating.score) == (1, 4)
    with pytest.raises(ValidationError):
        services.rate(investor_member, answered, 5)


def test_nobody_but_the_enterprise_rates(answered, secretariat, other_investor):
    for user in (secretariat, other_investor):
        with pytest.raises(PermissionDenied):
            services.rate(user, answered, 5)


def test_a_mark_is_between_one_and_five(answered, investor_member):
    with pytest.raises(ValidationError):
        services.rate(investor_member, answered, 6)


def test_every_step_is_on_the_timeline(answered, investor_member):
    services.rate(investor_member, answered, 5, today=date(2025, 2, 6))
    services.close(investor_member, answered, today=date(2025, 2, 6))
    kinds = list(answered.events.values_list("kind", flat=True))
    assert kinds == ["received", "routed", "answered", "rated", "closed"]
    assert answered.history().exists()
