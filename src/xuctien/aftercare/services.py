"""Every step of a request, checked, attributed, atomic and written on its timeline.

Views, the API, the portal, the daily task and the command call these functions; none
of them writes a request, an assignment or a rating directly. Each takes the acting
user explicitly (None: the system) and the business day ``today`` (default: today), so
that tests can walk a request through a calendar by hand.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien.actions.calendar import (
    UncoveredYear,
    WorkCalendar,
    add_working_days,
    working_days_between,
)
from xuctien.actions.holidays import load_calendar
from xuctien.aftercare import permissions, scorecard
from xuctien.aftercare import policy as policies
from xuctien.aftercare.models import (
    Assignment,
    Channel,
    Escalation,
    Rating,
    Request,
    RequestAttachment,
    RequestEvent,
    RoutingRule,
    Status,
)
from xuctien.aftercare.models.requests import ANSWERED, LEVELS, WAITING
from xuctien.core import aggregates
from xuctien.core.attachments import MAX_FILES, content_type_of
from xuctien.core.attachments import validate_attachment as validate_upload
from xuctien.core.models import Agency, Province
from xuctien.core.permissions import manages_programme
from xuctien.history import acting_as
from xuctien.models import StaleObjectError

logger = logging.getLogger(__name__)

Kind = RequestEvent.Kind


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _log(request: Request, kind: str, user: Any, today: date, **extra: Any) -> RequestEvent:
    """Write one step on the request's timeline."""
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        on=today,
        status=request.status,
        by=user if user is not None and user.is_authenticated else None,
        **extra,
    )


def _require_manager(user: Any, message: str) -> None:
    if not manages_programme(user):
        raise PermissionDenied(message)


# --- Receiving ------------------------------------------------------------------------


def submit_request(
    user: Any, investor: Any, files: Sequence[UploadedFile] = (), **fields: Any
) -> Request:
    """Receive a request and route it by the rules: the portal's (and the API's) entry point.

    An investor account files for one of its own companies, always through the portal
    channel; the secretariat may record any company's request from any channel.
    ``fields``: category, title, description, and optionally project, channel,
    received_on, is_synthetic and today.
    """
    today = _today(fields.pop("today", None))
    if not manages_programme(user):
        if not permissions.acts_for(user, investor.pk):
            raise PermissionDenied(_("You may file requests only for your own company."))
        fields["channel"] = Channel.PORTAL
    with transaction.atomic(), acting_as(user):
        request = receive(user, investor, files=files, today=today, **fields)
        # The clock starts when the province received it, even if it is entered later.
        _auto_route(request, user, request.received_on)
    return request


def receive(
    user: Any,
    investor: Any,
    files: Sequence[UploadedFile] = (),
    today: date | None = None,
    **fields: Any,
) -> Request:
    """Record a request as received, with its checked attachments."""
    if not (manages_programme(user) or permissions.acts_for(user, investor.pk)):
        raise PermissionDenied(_("You may not record requests for this company."))
    today = _today(today)
    request = Request(enterprise=investor, submitted_by=_person(user), **fields)
    request.received_on = request.received_on or today
    request.full_clean(exclude=["reform_tasks"])
    _check_project(request)
    _check_files(files)
    with transaction.atomic(), acting_as(user):
        request.save()
        for upload in files:
            _attach(request, upload)
        _log(request, Kind.RECEIVED, user, request.received_on, note=request.get_channel_display())
    return request


def _person(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


def _check_project(request: Request) -> None:
    if request.project_id and not request.project.investors.filter(pk=request.enterprise_id):
        raise ValidationError({"project": _("This project is not the enterprise's.")})


def _check_files(files: Sequence[UploadedFile]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Attach at most %(n)d files.") % {"n": MAX_FILES}})
    errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})


