"""The early warning in the database: each kind of warning is one query.

``warnings.assess`` states the rules on one project's facts in Python; here each rule is
written as a filter over projects (a milestone: over commitments), so that a page counts,
slices and paginates the warnings of a province in the database instead of loading the
facts of every project of the nation. ``tests/aftercare/test_flags.py`` holds the two to
the same answers.

The page's summary (each kind's count and its worst few) is kept per province in the cache
(``core.aggregates``, key ``CACHE_KEY``, the day and the policy in the variant): the
provinces not cached are counted together, one grouped query per kind (``summaries``), and
a national reader's summary merges the provinces' (``cached_top``). Every write to what the
rules read bumps the province (``connect``).
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from xuctien.aftercare import policy as policies
from xuctien.aftercare import warnings
from xuctien.aftercare.warnings import CommitmentFact, Facts, Reason
from xuctien.investments.stages import Stage

#: The kinds of warning, in the order ``warnings.assess`` gives a project's reasons.
KINDS = ("stage", "disbursement", "milestone", "jobs", "overdue_requests", "repeated_requests")
LABELS = {
    "stage": _("Too long in a stage"),
    "disbursement": _("Disbursement behind the capital committed"),
    "milestone": _("IRC milestones not met"),
    "jobs": _("Workers behind the jobs due"),
    "overdue_requests": _("Requests past their answer deadline"),
    "repeated_requests": _("Repeated requests"),
}


@dataclass(frozen=True)
class Flag:
    """One line of the early warning: a project and one reason it is at risk."""

    project: Any
    reason: Reason


def watched(projects: QuerySet | None = None) -> QuerySet:
    """The projects the warning watches, among ``projects`` (default: every project)."""
    from xuctien.investments.models import Project

    base = Project.objects.all() if projects is None else projects
    return base.exclude(stage__in=warnings.UNWATCHED).filter(is_aggregate=False)


def flags(
    kind: str, today: date, projects: QuerySet | None = None, policy: policies.Policy | None = None
) -> QuerySet:
    """The ``kind`` warnings among ``projects``, the worst first, as a lazy queryset.

    Its rows become ``Flag``s with ``as_flag``; count, slice or paginate it first.
    """
    return _QUERIES[kind](watched(projects), today, policy or policies.current())


def as_flag(kind: str, row: Any, today: date, policy: policies.Policy | None = None) -> Flag:
    """The ``Flag`` of one row of ``flags(kind, …)``."""
    if kind == "milestone":
        return Flag(row.project, _milestone_reason(row))
    return Flag(row, _REASONS[kind](row, today, policy or policies.current()))


@dataclass
class Section:
    """One kind of warning on the page: how many, and the worst of them (or one page)."""

    kind: str
    label: str
    count: int
    flags: list[Flag]
    page: Page | None = None


def top(today: date, projects: QuerySet | None, size: int) -> list[Section]:
    """Each kind's count and its ``size`` worst warnings: two queries per kind."""
    policy = policies.current()
    sections = []
    for kind in KINDS:
        rows = flags(kind, today, projects, policy)
        found = [as_flag(kind, row, today, policy) for row in rows[:size]]
        sections.append(Section(kind, str(LABELS[kind]), rows.count(), found))
    return sections


def one_kind(kind: str, today: date, projects: QuerySet | None, number: Any, size: int) -> Section:
    """One page of one kind's warnings, for "see all"."""
    policy = policies.current()
    page = Paginator(flags(kind, today, projects, policy), size).get_page(number)
    found = [as_flag(kind, row, today, policy) for row in page.object_list]
    return Section(kind, str(LABELS[kind]), page.paginator.count, found, page)


# --- Cached per province -----------------------------------------------------------------

#: The ``core.aggregates`` key of each province's summary of warnings.
CACHE_KEY = "aftercare-warnings"

#: Besides its id, name and province, what each kind's cached row keeps: what its reason
#: and its place in the order need.
_KEPT = {
    "stage": ("stage", "stage_since"),
    "disbursement": ("disbursed", "committed", "last_due"),
    "milestone": ("due_date",),
    "jobs": ("reported", "expected"),
    "overdue_requests": ("overdue",),
    "repeated_requests": ("recent",),
}


def _sort_key(kind: str, row: dict, today: date) -> tuple:
    """The row's place in ``flags(kind, …)``'s order, in Python (to merge provinces)."""
    if kind == "stage":
        limit = warnings.stage_limits()[row["stage"]]
        first: Any = row["stage_since"] - (today - timedelta(days=limit))
    elif kind == "disbursement":
        first = row["disbursed"] - row["committed"]
    elif kind == "milestone":
        first = row["due_date"]
    elif kind == "jobs":
        first = row["reported"] - row["expected"]
    else:
        first = -row[_KEPT[kind][0]]
    return (first, row["name"], row["pk"])


