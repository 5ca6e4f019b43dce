"""The pipeline's writes: register a project, move its stage, record capital.

Every service takes the acting user, checks the user may do it, runs in one transaction,
records history under that user, and refuses to act on a stale copy: pass the version
the user saw as ``expected_version`` and a newer record raises ``StaleObjectError``.

``user=None`` is the system itself (loaders and management commands run by an operator);
pages and the API always pass the request's user, anonymous or not.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.core import bounds
from xuctien.core.permissions import manages_programme
from xuctien.investments.models import (
    CapitalEvent,
    Currency,
    ExchangeRate,
    Interaction,
    Investor,
    Project,
    RegistryDeclaration,
    Stage,
    StageChange,
)
from xuctien.investments.stages import EXITS, POST_IRC
from xuctien.models import StaleObjectError

PROJECT_FIELDS = frozenset(
    {
        "name",
        "province",
        "sector",
        "sector_text",
        "zone",
        "locality",
        "place_text",
        "land_ha",
        "fdi",
        "jobs_planned",
        "jobs_actual",
        "irc_number",
        "irc_date",
        "irc_date_precision",
        "expected_capital_vnd",
        "owner",
        "is_synthetic",
        "is_aggregate",
        "source_url",
        "note",
    }
)


def _require(user: Any, action: str, obj: Any) -> None:
    if user is None:
        return
    model = obj if isinstance(obj, type) else type(obj)
    if not model.permits(user, action, None if isinstance(obj, type) else obj):
        raise PermissionDenied(_("You may not do this."))


def _fresh(project: Any, expected_version: int | None) -> Any:
    """The record (a project…) as stored now, locked; stale if the caller saw an older
    version."""
    current = type(project).objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError(current)
    return current


def _check_zone(user: Any, project: Project) -> None:
    """A developer may only put projects in its own zone."""
    from xuctien.investments import access

    if user is None or access.writes_all(user):
        return
    if project.zone_id not in access.developer_zone_ids(user):
        raise PermissionDenied(_("You may only record projects in your own zone."))


def register_project(
    user: Any,
    *,
    name: str,
    investors: list[Investor] = (),  # type: ignore[assignment]
    priority_groups: list[Any] = (),  # type: ignore[assignment]
    stage: str = Stage.LEAD,
    on: dt.date | None = None,
    **fields: Any,
) -> Project:
    """Create a project at ``stage`` (dated ``on``), with its investors and priority groups."""
    _require(user, "add", Project)
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    on = on or timezone.localdate()
    with transaction.atomic(), history.acting_as(user):
        owner = fields.pop("owner", None) or _by(user)
        project = Project(name=name, stage=stage, stage_since=on, owner=owner)
        for key, value in fields.items():
            setattr(project, key, value)
        if stage in POST_IRC and project.irc_date is None:
            project.irc_date = on
        _check_zone(user, project)
        project.full_clean(exclude=["investors", "priority_groups"])
        project.save()
        project.investors.set(investors)
        project.priority_groups.set(priority_groups)
        StageChange.objects.create(project=project, to_stage=stage, date=on, by=_by(user))
    return project


def update_project(
    user: Any, project: Project, *, expected_version: int | None = None, **fields: Any
) -> Project:
    """Change a project's facts (not its stage: see ``move_stage``)."""
    _require(user, "change", project)
    investors = fields.pop("investors", None)
    groups = fields.pop("priority_groups", None)
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    with transaction.atomic(), history.acting_as(user):
        project = _fresh(project, expected_version)
        for key, value in fields.items():
            setattr(project, key, value)
        _check_zone(user, project)
        project.full_clean(exclude=["investors", "priority_groups"])
        project.save()
        if investors is not None:
            project.investors.set(investors)
        if groups is not None:
            project.priority_groups.set(groups)
    return project