def _attach(request: Request, upload: UploadedFile) -> RequestAttachment:
    attachment = RequestAttachment(
        request=request,
        original_name=(upload.name or "")[:255],
        content_type=content_type_of(upload),
        size=upload.size or 0,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()
    return attachment


# --- Routing --------------------------------------------------------------------------


def deadline(assigned_on: date, working_days: int, calendar: WorkCalendar) -> date:
    """The last day to answer: ``working_days`` working days after the day of assignment."""
    return add_working_days(assigned_on, working_days, calendar)


def _auto_route(request: Request, user: Any, today: date) -> list[Assignment]:
    """Assign by the routing table; a category without a rule waits for the secretariat.

    So does a request whose deadline would fall in a year the holiday calendar does not
    cover: the enterprise's filing is kept, and the secretariat routes it by hand once
    the year is loaded (routing by hand is refused with the calendar's message until then).
    """
    rules = RoutingRule.objects.filter(province=request.province_id, category=request.category)
    rule = rules.select_related("agency").first()
    if rule is None:
        return []
    try:
        with transaction.atomic():
            return _assign(request, [rule.agency], rule.working_days, user, today)
    except UncoveredYear as error:
        logger.warning("Request %s left for the secretariat: %s", request.pk, error.messages[0])
        return []


def route(
    user: Any,
    request: Request,
    agencies: Iterable[Agency] | None = None,
    working_days: int | None = None,
    today: date | None = None,
) -> list[Assignment]:
    """Assign a request (by the rule, or to the agencies given: several = a split).

    Agencies that already hold the request in this round are skipped. The working days
    come from the category's rule unless given.
    """
    _require_manager(user, _("Only the programme secretariat routes requests."))
    today = _today(today)
    rule = RoutingRule.objects.filter(
        province=request.province_id, category=request.category
    ).first()
    chosen = list(agencies) if agencies is not None else ([rule.agency] if rule else [])
    days = working_days or (rule.working_days if rule else None)
    if not chosen or not days:
        raise ValidationError(_("No routing rule for this category: choose the agency and days."))
    if request.status == Status.CLOSED:
        raise ValidationError(_("A closed request must be reopened first."))
    with transaction.atomic(), acting_as(user):
        return _assign(request, chosen, days, user, today)


def _assign(
    request: Request, agencies: Sequence[Agency], working_days: int, user: Any, today: date
) -> list[Assignment]:
    holding = set(request.current_assignments().values_list("agency_id", flat=True))
    calendar = load_calendar()
    created = []
    for agency in agencies:
        if agency.pk in holding:
            continue
        created.append(_new_assignment(request, agency, working_days, today, calendar))
    if created and request.status in (Status.RECEIVED, Status.ANSWERED):
        request.status = Status.ASSIGNED
        request.answered_on = None
        request.save()
    for assignment in created:
        _log(
            request,
            Kind.ROUTED,
            user,
            today,
            agency=assignment.agency,
            note=_("deadline %(day)s") % {"day": f"{assignment.deadline:%d/%m/%Y}"},
        )
    return created


def _new_assignment(
    request: Request, agency: Agency, working_days: int, today: date, calendar: WorkCalendar
) -> Assignment:
    assignment = Assignment.objects.create(
        request=request,
        agency=agency,
        round=request.round,
        assigned_on=today,
        working_days=working_days,
        deadline=deadline(today, working_days, calendar),
    )
    scores_changed(request)
    return assignment


def scores_changed(request: Request) -> None:
    """The answer scorecard of the request's province must be counted again."""
    aggregates.bump(scorecard.CACHE_KEY, request.province_id)


def reassign(
    user: Any, assignment: Assignment, agency: Agency, today: date | None = None
) -> Assignment:
    """Hand an open assignment to another agency, with a fresh deadline from today."""
    _require_manager(user, _("Only the programme secretariat reassigns requests."))
    if not assignment.is_open:
        raise ValidationError(_("Only an assignment still waiting for its answer is reassigned."))
    if agency.pk == assignment.agency_id:
        raise ValidationError(_("The request is already with this agency."))
    today = _today(today)
    request = assignment.request
    with transaction.atomic(), acting_as(user):
        assignment.withdrawn = True
        assignment.save()
        new = _new_assignment(request, agency, assignment.working_days, today, load_calendar())
        _log(
            request,
            Kind.REASSIGNED,
            user,
            today,
            agency=agency,
            note=_("from %(old)s") % {"old": assignment.agency},
        )
    return new


def save_rule(
    user: Any,
    category: str,
    agency: Agency | None,
    working_days: int | None,
    note: str = "",
    province: Province | None = None,
) -> RoutingRule | None:
    """Set (or, with no agency, remove) the routing rule of one category in one province
    (the agency's, when not given)."""
    _require_manager(user, _("Only the programme secretariat edits the routing rules."))
    province = province or (agency.province if agency is not None else None)
    province = Province.objects.given_or_sole(province)
    rule = RoutingRule.objects.filter(province=province, category=category).first()
    with transaction.atomic(), acting_as(user):
        if agency is None:
            if rule is not None:
                rule.delete()
            return None
        rule = rule or RoutingRule(province=province, category=category)
        rule.agency, rule.working_days, rule.note = agency, working_days, note
        rule.full_clean()
        rule.save()
    return rule


# --- Working on the answer ------------------------------------------------------------


def _require_answerer(user: Any, assignment: Assignment) -> None:
    if not Assignment.permits(user, permissions.ANSWER, assignment):
        raise PermissionDenied(_("Only the assigned agency answers this request."))
    if not assignment.is_open:
        raise ValidationError(_("This assignment is no longer waiting for an answer."))


def start(user: Any, assignment: Assignment, today: date | None = None) -> Assignment:
    """The assigned agency takes the request up."""
    _require_answerer(user, assignment)
    today = _today(today)
    request = assignment.request
    with transaction.atomic(), acting_as(user):
        assignment.started_on = assignment.started_on or today
        assignment.save()
        if request.status in (Status.ASSIGNED, Status.REOPENED):
            request.status = Status.IN_PROGRESS
            request.save()
        _log(request, Kind.STARTED, user, today, agency=assignment.agency)
    return assignment


def answer(user: Any, assignment: Assignment, text: str, today: date | None = None) -> Assignment:
    """Record the agency's answer; the request is answered once no agency owes one."""
    _require_answerer(user, assignment)
    if not text.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    today = _today(today)
    request = assignment.request
    with transaction.atomic(), acting_as(user):
        assignment.answer = text.strip()
        assignment.answered_on, assignment.answered_at = today, timezone.now()
        assignment.answered_by = _person(user)
        assignment.started_on = assignment.started_on or today
        assignment.save()
        if not request.open_assignments().exists():
            request.status, request.answered_on = Status.ANSWERED, today
            request.save()
        _log(request, Kind.ANSWERED, user, today, agency=assignment.agency)
        scores_changed(request)
    return assignment


# --- The enterprise's reaction ----------------------------------------------------------


def may_close_from(
    request: Request, policy: policies.Policy | None = None, *, refuse_uncovered: bool = True
) -> date | None:
    """The first day the secretariat may close an answered request nobody confirmed.

    Counted in working days, so refused (``UncoveredYear``) when the count reaches a year
    the holiday calendar does not cover; pages that only show the day pass
    ``refuse_uncovered=False`` and get None instead.
    """
    if request.status != Status.ANSWERED or request.answered_on is None:
        return None
    policy = policy or policies.current()
    try:
        return add_working_days(request.answered_on, policy.close_after_days, load_calendar())
    except UncoveredYear:
        if refuse_uncovered:
            raise
        return None


def close(
    user: Any, request: Request, today: date | None = None, policy: policies.Policy | None = None
) -> Request:
    """Close an answered request: the enterprise confirms, or the secretariat after the wait."""
    today = _today(today)
    if request.status != Status.ANSWERED:
        raise ValidationError(_("Only an answered request can be closed."))
    if not permissions.is_enterprise_member(user, request):
        _require_manager(user, _("Only the enterprise or the secretariat closes a request."))
        allowed_from = may_close_from(request, policy)
        if allowed_from is None or today < allowed_from:
            raise ValidationError(
                _("The enterprise may still react: the secretariat can close it from %(day)s.")
                % {"day": f"{allowed_from:%d/%m/%Y}" if allowed_from else "—"}
            )
    with transaction.atomic(), acting_as(user):
        request.status, request.closed_on = Status.CLOSED, today
        request.save()
        _log(request, Kind.CLOSED, user, today)
    return request


def reopen(user: Any, request: Request, reason: str, today: date | None = None) -> Request:
    """The answer did not solve it: a new round for the same agencies, with new deadlines."""
    if not (permissions.is_enterprise_member(user, request) or manages_programme(user)):
        raise PermissionDenied(_("Only the enterprise or the secretariat reopens a request."))
    if request.status not in ANSWERED:
        raise ValidationError(_("Only an answered or closed request can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer does not solve the problem.")})
    today = _today(today)
    previous = list(request.current_assignments().select_related("agency"))
    calendar = load_calendar()
    with transaction.atomic(), acting_as(user):
        request.round += 1
        request.status, request.escalation, request.escalated_on = (
            Status.REOPENED,
            Escalation.NONE,
            None,
        )
        request.answered_on = request.closed_on = None
        request.save()
        for old in previous:
            _new_assignment(request, old.agency, old.working_days, today, calendar)
        _log(request, Kind.REOPENED, user, today, note=reason.strip())
    return request


