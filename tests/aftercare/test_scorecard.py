"""The answer scorecard, hand-computed, and its figures from real steps."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import override

from tests.aftercare.conftest import BEFORE_TET, request_in_cycle
from xuctien.aftercare import services
from xuctien.aftercare.models import Category
from xuctien.aftercare.scorecard import Row, agency_summary, ranked, rows_for, scorecard

TODAY = date(2025, 7, 15)

ROWS = [
    # SCT, Q1: on time (rated 4), on time (rated 5), late (rated 2)
    Row(1, "SCT", date(2025, 2, 6), date(2025, 2, 5), 4),
    Row(1, "SCT", date(2025, 3, 10), date(2025, 3, 10), 5),
    Row(1, "SCT", date(2025, 3, 20), date(2025, 3, 25), 2),
    # SCT, Q3: overdue, not yet due
    Row(1, "SCT", date(2025, 7, 1), None),
    Row(1, "SCT", date(2025, 7, 30), None),
    # SXD, Q2: late, unrated
    Row(2, "SXD", date(2025, 5, 5), date(2025, 5, 9)),
]


def test_quarter_scores_are_counted_by_hand():
    q1, q3, sxd = scorecard(ROWS, TODAY)
    assert (q1.period, q1.assigned, q1.on_time, q1.late, q1.overdue) == ("2025-Q1", 3, 2, 1, 0)
    assert q1.on_time_rate == Decimal("66.7")  # 2 of 3
    assert q1.average_rating == Decimal("3.67")  # (4 + 5 + 2) / 3
    assert (q3.period, q3.overdue, q3.not_yet_due) == ("2025-Q3", 1, 1)
    assert q3.on_time_rate == Decimal("0.0")  # 0 on time of 1 decided
    assert q3.average_rating is None
    assert (sxd.agency, sxd.late, sxd.on_time_rate) == ("SXD", 1, Decimal("0.0"))


def test_year_totals_are_counted_by_hand():
    sct, sxd = scorecard(ROWS, TODAY, by="year")
    assert (sct.assigned, sct.on_time, sct.late, sct.overdue, sct.not_yet_due) == (5, 2, 1, 1, 1)
    assert sct.on_time_rate == Decimal("50.0")  # 2 of 4 decided
    assert sct.average_rating == Decimal("3.67")
    assert sxd.rated == 0


def test_nothing_decided_gives_no_rate():
    [score] = scorecard([Row(1, "SCT", date(2025, 12, 1), None)], TODAY)
    assert score.on_time_rate is None


@pytest.mark.django_db
def test_the_summary_follows_answers_and_ratings(land_request, officer, investor_member, agency):
    before = agency_summary(2025, date(2025, 2, 6))[agency.pk]
    assert (before.assigned, before.on_time_rate, before.average_rating) == (1, None, None)
    services.answer(officer, land_request.assignments.get(), "Xong.", today=date(2025, 2, 5))
    land_request.refresh_from_db()
    services.rate(investor_member, land_request, 4, today=date(2025, 2, 6))
    after = agency_summary(2025, date(2025, 2, 6))[agency.pk]
    assert (after.on_time, after.on_time_rate, after.average_rating) == (
        1,
        Decimal("100.0"),
        Decimal("4.00"),
    )


@pytest.mark.django_db
def test_a_reassigned_share_counts_only_for_the_new_agency(
    land_request, secretariat, agency, other_agency
):
    services.reassign(secretariat, land_request.assignments.get(), other_agency, BEFORE_TET)
    summary = agency_summary(2025, date(2025, 2, 1))
    assert agency.pk not in summary
    assert summary[other_agency.pk].assigned == 1


@pytest.mark.django_db
def test_a_rating_counts_for_each_agency_of_its_round(
    investor_member, company, secretariat, officer, other_officer, other_agency, land_rule
):
    request = services.submit_request(
        investor_member,
        company,
        category=Category.LAND,
        title="x",
        description="y",
        received_on=BEFORE_TET,
        today=BEFORE_TET,
    )
    services.route(secretariat, request, [other_agency], today=BEFORE_TET)
    own, other = request.current_assignments().order_by("agency__code")
    services.answer(officer, own, "a", today=date(2025, 2, 3))
    services.answer(other_officer, other, "b", today=date(2025, 2, 10))
    request.refresh_from_db()
    services.rate(investor_member, request, 3, today=date(2025, 2, 11))
    summary = agency_summary(2025, date(2025, 2, 11))
    assert [summary[a.pk].average_rating for a in (own.agency, other_agency)] == [
        Decimal("3.00"),
        Decimal("3.00"),
    ]
    assert summary[other_agency.pk].late == 1  # due Thu 6 Feb, answered Mon 10 Feb


@override("vi")
def test_the_cells_for_the_action_programme_scorecard_render_each_figure():
    from django.template import Context, Template

    summary = {1: scorecard(ROWS, TODAY, by="year")[0]}
    html = Template("{% load aftercare_tags %}{% aftercare_cells summary 1 %}").render(
        Context({"summary": summary})
    )
    assert ">50,0%<" in html  # one decimal, as on the task scorecard
    assert ">3,67<" in html
    empty = Template("{% load aftercare_tags %}{% aftercare_cells summary 9 %}").render(
        Context({"summary": summary})
    )
    assert empty.count("—") == 2


def test_agencies_answering_on_time_come_first_not_in_name_order():
    rows = [*ROWS, Row(3, "UBND", date(2025, 4, 1), date(2025, 3, 30))]  # 1 of 1 on time

    totals = ranked(scorecard(rows, TODAY, by="year"))

    # UBND 100 %, SCT 2 of 4 decided (50 %), SXD 0 of 1: not the names' order
    assert [t.agency for t in totals] == ["UBND", "SCT", "SXD"]


@pytest.mark.django_db
def test_a_synthetic_request_never_counts_in_a_real_agency_s_score(other_request, officer, agency):
    # other_request is a synthetic demo request assigned like any other.
    assignment = other_request.assignments.get()
    assert agency_summary(2025, date(2025, 2, 6)).get(assignment.agency_id) is None
    [demo] = scorecard(rows_for(2025, synthetic=True), date(2025, 2, 6), by="year")
    assert (demo.agency_id, demo.assigned) == (assignment.agency_id, 1)


@pytest.mark.django_db
def test_the_cached_scores_follow_the_services_that_answer_and_rate(
    land_request, officer, investor_member, agency
):
    provinces = [land_request.province_id]
    before = agency_summary(2025, date(2025, 2, 6), provinces=provinces)[agency.pk]
    assert (before.assigned, before.on_time, before.rated) == (1, 0, 0)
    services.answer(officer, land_request.assignments.get(), "Xong.", today=date(2025, 2, 5))
    land_request.refresh_from_db()
    services.rate(investor_member, land_request, 4, today=date(2025, 2, 6))
    after = agency_summary(2025, date(2025, 2, 6), provinces=provinces)[agency.pk]
    assert (after.on_time, after.rated, after.average_rating) == (1, 1, Decimal("4.00"))


def test_the_best_synthetic_answer_scores_kept_rank_as_all_of_them():
    """The answer scorecard caches only the synthetic scores that can be listed whatever the
    agencies' names (``best_of`` by this scorecard's ``unnamed_rank_key``): the same 25 in
    the same order, the same "more", as ranking every one of them."""
    import copy
    import random

    from xuctien.actions.scorecard import SYNTHETIC_SHOWN, best_of, named, synthetic_shown
    from xuctien.aftercare.scorecard import Score, unnamed_rank_key

    generator = random.Random(7)
    for size in (0, 3, SYNTHETIC_SHOWN, SYNTHETIC_SHOWN + 1, 80, 500):
        totals = []
        for n in range(size):
            score = Score(n + 1, "", "2025", assigned=generator.randint(0, 4))
            score.on_time = generator.randint(0, score.assigned)
            score.overdue = generator.randint(0, score.assigned - score.on_time)
            score.late = generator.randint(0, score.assigned - score.on_time - score.overdue)
            totals.append(score)
        # Few names, many ties: the name decides between agencies otherwise equal.
        names = {score.agency_id: generator.choice("ABCD") for score in totals}
        every = synthetic_shown(named(copy.deepcopy(totals), names), ranked)
        best = best_of(copy.deepcopy(totals), SYNTHETIC_SHOWN, unnamed_rank_key)
        kept = synthetic_shown(named(best, names), ranked, len(totals))
        assert kept["synthetic_more"] == every["synthetic_more"]
        assert [s.agency_id for s in kept["synthetic_totals"]] == [
            s.agency_id for s in every["synthetic_totals"]
        ]
        if size == 500:
            assert len(best) < size  # ties at the 25th kept, the rest dropped


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_lists_the_synthetic_agencies_that_ranking_all_of_them_lists(
    client, monkeypatch, language
):
    """The page's synthetic section, from the cached best few, is the old one: every
    synthetic score of the year named and ranked, the first ``SYNTHETIC_SHOWN`` listed."""

    from django.core.cache import cache
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
    from tests.investments.factories import InvestorFactory
    from xuctien.actions import scorecard as actions_scorecard
    from xuctien.actions.scorecard import synthetic_shown
    from xuctien.aftercare import scorecard as module
    from xuctien.core.roles import Role

    monkeypatch.setattr(actions_scorecard, "SYNTHETIC_SHOWN", 3)
    monkeypatch.setattr(module, "SYNTHETIC_SHOWN", 3)
    province = ProvinceFactory()
    company = InvestorFactory(name="Công ty Demo")
    # Agencies named out of their order, several with the same figures (ties by name).
    for n, name in enumerate(["Sở E", "Sở B", "Sở G", "Sở A", "Sở F", "Sở C", "Sở H", "Sở D"]):
        agency = AgencyFactory(province=province, code=f"S{n}", name_vi=name, name_en=name)
        for k in range(n % 3 + 1):
            score = n % 5 + 1 if k == 1 else None
            request_in_cycle(
                company, province, agency, k, n + k, score, title=f"Demo {n} {k}", is_synthetic=True
            )
    cache.clear()
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    client.cookies["django_language"] = language
    response = client.get(reverse("aftercare:scorecard"), {"year": 2025})
    today = timezone.localdate()
    found = [group for one in module.groups(year=2025).values() for group in one]
    every = module.scores_for(found, 2025, today, "year", language == "en", synthetic=True)
    expected = synthetic_shown(every, ranked)
    shown = response.context["synthetic_totals"]
    assert [(s.agency_id, s.agency, s.assigned, s.on_time) for s in shown] == [
        (s.agency_id, s.agency, s.assigned, s.on_time) for s in expected["synthetic_totals"]
    ]
    assert response.context["synthetic_more"] == expected["synthetic_more"] == 5
    assert b'data-synthetic-more="5"' in response.content