def move_stage(
    user: Any,
    project: Project,
    to_stage: str,
    *,
    on: dt.date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> StageChange:
    """Move a project to ``to_stage`` on ``on``; leaving the pipeline needs a reason.

    Reaching "IRC issued" without an IRC date sets it to ``on``: the project becomes
    public and its registration starts counting towards the indicators.
    """
    _require(user, "change", project)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Unknown stage.")})
    if to_stage in EXITS and not reason.strip():
        raise ValidationError({"reason": _("Say why the project leaves the pipeline.")})
    on = on or timezone.localdate()
    with transaction.atomic(), history.acting_as(user):
        project = _fresh(project, expected_version)
        if to_stage == project.stage:
            raise ValidationError({"to_stage": _("The project is already at this stage.")})
        if project.stage_since and on < project.stage_since:
            raise ValidationError({"on": _("A move cannot come before the current stage began.")})
        change = StageChange.objects.create(
            project=project,
            from_stage=project.stage,
            to_stage=to_stage,
            date=on,
            reason=reason.strip(),
            by=_by(user),
        )
        project.stage, project.stage_since = to_stage, on
        if to_stage in POST_IRC and project.irc_date is None:
            project.irc_date = on
        project.save()
    return change


def issue_irc(
    user: Any,
    project: Project,
    *,
    on: dt.date | None = None,
    irc_number: str | None = None,
    capital: Decimal | None = None,
    currency: str = "VND",
    expected_version: int | None = None,
) -> StageChange:
    """Move a project to "IRC issued" with the certificate's number and registered capital."""
    on = on or timezone.localdate()
    with transaction.atomic():
        change = move_stage(
            user, project, Stage.IRC_ISSUED, on=on, expected_version=expected_version
        )
        project = change.project
        if irc_number:
            update_project(user, project, irc_number=irc_number.strip())
        if capital:
            add_capital_event(
                user,
                project,
                kind=CapitalEvent.Kind.REGISTRATION,
                date=project.irc_date or on,
                amount=capital,
                currency=currency or "VND",
            )
    return change


def add_capital_event(
    user: Any,
    project: Project,
    *,
    kind: str,
    amount: Decimal,
    date: dt.date | None = None,
    currency: str = "VND",
    amount_vnd: Decimal | None = None,
    source_url: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> CapitalEvent:
    """Record capital; converted to VND at the latest rate on or before ``date`` and kept.

    ``amount_vnd`` may be given when the source states the VND figure itself; the rate it
    implies is then the one stored. Without either, the event waits for a rate.
    """
    _require(user, "change", project)
    if amount is None:
        raise ValidationError({"amount": _("Enter a positive amount.")})
    bounds.check_amount(Decimal(amount), currency)
    with transaction.atomic(), history.acting_as(user):
        project = _fresh(project, expected_version)
        event = CapitalEvent(
            project=project,
            kind=kind,
            date=date,
            amount=Decimal(amount),
            currency=currency,
            source_url=source_url,
            note=note,
        )
        convert(event, amount_vnd, date_precision(event))
        if event.amount_vnd is not None:
            bounds.check_amount(event.amount_vnd, "VND")
        event.full_clean()
        event.save()
        refresh_capital(project)
    return event


def convert(
    event: CapitalEvent,
    stated_vnd: Decimal | None,
    precision: str = "day",
    rate_day: dt.date | None = None,
) -> None:
    """Fill the event's VND amount and rate: a stated VND figure, else a sourced rate.

    The rate is the central rate of the event's day, or the annual average of its year when
    the day is known only to its month or year (``precision``) or has no central rate.
    ``rate_day`` is the day the amount was stated, used when the event's own date is not
    known to the day. The rate row is kept on the event, so its VND figure says its source.
    """
    if stated_vnd is not None and event.amount:
        event.amount_vnd = Decimal(stated_vnd)
        event.rate_used = (event.amount_vnd / event.amount).quantize(Decimal("0.0001"))
        event.exchange_rate = None
        return
    if event.currency == Currency.VND:
        event.rate_used, event.amount_vnd, event.exchange_rate = Decimal(1), event.amount, None
        return
    if rate_day is not None:
        rate = ExchangeRate.applicable(event.currency, rate_day, "day")
    else:
        rate = ExchangeRate.applicable(event.currency, event.date, precision)
    if rate is not None:
        event.exchange_rate = rate
        event.rate_used = rate.rate
        event.amount_vnd = (event.amount * rate.rate).quantize(Decimal("0.01"))


def refresh_capital(project: Project) -> None:
    """Keep the project's registered capital (VND) equal to the sum of its events."""
    events = project.capital_events.filter(amount_vnd__isnull=False)
    added = events.filter(kind__in=["registration", "increase"]).aggregate(s=Sum("amount_vnd"))
    removed = events.filter(kind="decrease").aggregate(s=Sum("amount_vnd"))
    if added["s"] is None and removed["s"] is None:
        total = None
    else:
        total = (added["s"] or Decimal(0)) - (removed["s"] or Decimal(0))
    if total != project.capital_vnd:
        project.capital_vnd = total
        project.save(update_fields=["capital_vnd"])


def date_precision(event: CapitalEvent) -> str:
    """How precisely the event's date is known: a registration dated by its project's IRC
    date is as precise as that date; any other date is a day."""
    project = event.project
    if event.kind == CapitalEvent.Kind.REGISTRATION and event.date == project.irc_date:
        return project.irc_date_precision or "day"
    return "day"


def convert_pending_events(user: Any) -> int:
    """Convert the events still waiting for an exchange rate, now that rates exist."""
    _require(user, "change", Project)
    converted = 0
    with transaction.atomic(), history.acting_as(user):
        pending = CapitalEvent.objects.filter(amount_vnd__isnull=True).select_related("project")
        for event in pending:
            convert(event, None, date_precision(event))
            if event.amount_vnd is not None:
                event.save()
                refresh_capital(event.project)
                converted += 1
    return converted


def record_interaction(user: Any, *, investor: Investor, **fields: Any) -> Interaction:
    """Record a meeting, call, visit… with an investor, and the next step if any."""
    contacts = fields.pop("contacts", ())
    participants = fields.pop("participants", ())
    interaction = Interaction(investor=investor, **fields)
    if user is not None and not _may_touch(user, interaction):
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic(), history.acting_as(user):
        interaction.full_clean(exclude=["contacts", "participants"])
        interaction.save()
        interaction.contacts.set(contacts)
        interaction.participants.set(participants or ([user] if _by(user) else []))
    return interaction


def _may_touch(user: Any, interaction: Interaction) -> bool:
    from xuctien.investments import access

    if access.writes_all(user):
        return True
    project = interaction.project
    return project is not None and project.zone_id in access.developer_zone_ids(user)


def _by(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


def complete_next_step(user: Any, interaction: Interaction) -> Interaction:
    """Mark an interaction's next step done (its owner or the pipeline's people)."""
    _require(user, "change", interaction)
    with transaction.atomic(), history.acting_as(user):
        interaction.next_step_done = True
        interaction.save(update_fields=["next_step_done"])
    return interaction


def _only_province() -> Any:
    from xuctien.core.models import Province

    provinces = list(Province.objects.all()[:2])
    return provinces[0] if len(provinces) == 1 else None


def declare_registry_complete(
    user: Any, year: int, reason: str, locality: Any = None, province: Any = None
) -> RegistryDeclaration:
    """Declare the registry complete for a province and year (or a place in it).

    Its sum then becomes the year's value instead of a lower bound. Only the programme's
    managers (secretariat, administrators) may; a reason is required. Who and when are kept
    on the record, and the change in the history. Declaring again renews the declaration.
    """
    if not manages_programme(user):
        raise PermissionDenied(
            _("Only the programme secretariat may declare the registry complete.")
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the registry is complete for this year.")})
    province = province or _only_province()
    if province is None:
        raise ValidationError({"province": _("Choose the province.")})
    with transaction.atomic(), history.acting_as(user):
        declaration = RegistryDeclaration.objects.filter(
            province=province, year=year, locality=locality
        ).first() or RegistryDeclaration(province=province, year=year, locality=locality)
        declaration.declared_by = user
        declaration.declared_at = timezone.now()
        declaration.reason = reason.strip()
        declaration.is_withdrawn = False
        declaration.full_clean()
        declaration.save()
    return declaration


def update_registry_declaration(
    user: Any,
    declaration: RegistryDeclaration,
    *,
    reason: str,
    is_withdrawn: bool,
    expected_version: int | None = None,
) -> RegistryDeclaration:
    """Change the reason of a declaration, withdraw it or put it back in force.

    A change makes the person who made it the declarer, now; saving it unchanged changes
    nothing. The history keeps every earlier state.
    """
    if not manages_programme(user):
        raise PermissionDenied(
            _("Only the programme secretariat may declare the registry complete.")
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the registry is complete for this year.")})
    with transaction.atomic(), history.acting_as(user):
        declaration = _fresh(declaration, expected_version)
        if (declaration.reason, declaration.is_withdrawn) == (reason.strip(), is_withdrawn):
            return declaration
        declaration.reason = reason.strip()
        declaration.is_withdrawn = is_withdrawn
        declaration.declared_by = user
        declaration.declared_at = timezone.now()
        declaration.full_clean()
        declaration.save()
    return declaration


def declared_complete_years(locality: Any = None, province: Any = None) -> set[int]:
    """Years for which the registry was declared complete (for the province, or a place)."""
    declarations = RegistryDeclaration.objects.filter(locality=locality, is_withdrawn=False)
    if province is not None:
        declarations = declarations.filter(province=province)
    return set(declarations.values_list("year", flat=True))


def amounts_waiting_for_rate(user: Any) -> int:
    """How many capital amounts the user may see still wait for an exchange rate."""
    return (
        CapitalEvent.objects.restrict(user, "view")
        .filter(amount_vnd__isnull=True, project__is_synthetic=False)
        .count()
    )
