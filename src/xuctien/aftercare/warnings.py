"""Early warning: which projects are at risk, and why.

A project is flagged when it stays in a stage longer than expected, when its
disbursement lags the capital its IRC committed by now, when a milestone of its IRC is
past due and unmet, when the workers it reports lag far behind the jobs its IRC
committed (or, once operating, planned), or when it has overdue or repeated requests.
``assess`` is pure (facts in, reasons out) and states the rules; ``load_facts`` reads the
facts it needs. The pages ask the database instead: ``aftercare.flags`` writes each rule
as one query, so a province's warnings are counted and paginated without loading the
facts of every project (``at_risk`` gathers them per project).

The stage limits are the secretariat's working assumptions, not published norms; they
can be overridden with the ``AFTERCARE_STAGE_LIMIT_DAYS`` setting.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from xuctien.aftercare import policy as policies
from xuctien.core.templatetags.xuctien import format_number
from xuctien.investments.stages import Stage

#: Calendar days a project may stay in a stage before it is flagged.
STAGE_LIMIT_DAYS: dict[str, int] = {
    Stage.LEAD: 365,
    Stage.PROSPECT: 270,
    Stage.SITE_VISIT: 180,
    Stage.DOSSIER: 120,
    Stage.POLICY_APPROVED: 180,
    Stage.IRC_ISSUED: 365,
    Stage.LAND_HANDED_OVER: 365,
    Stage.UNDER_CONSTRUCTION: 730,
    Stage.ON_HOLD: 180,
}
#: Stages that are not watched: the plant runs, or the project left.
UNWATCHED = (Stage.WITHDRAWN, Stage.TERMINATED)


@dataclass(frozen=True)
class CommitmentFact:
    kind: str
    kind_label: str
    due_date: date
    met_on: date | None = None
    amount_vnd: Decimal | None = None
    description: str = ""
    jobs: int | None = None


@dataclass
class Facts:
    """What the warning needs to know of one project."""

    project_id: int
    stage: str
    stage_since: date | None = None
    commitments: list[CommitmentFact] = field(default_factory=list)
    disbursements: list[tuple[date, Decimal]] = field(default_factory=list)
    request_dates: list[date] = field(default_factory=list)
    overdue_requests: int = 0
    jobs_planned: int | None = None
    #: (end of the reported period, workers), from the enterprise's jobs reports
    jobs_reports: list[tuple[date, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


def stage_limits() -> dict[str, int]:
    return {**STAGE_LIMIT_DAYS, **getattr(settings, "AFTERCARE_STAGE_LIMIT_DAYS", {})}


def assess(facts: Facts, today: date, policy: policies.Policy, limits: dict[str, int]) -> list:
    """The reasons ``facts`` put the project at risk on ``today`` (empty: not at risk)."""
    reasons = [
        stage_reason(facts, today, limits),
        _disbursement(facts, today),
        *_milestones(facts, today),
        _jobs(facts, today, policy),
        _overdue(facts),
        _repeated(facts, today, policy),
    ]
    return [reason for reason in reasons if reason is not None]


def stage_reason(facts: Facts, today: date, limits: dict[str, int]) -> Reason | None:
    limit = limits.get(facts.stage)
    if limit is None or facts.stage_since is None:
        return None
    days = (today - facts.stage_since).days
    if days <= limit:
        return None
    text = _("In the stage “%(stage)s” for %(days)d days (expected at most %(limit)d).") % {
        "stage": Stage(facts.stage).label,
        "days": days,
        "limit": limit,
    }
    return Reason("stage", text)


def _disbursement(facts: Facts, today: date) -> Reason | None:
    due = [c for c in facts.commitments if c.kind == "capital" and c.due_date <= today]
    if not due or all(c.met_on is not None for c in due):
        return None
    committed = sum((c.amount_vnd or Decimal(0) for c in due), Decimal(0))
    disbursed = sum((amount for day, amount in facts.disbursements if day <= today), Decimal(0))
    if disbursed >= committed:
        return None
    return disbursement_reason(disbursed, committed, max(c.due_date for c in due))


def disbursement_reason(disbursed: Decimal, committed: Decimal, last_due: date) -> Reason:
    text = _("Disbursed %(disbursed)s VND of the %(committed)s VND committed by %(day)s.") % {
        "disbursed": format_number(disbursed, 0),
        "committed": format_number(committed, 0),
        "day": f"{last_due:%d/%m/%Y}",
    }
    return Reason("disbursement", text)


def _milestones(facts: Facts, today: date) -> list[Reason]:
    late = [
        c
        for c in facts.commitments
        if c.kind not in ("capital", "jobs") and c.met_on is None and c.due_date < today
    ]
    return [milestone_reason(c) for c in late]


def milestone_reason(c: CommitmentFact) -> Reason:
    text = _("IRC milestone not met: %(kind)s, due %(day)s%(what)s.") % {
        "kind": c.kind_label,
        "day": f"{c.due_date:%d/%m/%Y}",
        "what": f" ({c.description})" if c.description else "",
    }
    return Reason("milestone", text)


def _jobs(facts: Facts, today: date, policy: policies.Policy) -> Reason | None:
    """Reported workers below the policy's share of the jobs due (committed, else planned)."""
    due = [c for c in facts.commitments if c.kind == "jobs" and c.due_date <= today]
    if due:
        if all(c.met_on is not None for c in due):
            return None
        expected = max(c.jobs or 0 for c in due)
    elif facts.stage == Stage.OPERATING and facts.jobs_planned:
        expected = facts.jobs_planned
    else:
        return None
    reports = sorted(r for r in facts.jobs_reports if r[0] <= today)
    reported = reports[-1][1] if reports else 0
    if not expected or reported * 100 >= expected * policy.jobs_behind_percent:
        return None
    return jobs_reason(reported, expected, policy)


