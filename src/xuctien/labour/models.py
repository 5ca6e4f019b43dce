"""High-quality labour (Resolution 01, breakthrough 3): what enterprises need, what the
province's institutions train, the jobs projects report, and the assumptions that join them.

Every record belongs to a province. Enterprises' needs are private to the enterprise and
the province's people; the supply side (institutions, programmes, their yearly figures) is
published facts and public. Synthetic demo needs carry ``is_synthetic`` and never count in
real figures.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import bounds, text
from xuctien.core.models import Bilingual, Sourced
from xuctien.core.text import LONG_TEXT
from xuctien.labour import permissions
from xuctien.models import BaseModel


class SkillLevel(models.TextChoices):
    """The skill levels the yearly labour survey asks about, lowest first."""

    UNSKILLED = "unskilled", _("Unskilled")
    TRAINED = "trained", _("Trained, no certificate")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University and above")


#: Levels a training institution certifies (skilled workers, in the skilled-share indicator).
CERTIFIED = (
    SkillLevel.ELEMENTARY,
    SkillLevel.INTERMEDIATE,
    SkillLevel.COLLEGE,
    SkillLevel.UNIVERSITY,
)


class Occupation(Bilingual, Sourced, BaseModel):
    """A group of Vietnam's occupation list (VSCO 2020), aligned to an ISCO-08 group.

    One digit: a major group; two digits: a sub-major group within it. Needs and
    programmes name a sub-major group where they can; the gap adds them up by major group.
    """

    code = models.CharField(_("code"), max_length=4, unique=True, validators=text.NAME)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("major group"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation group")
        verbose_name_plural = _("occupation groups")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def major_code(self) -> str:
        return self.code[:1]


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal (the enterprise)")
    OFFICER = "officer", _("Agency officer")
    SURVEY = "survey", _("Yearly survey")


class Need(BaseModel):
    """An enterprise's need for workers of one occupation and level, in one quarter."""

    province = models.ForeignKey(
        "core.Province", models.PROTECT, related_name="labour_needs", verbose_name=_("province")
    )
    enterprise = models.ForeignKey(
        "investments.Investor",
        models.PROTECT,
        related_name="labour_needs",
        verbose_name=_("enterprise"),
    )
    project = models.ForeignKey(
        "investments.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="labour_needs",
        verbose_name=_("project"),
    )
    occupation = models.ForeignKey(
        Occupation, models.PROTECT, related_name="needs", verbose_name=_("occupation")
    )
    level = models.CharField(_("skill level"), max_length=20, choices=SkillLevel.choices)
    number = models.PositiveIntegerField(
        _("workers needed"), validators=bounds.between(1, bounds.MAX_JOBS)
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=bounds.between(2000, 2100))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=bounds.between(1, 4)
    )
    zone = models.ForeignKey(
        "core.Zone", models.PROTECT, null=True, blank=True, verbose_name=_("zone")
    )
    locality = models.ForeignKey(
        "core.Locality", models.PROTECT, null=True, blank=True, verbose_name=_("locality")
    )
    foreign_experts = models.BooleanField(_("foreign experts needed"), default=False)
    channel = models.CharField(
        _("entered through"), max_length=10, choices=Channel.choices, default=Channel.OFFICER
    )
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["-year", "quarter", "enterprise__name", "id"]
        indexes = [models.Index(fields=["year", "occupation", "level"])]
        verbose_name = _("labour need")
        verbose_name_plural = _("labour needs")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.occupation.code} · {self.number}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return permissions.restrict_needs(queryset, user, action)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Need | None") -> bool:
        return permissions.permits_need(user, action, obj)


class Survey(Sourced, BaseModel):
    """The yearly survey of enterprises' needs: how much of the province it covers.

    Until the secretariat declares a year's survey complete, the needs of that year are a
    partial count: their sum is a lower bound of the province's demand (decision 0009).
    """

    province = models.ForeignKey(
        "core.Province", models.PROTECT, related_name="labour_surveys", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=bounds.between(2000, 2100))
    enterprises_asked = models.PositiveIntegerField(
        _("enterprises asked"), null=True, blank=True, validators=bounds.between(0, 1_000_000)
    )
    enterprises_answered = models.PositiveIntegerField(
        _("enterprises that answered"),
        null=True,
        blank=True,
        validators=bounds.between(0, 1_000_000),
    )
    complete = models.BooleanField(
        _("declared complete"),
        default=False,
        help_text=_("Every enterprise of the province answered: the sum is the demand."),
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="labour_survey_unique")
        ]
        verbose_name = _("labour survey")
        verbose_name_plural = _("labour surveys")

    def __str__(self) -> str:
        return f"{self.province.code} {self.year}"