def _as_order(term: Any) -> Any:
    if isinstance(term, str):
        return F(term[1:]).desc() if term.startswith("-") else F(term).asc()
    return term.asc()


def summaries(provinces: list[int], today: date, size: int, policy: policies.Policy) -> dict:
    """Province id -> kind -> (count, the ``size`` worst rows as plain data), for the
    provinces given: one query per kind, whatever their number (a window per province)."""
    from xuctien.investments.models import Project

    found: dict[int, dict[str, tuple[int, list]]] = {
        pid: {kind: (0, []) for kind in KINDS} for pid in provinces
    }
    projects = Project.objects.filter(province__in=provinces)
    for kind in KINDS:
        rows = flags(kind, today, projects, policy)
        place, name = ("project__province_id", "project__name")
        if kind != "milestone":
            place, name = "province_id", "name"
        order = [_as_order(term) for term in rows.query.order_by]
        rows = rows.annotate(
            w_rank=Window(RowNumber(), partition_by=F(place), order_by=order),
            w_total=Window(Count("pk"), partition_by=F(place)),
        ).filter(w_rank__lte=size)
        by_province: dict[int, list] = {}
        total: dict[int, int] = {}
        for values in rows.values("pk", place, name, "w_total", *_KEPT[kind]):
            pid = values.pop(place)
            values["name"] = values.pop(name)
            total[pid] = values.pop("w_total")
            by_province.setdefault(pid, []).append((_sort_key(kind, values, today), values))
        for pid, kept in by_province.items():
            found[pid][kind] = (total[pid], sorted(kept, key=lambda pair: pair[0]))
    return found


def _variant(today: date, size: int, policy: policies.Policy) -> str:
    rules = repr((policy, sorted(warnings.stage_limits().items())))
    return f"{today:%Y%m%d}:{size}:{hashlib.sha256(rules.encode()).hexdigest()[:12]}"


def cached_top(today: date, provinces: list[int], size: int) -> list[Section]:
    """``top`` for the projects of ``provinces``, from each province's cached summary: the
    counts added up, the worst ``size`` of each kind among the provinces' worst. The merge
    is cached too (``aggregates.cached_combined``, while no province's generation changes):
    a national reader's page reads one small value, not 34 summaries to unpickle and sort.
    The records shown are read with the columns the rows show (``SHOWN``), not whole."""
    from xuctien.core import aggregates
    from xuctien.investments.models import Commitment, Project

    policy = policies.current()
    variant = _variant(today, size, policy)
    shown = aggregates.cached_combined(
        CACHE_KEY,
        provinces,
        lambda: _merged(today, provinces, size, policy, variant),
        variant=variant,
    )
    wanted = {row["pk"] for kind in KINDS if kind != "milestone" for row in shown[kind][1]}
    projects = Project.objects.only(*SHOWN).in_bulk(wanted)
    commitments = (
        Commitment.objects.select_related("project")
        .only("kind", "due_date", "description", *(f"project__{name}" for name in SHOWN))
        .in_bulk([row["pk"] for row in shown["milestone"][1]])
    )
    sections = []
    for kind, (count, rows) in shown.items():
        flags_shown = []
        for values in rows:
            record = (commitments if kind == "milestone" else projects).get(values["pk"])
            if record is None:  # deleted since it was counted: the cache is bumped anyway
                continue
            for field in _KEPT[kind]:
                setattr(record, field, values[field])
            flags_shown.append(as_flag(kind, record, today, policy))
        sections.append(Section(kind, str(LABELS[kind]), count, flags_shown))
    return sections


#: The columns of a project that a row of the page shows (``rows.warning_rows``).
SHOWN = ("name", "stage", "is_synthetic")


def _merged(
    today: date, provinces: list[int], size: int, policy: policies.Policy, variant: str
) -> dict[str, tuple[int, list[dict]]]:
    """Kind -> (count, the ``size`` worst rows) over ``provinces``, from their summaries."""
    from xuctien.core import aggregates

    found = aggregates.cached_together(
        CACHE_KEY,
        provinces,
        lambda stale: summaries(stale, today, size, policy),
        variant=variant,
    )
    shown: dict[str, tuple[int, list[dict]]] = {}
    for kind in KINDS:
        count = sum(one[kind][0] for one in found.values())
        rows = sorted((row for one in found.values() for row in one[kind][1]), key=_first)
        shown[kind] = (count, [values for _key, values in rows[:size]])
    return shown


