"""The programme's screening criteria (versioned), a project's screening facts, screenings."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xuctien.core import bounds
from xuctien.core.models import Sourced
from xuctien.core.text import LONG_TEXT, SOURCE_TEXT
from xuctien.investments import access
from xuctien.investments.stages import Stage
from xuctien.models import BaseModel
from xuctien.screening import engine, permissions

MONEY = {"max_digits": 22, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class CriterionKey(models.TextChoices):
    PRIORITY_SECTOR = engine.PRIORITY_SECTOR, _("Priority sector of Resolution 01")
    HIGH_TECH = engine.HIGH_TECH, _("High technology")
    GREEN = engine.GREEN, _("Green (green taxonomy)")
    NOT_BROWN = engine.NOT_BROWN, _("Not a polluting (brown) activity")
    CAPITAL_PER_HA = engine.CAPITAL_PER_HA, _("Capital per hectare")
    BUDGET_PER_HA = engine.BUDGET_PER_HA, _("Budget contribution per hectare")
    JOBS = engine.JOBS, _("Jobs")
    SKILLED_SHARE = engine.SKILLED_SHARE, _("Share of skilled jobs")
    TECH_TRANSFER = engine.TECH_TRANSFER, _("Technology transfer")
    LOCAL_SUPPLIERS = engine.LOCAL_SUPPLIERS, _("Share of local suppliers")


class Recommendation(models.TextChoices):
    RECOMMEND = engine.RECOMMEND, _("Recommend")
    DISCUSS = engine.DISCUSS, _("Discuss before deciding")
    NOT_RECOMMEND = engine.NOT_RECOMMEND, _("Do not recommend")
    NO_RULE = engine.NO_RULE, _("No rule set: the officer decides")


class CriteriaSet(BaseModel):
    """One version of a province's screening criteria. A version a screening used is never
    changed: a change makes the next version, and the screening keeps the one it used."""

    province = models.ForeignKey("core.Province", models.PROTECT, related_name="screening_criteria")
    number = models.PositiveIntegerField(_("version number"))
    is_current = models.BooleanField(_("current"), default=True)
    recommend_at = models.DecimalField(
        _("recommend from (% of what could be scored)"),
        null=True,
        blank=True,
        validators=bounds.between(0, 100),
        **PERCENT,
    )
    discuss_at = models.DecimalField(
        _("discuss from (% of what could be scored)"),
        null=True,
        blank=True,
        validators=bounds.between(0, 100),
        **PERCENT,
    )
    reason = models.TextField(_("reason for this version"), blank=True, max_length=LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )

    class Meta:
        ordering = ["province", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="criteria_set_number"),
            models.UniqueConstraint(
                fields=["province"], condition=Q(is_current=True), name="criteria_set_current"
            ),
        ]
        verbose_name = _("screening criteria version")
        verbose_name_plural = _("screening criteria versions")

    def __str__(self) -> str:
        return f"{self.province} v{self.number}"

    @property
    def marks(self) -> engine.Marks:
        return engine.Marks(self.recommend_at, self.discuss_at)

    def rules(self) -> list[engine.Rule]:
        criteria = self.criteria.prefetch_related("zone_norms__zone")
        return [c.rule() for c in criteria]

    @property
    def is_used(self) -> bool:
        return self.screenings.exists()

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        if action == "view":
            return queryset if permissions.reads_criteria(user) else queryset.none()
        return queryset if permissions.edits_criteria(user) else queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: Any) -> bool:
        return (
            permissions.reads_criteria(user)
            if action == "view"
            else (permissions.edits_criteria(user))
        )


class Criterion(BaseModel):
    """One criterion of a version: its weight and, for a measured one, its norm."""

    criteria_set = models.ForeignKey(CriteriaSet, models.CASCADE, related_name="criteria")
    key = models.CharField(_("criterion"), max_length=30, choices=CriterionKey.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("weight (points)"), max_digits=6, decimal_places=2, validators=bounds.between(0, 1000)
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.between(0, 10**9),
        help_text=_("Blank when no norm is published: the criterion then scores nothing."),
    )
    threshold_source = models.TextField(
        _("source of the threshold"), blank=True, max_length=SOURCE_TEXT
    )

    class Meta:
        ordering = ["criteria_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "key"], name="criterion_once_per_set")
        ]
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")

    def __str__(self) -> str:
        return f"{self.criteria_set}: {self.get_key_display()}"

    @property
    def is_measured(self) -> bool:
        return self.key in engine.MEASURED

    @property
    def unit(self) -> str:
        return engine.MEASURED.get(self.key, "")

    @property
    def unit_label(self) -> str:
        from xuctien.screening.explain import unit

        return unit(self.key)

    def rule(self) -> engine.Rule:
        zones = {n.zone.code: n.threshold for n in self.zone_norms.all()}
        return engine.Rule(self.key, self.weight, self.threshold, zones)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return CriteriaSet.restrict_queryset(queryset, user, action)


class ZoneNorm(Sourced, BaseModel):
    """A park's own norm for capital or budget contribution per hectare, in one version."""

    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="zone_norms")
    zone = models.ForeignKey("core.Zone", models.PROTECT, related_name="+")
    threshold = models.DecimalField(
        _("threshold"), max_digits=14, decimal_places=2, validators=bounds.between(0, 10**9)
    )

    class Meta:
        ordering = ["criterion", "zone"]
        constraints = [models.UniqueConstraint(fields=["criterion", "zone"], name="zone_norm_once")]
        verbose_name = _("park norm")
        verbose_name_plural = _("park norms")

    def __str__(self) -> str:
        return f"{self.criterion} · {self.zone}: {self.threshold}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return CriteriaSet.restrict_queryset(queryset, user, action)


