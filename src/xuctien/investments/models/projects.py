"""Projects, their stage history, capital events, IRC commitments and attraction targets."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xuctien.core import bounds, text
from xuctien.core.models import Locality, ProvinceScoped, Sourced, Zone, province_field
from xuctien.core.text import LONG_TEXT, SOURCE_TEXT
from xuctien.investments import access, stages
from xuctien.investments.models.parties import Investor
from xuctien.investments.models.reference import Currency, PriorityGroup, Sector
from xuctien.investments.stages import EXITS, POST_IRC, Stage
from xuctien.models import BaseModel

MONEY = {"max_digits": 22, "decimal_places": 2}


class DatePrecision(models.TextChoices):
    DAY = "day", pgettext_lazy("date precision", "day")
    MONTH = "month", pgettext_lazy("date precision", "month")
    HALF = "half", pgettext_lazy("date precision", "half-year")
    YEAR = "year", pgettext_lazy("date precision", "year")


class Project(ProvinceScoped, Sourced, BaseModel):
    """An investment project, from a lead to a working plant: what, who, where, how much.

    Investors are shared by every province; a project belongs to the province it is in.
    """

    province_from = ("zone", "locality")

    province = province_field("projects")
    name = models.CharField(_("name"), max_length=300, validators=text.NAME)
    investors = models.ManyToManyField(
        Investor, blank=True, related_name="projects", verbose_name=_("investors")
    )
    sector = models.ForeignKey(
        Sector,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("sector (VSIC 2018)"),
    )
    sector_text = models.CharField(_("activity as published"), max_length=300, blank=True)
    priority_groups = models.ManyToManyField(
        PriorityGroup, blank=True, related_name="projects", verbose_name=_("priority groups")
    )
    zone = models.ForeignKey(
        Zone,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("zone"),
    )
    locality = models.ForeignKey(
        Locality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("locality"),
    )
    place_text = models.CharField(_("place as published"), max_length=300, blank=True)
    land_ha = models.DecimalField(
        _("land (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, bounds.MAX_LAND_HA),
    )
    fdi = models.BooleanField(_("foreign investment (FDI)"), default=True)
    jobs_planned = models.PositiveIntegerField(
        _("jobs planned"), null=True, blank=True, validators=bounds.between(0, bounds.MAX_JOBS)
    )
    jobs_actual = models.PositiveIntegerField(
        _("jobs actual"), null=True, blank=True, validators=bounds.between(0, bounds.MAX_JOBS)
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD, db_index=True
    )
    stage_since = models.DateField(
        _("in this stage since"), null=True, blank=True, validators=bounds.fact_date()
    )
    irc_number = models.CharField(
        _("IRC number"), max_length=40, unique=True, null=True, blank=True, validators=text.NAME
    )
    irc_date = models.DateField(
        _("IRC date"), null=True, blank=True, db_index=True, validators=bounds.fact_date()
    )
    irc_date_precision = models.CharField(
        _("IRC date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    expected_capital_vnd = models.DecimalField(
        _("expected capital (VND)"),
        null=True,
        blank=True,
        **MONEY,
        validators=bounds.between(0, bounds.MAX_VND),
        help_text=_("For projects before their IRC: what the investor talks of."),
    )
    capital_vnd = models.DecimalField(
        _("registered capital (VND)"), null=True, blank=True, editable=False, **MONEY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
        verbose_name=_("owner"),
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)
    is_aggregate = models.BooleanField(
        _("aggregate row (not counted)"),
        default=False,
        help_text=_("A published total over several projects: shown, never counted."),
    )
    source_ref = models.CharField(
        _("source key"), max_length=200, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["zone", "stage"]),
            # The list's order, the API's order, the board's counts, each with and without the
            # province that ``restrict`` adds (decision record 0026).
            models.Index(fields=["-irc_date", "name"], name="project_list_order"),
            models.Index(fields=["province", "-irc_date", "name"], name="project_list_province"),
            models.Index(fields=["name", "id"], name="project_api_order"),
            models.Index(fields=["province", "name", "id"], name="project_api_province"),
            models.Index(fields=["province", "stage"], name="project_province_stage"),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_stage_display(self) -> str:
        """As Django's, from a dictionary of the labels per language (``stages.label``)."""
        return stages.label(self.stage)

    @property
    def is_public(self) -> bool:
        return self.irc_date is not None or self.stage in POST_IRC

    @property
    def is_exit(self) -> bool:
        return self.stage in EXITS

    @property
    def is_manufacturing(self) -> bool:
        return self.sector is not None and self.sector.is_manufacturing

    @property
    def vsic(self) -> str:
        return self.sector.code if self.sector_id else ""

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Public from the IRC on; before it, the pipeline's people (see ``access``)."""
        return access.restrict(queryset, user, action, public=access.public_q())

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Project | None") -> bool:
        return access.permits(cls, user, action, obj)

    def sees_confidential(self, user: Any) -> bool:
        """Whether ``user`` may see this project's notes, history and people."""
        scope = access.project_scope(user, "view")
        if scope is None:
            return False
        return not scope or type(self).objects.filter(scope, pk=self.pk).exists()