def rate(
    user: Any, request: Request, score: int, comment: str = "", today: date | None = None
) -> Rating:
    """The enterprise marks the answer of the current round, once."""
    if not permissions.is_enterprise_member(user, request):
        raise PermissionDenied(_("Only the enterprise rates the answer."))
    if request.status not in ANSWERED:
        raise ValidationError(_("There is no answer to rate yet."))
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": _("Give a mark from 1 to 5.")})
    if request.ratings.filter(round=request.round).exists():
        raise ValidationError(_("You have already rated this answer."))
    today = _today(today)
    with transaction.atomic(), acting_as(user):
        rating = Rating.objects.create(
            request=request,
            round=request.round,
            score=int(score),
            comment=comment.strip(),
            rated_on=today,
            by=_person(user),
        )
        _log(request, Kind.RATED, user, today, note=f"{rating.score}/5")
        scores_changed(request)
    return rating


# --- Escalation -------------------------------------------------------------------------


def due_level(
    deadline_day: date, today: date, calendar: WorkCalendar, policy: policies.Policy
) -> str:
    """The escalation a request deserves on ``today`` for an answer due on ``deadline_day``.

    The secretariat from the first working day after the deadline; leadership
    ``leadership_after_days`` working days after that. Closed days never count.
    """
    late = working_days_between(deadline_day, today, calendar)
    if late >= 1 + policy.leadership_after_days:
        return Escalation.LEADERSHIP
    if late >= 1:
        return Escalation.SECRETARIAT
    return Escalation.NONE