class YesNo(models.TextChoices):
    UNKNOWN = "", pgettext_lazy("fact", "Not known")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class HighTech(models.TextChoices):
    UNKNOWN = "", pgettext_lazy("fact", "Not known")
    CERTIFIED = engine.CERTIFIED, _("High-tech enterprise certificate (Decision 10/2021/QD-TTg)")
    LISTED = engine.LISTED, _("Technology or product listed in Decision 38/2020/QD-TTg")
    NO = engine.NOT_HIGH_TECH, _("Not high-tech")


class EnvironmentalGroup(models.TextChoices):
    UNKNOWN = "", pgettext_lazy("fact", "Not known")
    I = "I", _("Group I: high risk of adverse impact")  # noqa: E741
    II = "II", _("Group II: risk of adverse impact")
    III = "III", _("Group III: low risk")
    IV = "IV", _("Group IV: no risk")


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ProjectFacts(Sourced, BaseModel):
    """What the screening needs to know of a project beyond its registry facts.

    Blank is "not known": a real project gets a fact only where its sources state it.
    """

    project = models.OneToOneField(
        "investments.Project", models.CASCADE, related_name="screening_facts"
    )
    high_tech = models.CharField(
        _("high technology"), max_length=12, choices=HighTech.choices, blank=True
    )
    high_tech_certificate = models.CharField(
        _("high-tech certificate (number, date)"), max_length=200, blank=True
    )
    green = models.CharField(
        _("confirmed green (Decision 21/2025/QD-TTg)"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )
    environmental_group = models.CharField(
        _("environmental group (Law on Environmental Protection, Art. 28)"),
        max_length=3,
        choices=EnvironmentalGroup.choices,
        blank=True,
    )
    polluting_type = models.CharField(
        _("polluting type (Decree 08/2022/ND-CP, Annex II)"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )
    tech_transfer = models.CharField(
        _("technology transfer"), max_length=3, choices=YesNo.choices, blank=True
    )
    local_suppliers_pct = models.DecimalField(
        _("local suppliers (% of inputs)"),
        null=True,
        blank=True,
        validators=bounds.between(0, 100),
        **PERCENT,
    )
    skilled_jobs = models.PositiveIntegerField(
        _("skilled jobs"), null=True, blank=True, validators=bounds.between(0, bounds.MAX_JOBS)
    )
    budget_vnd_per_year = models.DecimalField(
        _("expected budget contribution (VND a year)"),
        null=True,
        blank=True,
        validators=bounds.between(0, bounds.MAX_VND),
        **MONEY,
    )

    class Meta:
        verbose_name = _("screening facts")
        verbose_name_plural = _("screening facts")

    def __str__(self) -> str:
        return str(self.project)

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return access.restrict(queryset, user, action, prefix="project__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: Any) -> bool:
        return access.permits(cls, user, action, obj)


def facts_of(project: Any, facts: ProjectFacts | None) -> engine.Facts:
    """The engine's view of a project: its registry facts and its screening facts."""
    capital = project.capital_vnd if project.capital_vnd is not None else None
    if capital is None:
        capital = project.expected_capital_vnd
    zones: list[str] = []
    zone = project.zone
    while zone is not None and len(zones) < 5:
        zones.append(zone.code)
        zone = zone.parent
    f = facts or ProjectFacts()
    return engine.Facts(
        priority_groups=tuple(g.code for g in project.priority_groups.all()),
        sector_known=project.sector_id is not None,
        high_tech=f.high_tech,
        green=_yes_no(f.green),
        environmental_group=f.environmental_group,
        polluting_type=_yes_no(f.polluting_type),
        capital_vnd=capital,
        land_ha=project.land_ha,
        budget_vnd_per_year=f.budget_vnd_per_year,
        jobs=project.jobs_planned,
        skilled_jobs=f.skilled_jobs,
        tech_transfer=_yes_no(f.tech_transfer),
        local_suppliers_pct=f.local_suppliers_pct,
        zones=tuple(zones),
    )


class Screening(BaseModel):
    """A project screened at the dossier stage with one criteria version: the score as it
    was, and the officer's decision on the recommendation (its changes are in the history)."""

    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        CONFIRMED = "confirmed", _("Confirmed")
        OVERRIDDEN = "overridden", _("Overridden")

    project = models.ForeignKey("investments.Project", models.CASCADE, related_name="screenings")
    criteria_set = models.ForeignKey(
        CriteriaSet,
        models.PROTECT,
        related_name="screenings",
        verbose_name=_("criteria version"),
    )
    stage = models.CharField(_("stage when screened"), max_length=20, choices=Stage.choices)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    possible = models.DecimalField(_("could be scored"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("score (%)"), null=True, blank=True, **PERCENT)
    brown = models.BooleanField(_("polluting activity flagged"), default=False)
    #: each criterion's result as computed (engine.Result as data); words come at display
    results = models.JSONField(_("results"), default=list, editable=False)
    #: the facts the score used, as they were
    inputs = models.JSONField(_("facts used"), default=dict, editable=False)
    computed = models.CharField(
        _("computed recommendation"), max_length=20, choices=Recommendation.choices
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    recommendation = models.CharField(
        _("recommendation"),
        max_length=20,
        choices=[c for c in Recommendation.choices if c[0] != engine.NO_RULE],
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    # The results and facts are fixed when the screening is made; the history follows the
    # decision on it (the results are shown on the page, criterion by criterion).
    history_exclude = (*BaseModel.history_exclude, "results", "inputs")

    class Meta:
        ordering = ["project", "-created_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.project}: {self.points}/{self.possible}"

    @property
    def history_id(self) -> str:
        return f"screening-history-{self.pk}"

    @property
    def result_objects(self) -> list[engine.Result]:
        return [result_from_json(r) for r in self.results]

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Confidential, like the project's stage history: the pipeline's people read it."""
        return access.restrict(queryset, user, action, prefix="project__")

    @classmethod
    def permits(cls, user: Any, action: str, obj: Any) -> bool:
        return access.permits(cls, user, action, obj)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def result_to_json(result: engine.Result) -> dict[str, Any]:
    return {
        "key": result.key,
        "weight": str(result.weight),
        "points": str(result.points),
        "status": result.status,
        "value": _plain(result.value),
        "threshold": None if result.threshold is None else str(result.threshold),
        "norm_zone": result.norm_zone,
        "missing": list(result.missing),
    }


def result_from_json(data: dict[str, Any]) -> engine.Result:
    value = data.get("value")
    if data["key"] in engine.MEASURED and value is not None:
        value = Decimal(value)
    elif isinstance(value, list):
        value = tuple(value)
    threshold = data.get("threshold")
    return engine.Result(
        key=data["key"],
        weight=Decimal(data["weight"]),
        points=Decimal(data["points"]),
        status=data["status"],
        value=value,
        threshold=None if threshold is None else Decimal(threshold),
        norm_zone=data.get("norm_zone", ""),
        missing=tuple(data.get("missing", ())),
    )


class IndicatorFeed(BaseModel):
    """A programme indicator whose yearly figures the screening computes (configured, not
    coded): e.g. the share of capital in green and high-tech projects ("brown to green")."""

    class Measure(models.TextChoices):
        GREEN_HIGH_TECH_SHARE = (
            "green_high_tech_capital_share",
            _("Share of capital attracted in green or high-tech projects (%)"),
        )

    province = models.ForeignKey("core.Province", models.PROTECT, related_name="+")
    indicator = models.OneToOneField(
        "programmes.Indicator",
        models.CASCADE,
        related_name="screening_feed",
        verbose_name=_("indicator"),
    )
    measure = models.CharField(_("computed as"), max_length=40, choices=Measure.choices)

    class Meta:
        verbose_name = _("indicator computed from screening")
        verbose_name_plural = _("indicators computed from screening")

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.get_measure_display()}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        if action == "view":
            return queryset
        return queryset if permissions.edits_criteria(user) else queryset.none()
