"""The synthetic demo requests: marked, current, every outcome, a pattern, loaded once."""

from datetime import date

import pytest
from django.utils import timezone

from xuctien.aftercare import scorecard
from xuctien.aftercare.demo import COMPANY, REQUESTS, load_demo_requests
from xuctien.aftercare.models import (
    Assignment,
    Category,
    Escalation,
    Request,
    RequestEvent,
    RoutingRule,
    Status,
)
from xuctien.aftercare.patterns import find_patterns
from xuctien.core.demo import ensure_demo_accounts
from xuctien.core.loaders import load_core
from xuctien.core.models import Agency, ChangeRecord
from xuctien.investments.models import Investor
from xuctien.portal.models import Membership
from xuctien.programmes.quangninh import build_core

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


@pytest.fixture
def demo_world(db):
    """Quảng Ninh's agencies and the demo accounts, as ``xuctien demo`` has them."""
    load_core(build_core())
    ensure_demo_accounts()


def _scores(today: date) -> list[scorecard.Score]:
    """The demo's scores: synthetic requests only, shown apart from real agencies' scores."""
    assert not scorecard.rows_for(today.year) + scorecard.rows_for(today.year - 1)
    rows = [
        *scorecard.rows_for(today.year, synthetic=True),
        *scorecard.rows_for(today.year - 1, synthetic=True),
    ]
    return scorecard.scorecard(rows, today, by="year")


def test_the_demo_requests_are_synthetic_and_belong_to_the_demo_investor(demo_world):
    summary = load_demo_requests(TODAY)

    assert summary.startswith(f"demo requests: {len(REQUESTS)} created")
    requests = Request.objects.all()
    assert 8 <= len(requests) <= 10
    assert all(r.is_synthetic and r.title.endswith("(minh hoạ)") for r in requests)
    company = Investor.objects.get(name=COMPANY)
    assert company.is_synthetic
    assert {r.enterprise_id for r in requests} == {company.pk}
    membership = Membership.objects.get(investor=company)
    assert membership.user.username == "nhadautu"
    assert membership.role == Membership.Role.OWNER
    assert membership.accepted_at is not None
    received = [r.received_on for r in requests]
    assert min(received) >= date(2026, 1, 20)
    assert max(received) <= TODAY
    assert len({r.category for r in requests}) >= 6
    assert Assignment.objects.values("agency").distinct().count() >= 5


def test_every_category_gets_a_default_rule_for_the_secretariat_to_confirm(demo_world):
    load_demo_requests(TODAY)

    rules = {r.category: r for r in RoutingRule.objects.select_related("agency")}
    assert set(rules) == set(Category.values)
    assert all("thư ký chương trình cần xác nhận" in r.note for r in rules.values())
    assert rules[Category.PROCEDURES].agency.code == "QEZA"
    assert rules[Category.INFRASTRUCTURE].agency.code == "SCT"
    assert rules[Category.ENVIRONMENT].agency.code == "SNNMT"
    assert rules[Category.OTHER].agency.code == "IPA"


def test_an_existing_rule_is_kept(demo_world):
    ipa = Agency.objects.get(code="IPA")
    RoutingRule.objects.create(category=Category.LAND, agency=ipa, working_days=20)

    load_demo_requests(TODAY)

    rule = RoutingRule.objects.get(category=Category.LAND)
    assert (rule.agency, rule.working_days, rule.note) == (ipa, 20, "")
    assert Request.objects.get(category=Category.LAND).assignments.get().agency == ipa


def test_the_requests_show_every_step_by_the_right_people(demo_world):
    load_demo_requests(TODAY)

    requests = Request.objects.all()
    statuses = {r.status for r in requests}
    assert {Status.ANSWERED, Status.CLOSED, Status.REOPENED, Status.IN_PROGRESS} <= statuses
    closed = requests.get(status=Status.CLOSED)
    assert closed.ratings.get().score >= 4
    assert closed.events.get(kind=RequestEvent.Kind.CLOSED).by.username == "thuky"
    reopened = requests.get(status=Status.REOPENED)
    assert reopened.round == 2
    assert reopened.open_assignments().get().deadline >= TODAY
    escalated = requests.exclude(escalation=Escalation.NONE).get()
    assert escalated.is_waiting
    assert escalated.escalated_on == TODAY
    assert escalated.open_assignments().get().deadline < TODAY
    events = RequestEvent.objects.all()
    assert {e.by.username for e in events.filter(kind=RequestEvent.Kind.RATED)} == {"nhadautu"}
    answerers = {e.by.username for e in events.filter(kind=RequestEvent.Kind.ANSWERED)}
    assert {"socongthuong", "banqlkkt"} <= answerers
    # Answers are stamped on the day they are dated, not the day the demo was loaded.
    for assignment in Assignment.objects.filter(answered_on__isnull=False):
        assert timezone.localtime(assignment.answered_at).date() == assignment.answered_on
    assert all(e.on <= TODAY for e in events)


def test_the_scorecard_has_answers_on_time_and_late_and_a_pattern_appears(demo_world):
    load_demo_requests(TODAY)

    scores = _scores(TODAY)
    assert sum(s.on_time for s in scores) >= 3
    assert sum(s.late for s in scores) >= 2
    assert sum(s.overdue for s in scores) == 1
    assert any(s.average_rating is not None for s in scores)
    patterns = find_patterns(TODAY)
    assert [(p.category, p.agency.code, p.count) for p in patterns] == [
        (Category.PROCEDURES, "QEZA", 3)
    ]


def test_a_second_run_changes_nothing(demo_world):
    load_demo_requests(TODAY)
    changes = ChangeRecord.objects.count()
    versions = list(Request.objects.order_by("pk").values_list("pk", "version"))

    summary = load_demo_requests(TODAY)

    assert summary.startswith(f"demo requests: 0 created, {len(REQUESTS)} already there")
    assert ChangeRecord.objects.count() == changes
    assert list(Request.objects.order_by("pk").values_list("pk", "version")) == versions
    assert Investor.objects.filter(name=COMPANY).count() == 1
    assert Membership.objects.count() == 1


def test_the_dates_follow_today(demo_world):
    today = timezone.localdate()

    load_demo_requests()

    assert Request.objects.count() == len(REQUESTS)
    assert max(Request.objects.values_list("received_on", flat=True)) <= today
    assert find_patterns(today)


def test_the_demo_requests_wait_for_the_demo_accounts(db):
    load_core(build_core())

    assert "skipped" in load_demo_requests(TODAY)
    assert not Request.objects.exists()