def _first(pair: tuple) -> tuple:
    return pair[0]


# --- Stage ------------------------------------------------------------------------------


def _stage_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    limits = warnings.stage_limits()
    late = Q(pk__in=[])
    for stage, days in limits.items():
        late |= Q(stage=stage, stage_since__lt=today - timedelta(days=days))
    # The furthest past its limit first: the day it entered the stage, less the limit's start.
    cutoff = Case(
        *(When(stage=s, then=Value(today - timedelta(days=d))) for s, d in limits.items()),
        output_field=DateField(),
    )
    beyond = ExpressionWrapper(F("stage_since") - F("cutoff"), DurationField())
    return projects.filter(late).alias(cutoff=cutoff).order_by(beyond, "name", "pk")


def _stage_reason(project: Any, today: date, policy: policies.Policy) -> Reason:
    facts = Facts(project.pk, project.stage, project.stage_since)
    return warnings.stage_reason(facts, today, warnings.stage_limits())


# --- Disbursement -----------------------------------------------------------------------


def _total(queryset: QuerySet, field: str) -> Coalesce:
    total = queryset.order_by().values("project").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=DecimalField()), Value(Decimal(0)))


def _disbursement_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    from xuctien.investments.models import CapitalEvent, Commitment

    due = Commitment.objects.filter(project=OuterRef("pk"), kind="capital", due_date__lte=today)
    unmet = Commitment.objects.filter(kind="capital", due_date__lte=today, met_on__isnull=True)
    paid = CapitalEvent.objects.filter(
        project=OuterRef("pk"),
        kind=CapitalEvent.Kind.DISBURSEMENT,
        date__isnull=False,
        date__lte=today,
    )
    last_due = due.order_by().values("project").annotate(last=Max("due_date")).values("last")
    gap = ExpressionWrapper(F("disbursed") - F("committed"), DecimalField())
    return (
        projects.filter(pk__in=unmet.values("project_id"))
        .annotate(
            committed=_total(due, "amount_vnd"),
            disbursed=_total(paid, "amount_vnd"),
            last_due=Subquery(last_due, output_field=DateField()),
        )
        .filter(disbursed__lt=F("committed"))
        .order_by(gap, "name", "pk")
    )


def _disbursement_reason(project: Any, today: date, policy: policies.Policy) -> Reason:
    return warnings.disbursement_reason(project.disbursed, project.committed, project.last_due)


# --- Milestones (one line per late commitment) ------------------------------------------


def _milestone_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    from xuctien.investments.models import Commitment

    return (
        Commitment.objects.filter(
            project__in=projects.values("pk"), met_on__isnull=True, due_date__lt=today
        )
        .exclude(kind__in=("capital", "jobs"))
        .select_related("project")
        .order_by("due_date", "project__name", "pk")
    )


def _milestone_reason(commitment: Any) -> Reason:
    labels = dict(type(commitment).Kind.choices)
    fact = CommitmentFact(
        commitment.kind,
        str(labels.get(commitment.kind, commitment.kind)),
        commitment.due_date,
        description=commitment.description,
    )
    return warnings.milestone_reason(fact)


# --- Jobs -------------------------------------------------------------------------------


def _latest_workers(today: date) -> Subquery:
    """Workers of the project's latest real report whose period ended by ``today``."""
    from xuctien.labour.jobs import period_end
    from xuctien.labour.models import JobsReport

    ended = [q for q in (1, 2, 3, 4) if period_end(today.year, q) <= today]
    reports = JobsReport.objects.filter(project=OuterRef("pk"), is_synthetic=False).annotate(
        q=Coalesce("quarter", 4)  # a yearly report ends with the fourth quarter
    )
    reports = reports.filter(Q(year__lt=today.year) | Q(year=today.year, q__in=ended))
    return Subquery(reports.order_by("-year", "-q", "-workers").values("workers")[:1])


def _jobs_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    from xuctien.investments.models import Commitment

    due = Commitment.objects.filter(project=OuterRef("pk"), kind="jobs", due_date__lte=today)
    most = due.order_by().values("project").annotate(most=Max(Coalesce("jobs", 0)))
    planned = Q(stage=Stage.OPERATING, jobs_planned__gt=0)
    expected = Case(
        When(has_due=True, then=Coalesce(Subquery(most.values("most")), 0)),
        When(planned, then=F("jobs_planned")),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        projects.alias(has_due=Exists(due), unmet=Exists(due.filter(met_on__isnull=True)))
        .filter(Q(unmet=True) | Q(planned, has_due=False))
        .annotate(expected=expected, reported=Coalesce(_latest_workers(today), 0))
        .alias(reported_100=F("reported") * 100)
        .filter(expected__gt=0, reported_100__lt=F("expected") * policy.jobs_behind_percent)
        .order_by(ExpressionWrapper(F("reported") - F("expected"), IntegerField()), "name", "pk")
    )


