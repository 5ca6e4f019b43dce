"""The people side of the pipeline: investors, their contacts, promotion events, interactions."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import Agency, ProvinceScoped, Sourced, province_field
from xuctien.core.text import LONG_TEXT
from xuctien.investments import access, countries
from xuctien.investments.countries import country_choices
from xuctien.models import BaseModel


class Investor(Sourced, BaseModel):
    """A company or group that invests, or might: its names, origin and identifiers."""

    name = models.CharField(_("legal name"), max_length=300, validators=text.NAME)
    name_zh = models.CharField(
        _("name in Chinese"), max_length=300, blank=True, validators=text.NAME
    )
    name_ko = models.CharField(
        _("name in Korean"), max_length=300, blank=True, validators=text.NAME
    )
    name_ja = models.CharField(
        _("name in Japanese"), max_length=300, blank=True, validators=text.NAME
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    country_text = models.CharField(_("origin as published"), max_length=200, blank=True)
    parent_group = models.CharField(_("parent group"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_code = models.CharField(
        _("tax code (Vietnam)"), max_length=20, blank=True, validators=text.NAME
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="investor_tax_code_unique"
            )
        ]
        indexes = [models.Index(fields=["name", "id"], name="investor_list_order")]
        verbose_name = _("investor")
        verbose_name_plural = _("investors")

    def __str__(self) -> str:
        return self.name

    def get_country_display(self) -> str:
        """As Django's (the country's name), from the names' dictionary (``countries.display``)."""
        return countries.display(self.country)

    @property
    def other_names(self) -> list[str]:
        return [n for n in (self.name_zh, self.name_ko, self.name_ja) if n]

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Investors with a public project are public; the rest follow their projects."""
        public = access.public_q("projects__")
        return access.restrict(
            queryset, user, action, prefix="projects__", public=public, distinct=True
        )

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Investor | None") -> bool:
        return access.permits(cls, user, action, obj)


class Contact(BaseModel):
    """A person at an investor we talk to (confidential)."""

    investor = models.ForeignKey(Investor, models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, validators=text.NAME)
    title = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=40, blank=True)

    class Meta:
        ordering = ["investor", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        return access.restrict(queryset, user, action, prefix="investor__projects__", distinct=True)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Contact | None") -> bool:
        return access.permits(cls, user, action, obj)


class PromotionEvent(ProvinceScoped, Sourced, BaseModel):
    """A conference, roadshow, delegation or fair where we met investors (confidential)."""

    province_from = ("organiser",)

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        ROADSHOW = "roadshow", _("Roadshow")
        DELEGATION = "delegation", _("Delegation")
        TRADE_FAIR = "trade_fair", _("Trade fair")

    province = province_field("promotion_events")
    name = models.CharField(_("name"), max_length=300, validators=text.NAME)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    organiser = models.ForeignKey(
        Agency, models.SET_NULL, null=True, blank=True, verbose_name=_("organiser")
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("our participants")
    )
    investors_met = models.ManyToManyField(
        Investor, blank=True, related_name="events", verbose_name=_("investors met")
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("promotion event")
        verbose_name_plural = _("promotion events")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Read by everyone who works the pipeline; written by the promotion agencies."""
        if action == "view" and (access.sees_all(user) or access.developer_zone_ids(user)):
            return queryset
        if action != "view" and access.writes_all(user):
            return queryset
        return queryset.none()

    @classmethod
    def permits(cls, user: Any, action: str, obj: "PromotionEvent | None") -> bool:
        if obj is None:
            if action == "view":
                return access.sees_all(user) or bool(access.developer_zone_ids(user))
            return access.writes_all(user)
        return cls.restrict_queryset(cls.objects.filter(pk=obj.pk), user, action).exists()


class Interaction(ProvinceScoped, BaseModel):
    """A meeting, call, email, site visit or letter with an investor, and its next step.

    The investor is shared; the interaction belongs to the province whose people held it.
    """

    province_from = ("project", "event")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        SITE_VISIT = "site_visit", _("Site visit")
        LETTER = "letter", _("Letter")
        # Said by the kind, in the reader's language, not by words stored in the notes.
        PORTAL_INQUIRY = "portal_inquiry", _("Inquiry via the investor portal")

    province = province_field("interactions")
    investor = models.ForeignKey(Investor, models.CASCADE, related_name="interactions")
    project = models.ForeignKey(
        "investments.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("project"),
    )
    event = models.ForeignKey(
        PromotionEvent,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("at event"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    contacts = models.ManyToManyField(Contact, blank=True, verbose_name=_("their people"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("our people")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_steps",
        verbose_name=_("next step owner"),
    )
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.investor} {self.date}"

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Confidential: the pipeline's people, and the owner of the next step."""
        owner = getattr(user, "pk", None)
        own = Q(next_step_owner=owner) if owner and action in ("view", "change") else None
        return access.restrict(queryset, user, action, prefix="project__", own=own)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "Interaction | None") -> bool:
        return access.permits(cls, user, action, obj)