class StageChange(BaseModel):
    """One move of a project from a stage to another, dated, with the reason for an exit."""

    province_path = "project__province"

    project = models.ForeignKey(Project, models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        validators=bounds.fact_date(),
        help_text=_("Blank when the sources do not say."),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    reason = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT)
    source_url = models.TextField(_("source URL"), blank=True, max_length=SOURCE_TEXT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["project", "date", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage} ({self.date})"

    def clean(self) -> None:
        if self.to_stage in EXITS and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the project leaves the pipeline.")})

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return access.restrict(queryset, user, action, prefix="project__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: "StageChange | None") -> bool:
        return access.permits(cls, user, action, obj)


class CapitalEvent(Sourced, BaseModel):
    """Capital registered, increased, decreased or disbursed, with the rate it was converted at."""

    province_path = "project__province"

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        DISBURSEMENT = "disbursement", _("Disbursement")

    #: Kinds that make up the capital attracted (a decrease counts negative).
    ATTRACTED = (Kind.REGISTRATION, Kind.INCREASE, Kind.DECREASE)

    project = models.ForeignKey(Project, models.CASCADE, related_name="capital_events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        validators=bounds.fact_date(),
        help_text=_("Unknown: shown, counted in no year."),
    )
    amount = models.DecimalField(_("amount"), validators=bounds.between(0, bounds.MAX_VND), **MONEY)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.VND
    )
    rate_used = models.DecimalField(
        _("rate used"), max_digits=14, decimal_places=4, null=True, blank=True, editable=False
    )
    amount_vnd = models.DecimalField(
        _("amount (VND)"), null=True, blank=True, editable=False, **MONEY
    )
    exchange_rate = models.ForeignKey(
        "investments.ExchangeRate",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("exchange rate"),
        help_text=_("The sourced rate the VND amount was converted at; blank when stated."),
    )

    class Meta:
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="capital_amount_positive")
        ]
        indexes = [
            # The few amounts still waiting for a rate, counted on every project list
            # (``services.amounts_waiting_for_rate``): without it, a scan of every event.
            models.Index(
                fields=["project"],
                condition=Q(amount_vnd__isnull=True),
                name="capital_waiting_for_rate",
            )
        ]
        verbose_name = _("capital event")
        verbose_name_plural = _("capital events")

    def __str__(self) -> str:
        # ``get_kind_display()``, without hashing every choice's translated label per call
        kind = _KIND_LABELS.get(self.kind, self.kind) if isinstance(self.kind, str) else self.kind
        return f"{kind} {self.amount} {self.currency} ({self.date})"

    @property
    def signed_vnd(self) -> Decimal | None:
        """The VND amount as it counts towards capital attracted (decreases negative)."""
        if self.amount_vnd is None or self.kind == self.Kind.DISBURSEMENT:
            return None
        return -self.amount_vnd if self.kind == self.Kind.DECREASE else self.amount_vnd

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Registered capital of public projects is public; disbursements are not."""
        public = access.public_q("project__") & ~Q(kind=cls.Kind.DISBURSEMENT)
        return access.restrict(queryset, user, action, prefix="project__", public=public)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "CapitalEvent | None") -> bool:
        return access.permits(cls, user, action, obj)


#: Each kind's label (lazy: translated when shown), for ``CapitalEvent.__str__``.
_KIND_LABELS = dict(CapitalEvent.Kind.choices)


class Commitment(BaseModel):
    """What an IRC committed the investor to: capital by a date, a milestone, jobs."""

    province_path = "project__province"

    class Kind(models.TextChoices):
        CAPITAL = "capital", _("Capital contribution")
        LAND = "land", _("Land")
        CONSTRUCTION = "construction", _("Construction")
        OPERATION = "operation", _("Operation")
        JOBS = "jobs", _("Jobs")

    project = models.ForeignKey(Project, models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("due"))
    amount_vnd = models.DecimalField(_("amount (VND)"), null=True, blank=True, **MONEY)
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date"]
        verbose_name = _("IRC commitment")
        verbose_name_plural = _("IRC commitments")

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()} {self.due_date}"

    def is_late(self, today: Any) -> bool:
        return self.met_on is None and self.due_date < today

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return access.restrict(queryset, user, action, prefix="project__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Commitment | None") -> bool:
        return access.permits(cls, user, action, obj)


class AttractionTarget(Sourced, BaseModel):
    """What the province asks an industrial-park developer (zone) to attract in a quarter."""

    province_path = "zone__province"

    zone = models.ForeignKey(Zone, models.CASCADE, related_name="attraction_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
    capital_vnd = models.DecimalField(_("capital target (VND)"), null=True, blank=True, **MONEY)
    projects = models.PositiveIntegerField(_("projects target"), null=True, blank=True)
    land_ha = models.DecimalField(
        _("land target (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["zone", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "quarter"], name="attraction_target_unique"
            )
        ]
        verbose_name = _("attraction target")
        verbose_name_plural = _("attraction targets")

    def __str__(self) -> str:
        return f"{self.zone} {self.year}-Q{self.quarter}"

    @property
    def months(self) -> tuple[int, int]:
        return 3 * self.quarter - 2, 3 * self.quarter

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """The developer sees its own; the managers set them."""
        if action == "view":
            return access.restrict(queryset, user, action)
        return queryset if access.writes_all(user) else queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "AttractionTarget | None") -> bool:
        if obj is None and action != "view":
            return access.writes_all(user)
        return access.permits(cls, user, action, obj)