def _jobs_reason(project: Any, today: date, policy: policies.Policy) -> Reason:
    return warnings.jobs_reason(project.reported, project.expected, policy)


# --- Requests ---------------------------------------------------------------------------


def _count(requests: QuerySet) -> Subquery:
    counted = requests.order_by().values("project").annotate(n=Count("pk", distinct=True))
    return Subquery(counted.values("n"), output_field=IntegerField())


def _overdue_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    from xuctien.aftercare.models import Request

    late = Request.objects.filter(
        assignments__withdrawn=False,
        assignments__answered_on__isnull=True,
        assignments__deadline__lt=today,
    )
    return (
        projects.filter(pk__in=late.values("project_id"))
        .annotate(overdue=_count(late.filter(project=OuterRef("pk"))))
        .order_by("-overdue", "name", "pk")
    )


def _overdue_reason(project: Any, today: date, policy: policies.Policy) -> Reason:
    return warnings.overdue_reason(project.overdue)


def _repeated_flags(projects: QuerySet, today: date, policy: policies.Policy) -> QuerySet:
    from xuctien.aftercare.models import Request

    first = today - timedelta(days=policy.pattern_window_days)
    recent = Request.objects.filter(received_on__gte=first, received_on__lte=today)
    return (
        projects.filter(pk__in=recent.values("project_id"))
        .annotate(recent=_count(recent.filter(project=OuterRef("pk"))))
        .filter(recent__gte=policy.pattern_min_requests)
        .order_by("-recent", "name", "pk")
    )


def _repeated_reason(project: Any, today: date, policy: policies.Policy) -> Reason:
    return warnings.repeated_reason(project.recent, policy)


_QUERIES = {
    "stage": _stage_flags,
    "disbursement": _disbursement_flags,
    "milestone": _milestone_flags,
    "jobs": _jobs_flags,
    "overdue_requests": _overdue_flags,
    "repeated_requests": _repeated_flags,
}
_REASONS = {
    "stage": _stage_reason,
    "disbursement": _disbursement_reason,
    "jobs": _jobs_reason,
    "overdue_requests": _overdue_reason,
    "repeated_requests": _repeated_reason,
}


# --- Invalidation -----------------------------------------------------------------------

#: What the rules read: (app, model, path from a record to its province).
WATCHED = [
    ("investments", "Project", "province"),
    ("investments", "Commitment", "project__province"),
    ("investments", "CapitalEvent", "project__province"),
    ("aftercare", "Request", "province"),
    ("aftercare", "Assignment", "request__province"),
    ("labour", "JobsReport", "project__province"),
]


def changed(province_id: int | None) -> None:
    """The warnings of a province (None: of every province) must be counted again."""
    from xuctien.core import aggregates

    aggregates.bump(CACHE_KEY, province_id)


def _province_of(record: Any, path: str) -> int | None:
    *through, last = path.split("__")
    try:
        for name in through:
            record = getattr(record, name)
    except ObjectDoesNotExist:  # deleted with its parent: count every province again
        return None
    return getattr(record, f"{last}_id", None)


def _receiver(path: str) -> Any:
    def receiver(sender: Any, instance: Any, **_kwargs: Any) -> None:
        changed(_province_of(instance, path))

    return receiver


_RECEIVERS: list[Any] = []  # signals hold weak references


def _bulk_written(sender: Any, records: list[Any], **_kwargs: Any) -> None:
    """An import's bulk write (``importing.bulk_written``): one bump per province."""
    from xuctien.core import aggregates

    for app, label, path in WATCHED:
        if sender._meta.app_label == app and sender.__name__ == label:
            for province in aggregates.provinces_of(sender, records, path):
                changed(province)


def connect() -> None:
    """Connect the receivers (``AftercareConfig.ready``); apps not installed are skipped."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from xuctien.importing import bulk_written

    bulk_written.connect(_bulk_written, dispatch_uid="warnings-bulk")
    for app, label, path in WATCHED:
        if not apps.is_installed(f"xuctien.{app}"):
            continue
        model = apps.get_model(app, label)
        receiver = _receiver(path)
        _RECEIVERS.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"warnings-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"warnings-d-{label}")