def jobs_reason(reported: int, expected: int, policy: policies.Policy) -> Reason:
    text = _(
        "Reports %(reported)s workers of the %(expected)s jobs due (alert below %(percent)d %%)."
    ) % {
        "reported": format_number(reported, 0),
        "expected": format_number(expected, 0),
        "percent": policy.jobs_behind_percent,
    }
    return Reason("jobs", text)


def _overdue(facts: Facts) -> Reason | None:
    return overdue_reason(facts.overdue_requests) if facts.overdue_requests else None


def overdue_reason(count: int) -> Reason:
    text = _("%(n)d request(s) past their answer deadline.") % {"n": count}
    return Reason("overdue_requests", text)


def _repeated(facts: Facts, today: date, policy: policies.Policy) -> Reason | None:
    first = today - timedelta(days=policy.pattern_window_days)
    recent = [day for day in facts.request_dates if first <= day <= today]
    if len(recent) < policy.pattern_min_requests:
        return None
    return repeated_reason(len(recent), policy)


def repeated_reason(count: int, policy: policies.Policy) -> Reason:
    text = _("%(n)d requests in the last %(days)d days.") % {
        "n": count,
        "days": policy.pattern_window_days,
    }
    return Reason("repeated_requests", text)


# --- Reading the facts ------------------------------------------------------------------


def load_facts(today: date) -> dict[int, Facts]:
    """The facts of every watched project, in four queries."""
    from xuctien.investments.models import CapitalEvent, Commitment, Project

    projects = Project.objects.exclude(stage__in=UNWATCHED).filter(is_aggregate=False)
    facts = {
        pk: Facts(pk, stage, since, jobs_planned=planned)
        for pk, stage, since, planned in projects.values_list(
            "pk", "stage", "stage_since", "jobs_planned"
        )
    }
    watched = projects.values("pk")
    labels = dict(Commitment.Kind.choices)
    for row in Commitment.objects.filter(project__in=watched).values_list(
        "project_id", "kind", "due_date", "met_on", "amount_vnd", "description", "jobs"
    ):
        pk, kind, due, met, amount, text, jobs = row
        facts[pk].commitments.append(
            CommitmentFact(kind, str(labels.get(kind, kind)), due, met, amount, text, jobs)
        )
    for pk, day, amount in CapitalEvent.objects.filter(
        project__in=watched, kind=CapitalEvent.Kind.DISBURSEMENT, date__isnull=False
    ).values_list("project_id", "date", "amount_vnd"):
        facts[pk].disbursements.append((day, amount or Decimal(0)))
    _add_requests(facts, watched, today)
    _add_jobs_reports(facts, watched)
    return facts


def _add_jobs_reports(facts: dict[int, Facts], watched: Any) -> None:
    from xuctien.labour.jobs import period_end
    from xuctien.labour.models import JobsReport

    for pk, year, quarter, workers in JobsReport.objects.filter(
        project__in=watched, is_synthetic=False
    ).values_list("project_id", "year", "quarter", "workers"):
        facts[pk].jobs_reports.append((period_end(year, quarter), workers))


def _add_requests(facts: dict[int, Facts], watched: Any, today: date) -> None:
    from xuctien.aftercare.models import Assignment, Request

    for pk, received in Request.objects.filter(project__in=watched).values_list(
        "project_id", "received_on"
    ):
        facts[pk].request_dates.append(received)
    overdue: dict[int, set[int]] = defaultdict(set)
    for pk, request_id in Assignment.objects.filter(
        request__project__in=watched, withdrawn=False, answered_on__isnull=True, deadline__lt=today
    ).values_list("request__project_id", "request_id"):
        overdue[pk].add(request_id)
    for pk, ids in overdue.items():
        facts[pk].overdue_requests = len(ids)


def at_risk(
    today: date, policy: policies.Policy | None = None, projects: Any = None
) -> list[tuple[Any, list]]:
    """(project, reasons) for every project at risk among ``projects`` (default: all), the
    most reasons first: one query per kind of warning (``aftercare.flags``)."""
    from xuctien.aftercare import flags

    policy = policy or policies.current()
    found: dict[int, tuple[Any, list]] = {}
    for kind in flags.KINDS:
        for row in flags.flags(kind, today, projects, policy):
            flag = flags.as_flag(kind, row, today, policy)
            found.setdefault(flag.project.pk, (flag.project, []))[1].append(flag.reason)
    return sorted(found.values(), key=lambda row: (-len(row[1]), row[0].name))