def escalate_overdue(
    today: date | None = None, policy: policies.Policy | None = None
) -> list[Request]:
    """Raise every late request to the level it is due; run daily, safe to run again.

    A level is only ever raised (a missed day is caught up on the next run); two runs at
    once cannot both raise the same request, because the second one's copy is stale.
    """
    today, policy, calendar = _today(today), policy or policies.current(), load_calendar()
    raised = []
    late = Assignment.objects.filter(
        withdrawn=False, answered_on__isnull=True, deadline__lt=today, request__status__in=WAITING
    ).values_list("request_id", "deadline")
    earliest: dict[int, date] = {}
    for request_id, day in late:
        earliest[request_id] = min(day, earliest.get(request_id, day))
    for request in Request.objects.filter(pk__in=earliest).order_by("pk"):
        try:
            level = due_level(earliest[request.pk], today, calendar, policy)
        except UncoveredYear as error:
            logger.warning("Request %s not escalated: %s", request.pk, error.messages[0])
            continue
        if LEVELS.index(level) > LEVELS.index(request.escalation) and _raise(request, level, today):
            raised.append(request)
    return raised


def _raise(request: Request, level: str, today: date) -> bool:
    try:
        with transaction.atomic(), acting_as(None):
            request.escalation, request.escalated_on = level, today
            request.save()
            _log(request, Kind.ESCALATED, None, today, escalation=level)
    except StaleObjectError:
        return False
    return True


# --- From cases to reform ---------------------------------------------------------------


def turn_into_task(
    user: Any,
    requests: Sequence[Request],
    agency: Agency,
    title_vi: str = "",
    working_days: int | None = None,
    today: date | None = None,
) -> Any:
    """Make a task of the action programme from a pattern, linked to its requests.

    The task is led by the agency the requests keep reaching, starts today and is due
    after ``working_days`` working days; the actions app's own service creates it.
    """
    from xuctien.actions import services as actions_services
    from xuctien.actions.models import Task
    from xuctien.programmes.models import SolutionGroup

    _require_manager(user, _("Only the programme secretariat turns patterns into tasks."))
    if not requests:
        raise ValidationError(_("A task needs at least one request behind it."))
    today = _today(today)
    days = working_days or policies.current().reform_task_working_days
    category = requests[0].get_category_display()
    # The programme declares which of its groups takes these tasks (workbook data).
    group = (
        SolutionGroup.objects.filter(takes_reform_tasks=True, programme__province=agency.province)
        .select_related("programme")
        .order_by("programme__issued_on", "pk")
        .first()
    )
    task = Task(
        title_vi=title_vi.strip() or _reform_title(requests[0], agency, "vi"),
        title_en=_reform_title(requests[0], agency, "en"),
        description=_reform_description(requests),
        lead_agency=agency,
        solution_group=group,
        programme=group.programme if group else None,
        start_date=today,
        deadline_working_days=days,
        note=str(category),
        is_synthetic=all(r.is_synthetic for r in requests),
    )
    with transaction.atomic(), acting_as(user):
        task = actions_services.create_task(user, task, today=today)
        for request in requests:
            request.reform_tasks.add(task)
    return task


def _reform_title(request: Request, agency: Agency, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _("Resolve recurring requests: %(category)s at %(agency)s") % {
            "category": request.get_category_display(),
            "agency": agency.name,
        }


def _reform_description(requests: Sequence[Request]) -> str:
    lines = [f"#{r.pk} {r.received_on:%d/%m/%Y} {r.enterprise}: {r.title}" for r in requests]
    return "\n".join(lines)