class Institution(Bilingual, Sourced, BaseModel):
    """A university, college, vocational school, training centre or enterprise's own school."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")
        VOCATIONAL = "vocational", _("Vocational school")
        CENTRE = "centre", _("Training centre")
        ENTERPRISE = "enterprise", _("Enterprise's own training")

    province = models.ForeignKey(
        "core.Province",
        models.PROTECT,
        related_name="training_institutions",
        verbose_name=_("province"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=text.NAME)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    locality = models.ForeignKey(
        "core.Locality", models.PROTECT, null=True, blank=True, verbose_name=_("locality")
    )
    enterprise = models.ForeignKey(
        "investments.Investor",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="training_institutions",
        verbose_name=_("enterprise"),
        help_text=_("For an enterprise's own training."),
    )
    website = models.URLField(_("website"), blank=True)
    partners = models.ManyToManyField(
        "investments.Investor",
        through="Partnership",
        related_name="training_partners",
        blank=True,
        verbose_name=_("partner enterprises"),
    )

    class Meta:
        ordering = ["kind", "name_vi"]
        verbose_name = _("training institution")
        verbose_name_plural = _("training institutions")


class Programme(Bilingual, Sourced, BaseModel):
    """What an institution trains: one occupation group at one level."""

    institution = models.ForeignKey(
        Institution, models.CASCADE, related_name="programmes", verbose_name=_("institution")
    )
    occupation = models.ForeignKey(
        Occupation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("occupation"),
        help_text=_("Empty when the sources do not say which occupations it trains for."),
    )
    level = models.CharField(_("skill level"), max_length=20, choices=SkillLevel.choices)

    class Meta:
        ordering = ["institution", "name_vi"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")


class ProgrammeYear(Sourced, BaseModel):
    """A programme's enrolment and graduates in one year; empty where nothing was published."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="years", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=bounds.between(2000, 2100))
    enrolment = models.PositiveIntegerField(
        _("enrolment"), null=True, blank=True, validators=bounds.between(0, bounds.MAX_JOBS)
    )
    graduates = models.PositiveIntegerField(
        _("graduates"), null=True, blank=True, validators=bounds.between(0, bounds.MAX_JOBS)
    )
    graduates_at_least = models.BooleanField(
        _("graduates: at least"),
        default=False,
        help_text=_("The source counts part of the year (one graduation session, say)."),
    )

    class Meta:
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_year_unique")
        ]
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class Partnership(Sourced, BaseModel):
    """An institution trains with an enterprise (internships, orders, own classes)."""

    institution = models.ForeignKey(
        Institution, models.CASCADE, related_name="partnerships", verbose_name=_("institution")
    )
    enterprise = models.ForeignKey(
        "investments.Investor",
        models.CASCADE,
        related_name="training_partnerships",
        verbose_name=_("enterprise"),
    )
    since = models.DateField(_("since"), null=True, blank=True, validators=bounds.fact_date())

    class Meta:
        ordering = ["institution", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "enterprise"], name="training_partnership_unique"
            )
        ]
        verbose_name = _("training partnership")
        verbose_name_plural = _("training partnerships")

    def __str__(self) -> str:
        return f"{self.institution} · {self.enterprise}"


class JobsReport(Sourced, BaseModel):
    """Workers a project employs at the end of a period, as its enterprise reported them."""

    project = models.ForeignKey(
        "investments.Project",
        models.CASCADE,
        related_name="jobs_reports",
        verbose_name=_("project"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=bounds.between(2000, 2100))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=bounds.between(1, 4)
    )
    workers = models.PositiveIntegerField(
        _("workers employed"), validators=bounds.between(0, bounds.MAX_JOBS)
    )
    skilled_workers = models.PositiveIntegerField(
        _("of whom trained with a certificate"),
        null=True,
        blank=True,
        validators=bounds.between(0, bounds.MAX_JOBS),
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["project", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "quarter"], name="jobs_report_unique"
            )
        ]
        verbose_name = _("jobs report")
        verbose_name_plural = _("jobs reports")

    def __str__(self) -> str:
        period = f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.project} {period}"


class Policy(BaseModel):
    """The assumptions the gap runs on, one set per province, each with its source.

    The stay rate is the share of a year's graduates who take a job in the province; where
    no published figure exists it is the secretariat's working assumption and says so.
    """

    province = models.OneToOneField(
        "core.Province", models.PROTECT, related_name="labour_policy", verbose_name=_("province")
    )
    stay_rate = models.DecimalField(
        _("stay rate"),
        max_digits=5,
        decimal_places=4,
        validators=bounds.between(Decimal(0), Decimal(1)),
        help_text=_("Share of graduates who stay to work in the province (0–1)."),
    )
    stay_rate_is_assumption = models.BooleanField(_("the stay rate is an assumption"))
    stay_rate_source = models.TextField(
        _("stay rate: source or reasoning (Vietnamese)"), max_length=LONG_TEXT
    )
    stay_rate_source_en = models.TextField(
        _("stay rate: source or reasoning (English)"), blank=True, max_length=LONG_TEXT
    )
    gap_threshold = models.PositiveIntegerField(
        _("gap threshold (workers)"),
        validators=bounds.between(1, bounds.MAX_JOBS),
        help_text=_("A gap of at least this many workers proposes a task."),
    )
    responsible_agency = models.ForeignKey(
        "core.Agency",
        models.PROTECT,
        related_name="+",
        verbose_name=_("agency in charge of training"),
    )
    responsible_source = models.TextField(_("agency in charge: source"), max_length=LONG_TEXT)
    task_group = models.CharField(
        _("solution group of the proposed tasks"),
        max_length=40,
        blank=True,
        help_text=_("The code of the programme's solution group that takes these tasks."),
    )

    class Meta:
        verbose_name = _("labour assumptions")
        verbose_name_plural = _("labour assumptions")

    def __str__(self) -> str:
        return str(self.province)


class GapTask(BaseModel):
    """The action-programme task a gap prompted, and the gap as it stood then."""

    province = models.ForeignKey("core.Province", models.PROTECT, verbose_name=_("province"))
    occupation = models.ForeignKey(Occupation, models.PROTECT, verbose_name=_("occupation"))
    level = models.CharField(_("skill level"), max_length=20, choices=SkillLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    zone = models.ForeignKey(
        "core.Zone", models.PROTECT, null=True, blank=True, verbose_name=_("zone")
    )
    gap = models.CharField(_("gap when proposed"), max_length=40)
    task = models.ForeignKey(
        "actions.Task", models.CASCADE, related_name="labour_gaps", verbose_name=_("task")
    )

    class Meta:
        ordering = ["-year", "occupation"]
        verbose_name = _("gap task")
        verbose_name_plural = _("gap tasks")

    def __str__(self) -> str:
        return f"{self.occupation.code} {self.get_level_display()} {self.year}"
