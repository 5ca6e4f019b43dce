"""Early warning: each reason, hand-computed, and the list page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from xuctien.aftercare.policy import Policy
from xuctien.aftercare.warnings import STAGE_LIMIT_DAYS, CommitmentFact, Facts, assess, at_risk

TODAY = date(2026, 6, 30)
POLICY = Policy()


def _codes(facts):
    return [r.code for r in assess(facts, TODAY, POLICY, STAGE_LIMIT_DAYS)]


def test_a_project_within_its_stage_limit_is_not_flagged():
    # Dossier for 120 days (1 Mar – 29 Jun … 30 Jun): exactly the limit.
    assert _codes(Facts(1, "dossier", date(2026, 3, 2))) == []


def test_a_project_past_its_stage_limit_is_flagged_with_the_days():
    [reason] = assess(Facts(1, "dossier", date(2026, 3, 1)), TODAY, POLICY, STAGE_LIMIT_DAYS)
    assert reason.code == "stage"
    assert "121" in reason.text
    assert "120" in reason.text


def test_an_operating_project_is_never_flagged_for_its_stage():
    assert _codes(Facts(1, "operating", date(2000, 1, 1))) == []


def _capital(due, amount, met=None):
    return CommitmentFact("capital", "Capital", due, met, Decimal(amount))


@override("vi")
def test_disbursement_behind_the_committed_capital_is_flagged():
    facts = Facts(
        1,
        "under_construction",
        None,
        [
            _capital(date(2026, 1, 1), "100000000000"),
            _capital(date(2026, 6, 1), "50000000000"),
            _capital(date(2027, 1, 1), "500000000000"),  # not due yet: not counted
        ],
        disbursements=[(date(2025, 12, 1), Decimal("120000000000"))],
    )
    [reason] = assess(facts, TODAY, POLICY, STAGE_LIMIT_DAYS)
    assert reason.code == "disbursement"
    # 120 bn disbursed of 150 bn committed by 1 June 2026.
    assert "120.000.000.000" in reason.text
    assert "150.000.000.000" in reason.text


def test_disbursement_that_keeps_up_is_not_flagged():
    facts = Facts(
        1,
        "under_construction",
        None,
        [_capital(date(2026, 1, 1), "100")],
        disbursements=[(date(2026, 1, 1), Decimal("100"))],
    )
    assert _codes(facts) == []


def test_a_late_milestone_is_flagged_and_a_met_one_is_not():
    facts = Facts(
        1,
        "irc_issued",
        None,
        [
            CommitmentFact("construction", "Construction", date(2026, 5, 1), None),
            CommitmentFact("land", "Land", date(2026, 1, 1), date(2026, 1, 5)),
        ],
    )
    assert _codes(facts) == ["milestone"]


def test_overdue_and_repeated_requests_are_flagged():
    dates = [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    assert _codes(Facts(1, "operating", None, request_dates=dates, overdue_requests=1)) == [
        "overdue_requests",
        "repeated_requests",
    ]
    two = Facts(1, "operating", None, request_dates=dates[1:])
    assert _codes(two) == []


@pytest.mark.django_db
def test_the_list_says_why_for_each_project(client, secretariat, project, land_request):
    from xuctien.investments.models import Commitment

    project.stage, project.stage_since = "irc_issued", date(2020, 1, 1)
    project.save()
    Commitment.objects.create(project=project, kind="land", due_date=date(2021, 1, 1))
    rows = at_risk(date(2026, 6, 30))
    assert [(p, [r.code for r in reasons]) for p, reasons in rows] == [
        (project, ["stage", "milestone"])
    ]
    client.force_login(secretariat)
    response = client.get(reverse("aftercare:warnings"))
    assert response.status_code == 200
    assert b'data-reason="milestone"' in response.content


@pytest.mark.django_db
def test_overdue_requests_of_a_project_are_counted(project, investor_member, company, land_rule):
    from xuctien.aftercare import services

    services.submit_request(
        investor_member,
        company,
        project=project,
        category="land",
        title="x",
        description="y",
        received_on=date(2026, 6, 1),
        today=date(2026, 6, 1),
    )
    [(flagged, reasons)] = at_risk(date(2026, 6, 30))
    assert flagged == project
    assert [r.code for r in reasons] == ["overdue_requests"]


def _jobs(due, jobs, met=None):
    return CommitmentFact("jobs", "Jobs", due, met, None, "", jobs)


def test_reported_workers_far_behind_the_jobs_committed_are_flagged():
    # 200 jobs due by 31/3/2026; the policy alerts below 50 %, i.e. below 100 workers.
    commitment = [_jobs(date(2026, 3, 31), 200)]
    behind = Facts(1, "operating", None, commitments=commitment,
                   jobs_reports=[(date(2026, 3, 31), 99)])  # fmt: skip
    [reason] = assess(behind, TODAY, POLICY, STAGE_LIMIT_DAYS)
    assert reason.code == "jobs"
    assert "99" in reason.text
    assert "200" in reason.text
    enough = Facts(1, "operating", None, commitments=commitment,
                   jobs_reports=[(date(2026, 3, 31), 100)])  # fmt: skip
    assert _codes(enough) == []


def test_a_jobs_commitment_with_no_report_is_flagged_and_a_met_one_is_not():
    assert _codes(Facts(1, "irc_issued", None, commitments=[_jobs(date(2026, 1, 1), 50)])) == [
        "jobs"
    ]
    met = [_jobs(date(2026, 1, 1), 50, met=date(2026, 1, 1))]
    assert _codes(Facts(1, "irc_issued", None, commitments=met)) == []


def test_an_operating_project_is_held_to_its_planned_jobs_and_the_threshold_is_a_setting():
    facts = Facts(1, "operating", None, jobs_planned=1000, jobs_reports=[(date(2026, 3, 31), 600)])
    assert _codes(facts) == []
    strict = Policy(jobs_behind_percent=70)
    assert [r.code for r in assess(facts, TODAY, strict, STAGE_LIMIT_DAYS)] == ["jobs"]


def test_a_report_after_today_does_not_count():
    facts = Facts(1, "operating", None, jobs_planned=100, jobs_reports=[(date(2026, 9, 30), 100)])
    assert _codes(facts) == ["jobs"]


@pytest.mark.django_db
def test_the_jobs_reports_reach_the_warning(project):
    from xuctien.investments.models import Commitment
    from xuctien.labour.models import JobsReport

    project.stage = "operating"
    project.save()
    Commitment.objects.create(project=project, kind="jobs", due_date=date(2025, 12, 31), jobs=400)
    JobsReport.objects.create(project=project, year=2025, quarter=4, workers=150)
    rows = at_risk(TODAY)
    assert [(p, [r.code for r in reasons]) for p, reasons in rows] == [(project, ["jobs"])]
    JobsReport.objects.create(project=project, year=2026, quarter=1, workers=250)
    assert at_risk(TODAY) == []
