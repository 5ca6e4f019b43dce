"""Places, agencies, zones, users and the change history shared by every app."""

from contextlib import suppress
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.roles import NATIONAL, READ_ALL, Role
from xuctien.core.text import LONG_TEXT, SOURCE_TEXT
from xuctien.models import BaseModel, RestrictedQuerySet


def in_language(vietnamese: str, english: str, language: str | None = None) -> str:
    """The text in the reader's language: English when English is active and written,
    otherwise Vietnamese (the other one when Vietnamese is missing). ``language``: the
    active language, when the caller read it once for many texts."""
    if (language or get_language()) == "en" and english:
        return english
    return vietnamese or english


def translated(obj: Any, field: str) -> str:
    """``obj``'s ``field`` in the reader's language (see docs/decisions/0014).

    Curated text keeps its Vietnamese in ``<field>_vi`` (or in ``<field>`` itself, for the
    fields that were Vietnamese-only before) and its English in ``<field>_en``.
    """
    vietnamese_field = f"{field}_vi" if hasattr(obj, f"{field}_vi") else field
    return in_language(getattr(obj, vietnamese_field, "") or "", getattr(obj, f"{field}_en", ""))


class Bilingual(models.Model):
    """A record with a Vietnamese and an English name; ``name`` follows the language."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300, validators=text.NAME)
    name_en = models.CharField(
        _("name (English)"), max_length=300, blank=True, validators=text.NAME
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_vi, self.name_en)


class Sourced(models.Model):
    """Where a fact came from: every published figure keeps its source."""

    source_url = models.TextField(_("source URL"), blank=True, max_length=SOURCE_TEXT)
    # How the figure was read, conflicts, gaps: for the people who curate the data (the
    # admin and the history), never shown on a page, and so never translated.
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)

    class Meta:
        abstract = True

    @property
    def source_urls(self) -> list[str]:
        return [u.strip() for u in self.source_url.split("|") if u.strip()]


def province_field(related_name: str, editable: bool = True) -> Any:
    """The province a record belongs to (see ``ProvinceScoped``)."""
    return models.ForeignKey(
        "core.Province",
        models.PROTECT,
        related_name=related_name,
        editable=editable,
        verbose_name=_("province"),
    )


class ProvinceScoped(models.Model):
    """A record that belongs to one province (``province = province_field(...)``).

    A new record saved without a province takes the one of its first parent (named in
    ``province_from``) that has one; failing that, the home province of the person a service
    acts for (``history.acting_as``), then the installation's only province. Otherwise the
    caller must say which (decision record 0019).
    """

    #: The relations, in order, whose province a new record takes when given none.
    province_from: ClassVar[tuple[str, ...]] = ()
    province_path: ClassVar[str | None] = "province"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None:  # type: ignore[attr-defined]
            self.province = self.inherited_province()
        super().save(*args, **kwargs)

    def clean_fields(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None:  # type: ignore[attr-defined]
            with suppress(ValueError):  # then validation says the province is missing
                self.province = self.inherited_province()
        super().clean_fields(*args, **kwargs)

    def inherited_province(self) -> "Province":
        for name in self.province_from:
            parent = getattr(self, name, None)
            if parent is not None and getattr(parent, "province_id", None):
                return parent.province
        from xuctien.history import current_actor

        actor = current_actor()  # the person a service acts for: their home province
        if getattr(actor, "province_id", None):
            return actor.province
        sole = Province.objects.sole()
        if sole is None:
            raise ValueError(f"{type(self).__name__} {self}: which province does it belong to?")
        return sole


class ProvinceQuerySet(RestrictedQuerySet):
    def sole(self) -> "Province | None":
        """The installation's province when it has exactly one, else None."""
        found = list(self.all()[:2])
        return found[0] if len(found) == 1 else None

    def given_or_sole(self, province: "Province | None") -> "Province":
        """``province``, or the installation's only one; a loader told neither stops."""
        province = province or self.sole()
        if province is None:
            raise ValueError("Say which province: there is none, or more than one.")
        return province


class Locality(ProvinceScoped, Bilingual, Sourced, BaseModel):
    """An administrative unit (province, district, commune…) valid over a span of dates."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        DISTRICT = "district", _("District")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        WARD = "ward", _("Ward")
        COMMUNE = "commune", _("Commune")

    province_from = ("parent",)

    province = province_field("localities")
    code = models.CharField(_("code"), max_length=40, validators=text.NAME)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name_vi"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="locality_code_unique")
        ]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")

    def is_valid_on(self, day: Any) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Province(Bilingual, Sourced, BaseModel):
    """A province (or centrally-run city): the scope every domain record belongs to.

    A province is data: it is onboarded from a workbook, never written into code. Provinces
    merge (since 1 July 2025, 63 became 34): a merged province keeps its records and names its
    successor, whose pages show them as inherited.
    """

    code = models.CharField(_("code"), max_length=40, unique=True, validators=text.NAME)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    locality = models.OneToOneField(
        Locality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="province_scope",
        verbose_name=_("locality"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Agency(ProvinceScoped, Bilingual, Sourced, BaseModel):
    """A body that carries tasks: department, board, centre, People's Committee…"""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party committee")
        COUNCIL = "council", _("People's Council")
        PEOPLE_COMMITTEE = "people_committee", _("People's Committee")
        DEPARTMENT = "department", _("Department")
        BOARD = "board", _("Management board")
        CENTRE = "centre", _("Centre")
        STATISTICS = "statistics", _("Statistics office")
        TASK_FORCE = "task_force", _("Task force")
        LOCAL_COMMITTEE = "local_committee", _("Local People's Committee")

    province_from = ("locality", "successor")

    province = province_field("agencies")
    code = models.CharField(_("code"), max_length=40, validators=text.NAME)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    #: Other names plans write for it, separated by " | " (matched by ``actions.matching``).
    aliases = models.TextField(_("other names"), blank=True, max_length=1000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    locality = models.ForeignKey(
        Locality, models.PROTECT, null=True, blank=True, verbose_name=_("locality")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    head = models.CharField(_("head"), max_length=300, blank=True)
    role = models.TextField(
        _("role in the programme (Vietnamese)"), blank=True, max_length=LONG_TEXT
    )
    role_en = models.TextField(
        _("role in the programme (English)"), blank=True, max_length=LONG_TEXT
    )

    class Meta:
        ordering = ["name_vi"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="agency_code_unique")
        ]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split("|") if a.strip()]


class AgencyAlias(BaseModel):
    """Another way plans write an agency's name: an abbreviation, an old name, a nickname.

    The secretariat adds aliases from an import's own questions ("Which agency is “Sở
    KH-ĐT”?"), so the next import knows the name. ``key`` is the name as the matcher
    compares it (accents, case and the province's own name removed): one key, one agency.
    """

    province = models.ForeignKey(
        Province, models.PROTECT, related_name="+", verbose_name=_("province")
    )
    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="alias_records", verbose_name=_("agency")
    )
    name = models.CharField(_("name as written"), max_length=300, validators=text.NAME)
    key = models.CharField(_("name as compared"), max_length=300, editable=False)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "key"], name="agency_alias_unique"),
        ]
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")

    def __str__(self) -> str:
        return f"{self.name} → {self.agency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from xuctien.actions.matching import normalise

        self.key = normalise(self.name, province=self.province)
        super().save(*args, **kwargs)


class Zone(ProvinceScoped, Bilingual, Sourced, BaseModel):
    """An economic zone, industrial park or industrial cluster and its land."""

    class Kind(models.TextChoices):
        ECONOMIC_ZONE = "economic_zone", _("Economic zone")
        INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
        INDUSTRIAL_CLUSTER = "industrial_cluster", _("Industrial cluster")

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        PLANNED = "planned", _("Planned")
        PROPOSED = "proposed", _("Proposed")
        REVOKED = "revoked", _("Revoked")
        UNKNOWN = "unknown", _("Unknown")

    province_from = ("parent", "locality")

    province = province_field("zones")
    code = models.CharField(_("code"), max_length=40, validators=text.NAME)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("within"),
    )
    locality = models.ForeignKey(
        Locality, models.PROTECT, null=True, blank=True, verbose_name=_("locality")
    )
    locality_text = models.CharField(_("location as published"), max_length=300, blank=True)
    total_area_ha = models.DecimalField(
        _("total area (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    industrial_land_ha = models.DecimalField(
        _("industrial land (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    leased_land_ha = models.DecimalField(
        _("leased land (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    occupancy_note = models.TextField(_("occupancy"), blank=True, max_length=LONG_TEXT)
    developer = models.CharField(_("developer"), max_length=300, blank=True)
    established = models.CharField(_("established or approved"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )

    class Meta:
        ordering = ["kind", "name_vi"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="zone_code_unique")
        ]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")


class User(AbstractUser, BaseModel):
    """A person who signs in.

    A person holds a role per province (``Membership``), or a national role. ``role``,
    ``agency`` and ``zone`` are the membership of the person's home ``province``: saving the
    user keeps that membership in step (see ``xuctien.core.scope`` and decision 0019).
    """

    history_exclude = ("created_at", "updated_at", "version", "password", "last_login")

    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("home province"),
        help_text=_("Blank for a national role."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEADERSHIP)
    agency = models.ForeignKey(
        Agency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("zone")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="vi"
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.role in NATIONAL:
            self.province = None
        elif self.province_id is None:
            body = self.agency or self.zone
            self.province = body.province if body is not None else Province.objects.sole()
        super().save(*args, **kwargs)
        self._keep_home_membership()

    def _keep_home_membership(self) -> None:
        """The membership of the home province says what ``role``, ``agency``, ``zone`` say."""
        from xuctien.core.scope import forget_memberships

        forget_memberships(self)
        if self.province_id is None:
            return
        values = {"role": self.role, "agency_id": self.agency_id, "zone_id": self.zone_id}
        membership = Membership.objects.filter(user=self, province=self.province_id).first()
        if membership is None:
            Membership.objects.create(user=self, province_id=self.province_id, **values)
        elif any(getattr(membership, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(membership, name, value)
            membership.save()

    @property
    def reads_all(self) -> bool:
        return self.is_superuser or self.role in READ_ALL

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles


class Membership(BaseModel):
    """A person's role in one province, with the agency or zone they act for there.

    A person may hold roles in several provinces; the one of their home province is also
    written on the user (``User.role``, ``agency``, ``zone``). Companies an investor acts
    for are ``portal.Membership`` (investors are shared by every province).
    """

    province_path = "province"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    province = province_field("memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )

    class Meta:
        ordering = ["user", "province"]
        constraints = [
            models.UniqueConstraint(fields=["user", "province"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.province} · {self.get_role_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role in NATIONAL:
            raise ValidationError({"role": _("A national role is not held in a province.")})
        for name in ("agency", "zone"):
            body = getattr(self, name)
            if body is not None and body.province_id != self.province_id:
                raise ValidationError({name: _("This is not in the membership's province.")})


class ChangeRecordQuerySet(models.QuerySet):
    def for_object(self, instance: models.Model) -> models.QuerySet:
        ct = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        return self.filter(content_type=ct, object_id=str(instance.pk)).select_related("user")

    def for_objects(self, instances: list[models.Model]) -> models.QuerySet:
        """The changes of several records together (a record and its translations, say)."""
        match = models.Q(pk__in=[])
        for instance in instances:
            ct = ContentType.objects.get_for_model(instance, for_concrete_model=False)
            match |= models.Q(content_type=ct, object_id=str(instance.pk))
        return self.filter(match).select_related("user")


class ChangeBatch(models.Model):
    """One bulk write (an import): who, when, what; its rows are its ``changes``.

    Each row written keeps its own ``ChangeRecord`` (inserted together, not one by one),
    pointing here, so a record's history shows "created by import batch N" and the batch
    lists every row it created or changed (docs/decisions/0029).
    """

    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("kind"))
    label = models.CharField(_("what was imported"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    created = models.PositiveIntegerField(_("rows created"), default=0)
    updated = models.PositiveIntegerField(_("rows changed"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.pk}: {self.label}"


class ChangeRecord(models.Model):
    """One change to one record: who, when, and the fields before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    # Found by (content_type, object_id) together, the index of ``Meta.indexes``; that
    # index serves a kind alone too, so neither column has one of its own (decision 0038).
    content_type = models.ForeignKey(
        ContentType, models.CASCADE, verbose_name=_("kind"), db_index=False
    )
    object_id = models.CharField(_("record"), max_length=64)
    object_repr = models.CharField(_("record name"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    #: The import this change was part of (its rows written together), if any.
    batch = models.ForeignKey(
        ChangeBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("import batch"),
    )

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("change")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field this change touched."""
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted({*before, *after})]


class LoginFailure(models.Model):
    """One failed sign-in, kept for the lockout window (``xuctien.core.lockout``).

    A security log, not a business record: no history, and old rows are pruned as new
    ones arrive; the client address is kept as a keyed hash only. The failure that
    reaches a limit carries the end of the lock it starts:
    ``locks_user_until`` for its user name, ``locks_ip_until`` for its address.
    """

    username = models.CharField(_("user name"), max_length=150)
    #: The client address as a keyed hash (``xuctien.core.privacy``); "" when unknown.
    address_key = models.CharField(_("address (keyed hash)"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)
    locks_user_until = models.DateTimeField(_("user name locked until"), null=True, blank=True)
    locks_ip_until = models.DateTimeField(_("address locked until"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["address_key", "at"]),
        ]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} {self.address_key[:8]} {self.at:%Y-%m-%d %H:%M}"


class AggregateGeneration(models.Model):
    """Which state of its data a cached aggregate was computed from (``core.aggregates``).

    One generation (drawn at random at each change) per aggregate key and province
    (``province_id`` 0: data shared by every province, whose change invalidates every
    province's aggregates). Services that write
    the data bump it in their transaction; a cached aggregate is keyed by it, so a stale
    value is never read again by any worker. A cache counter, not a business record: no
    history.
    """

    key = models.CharField(_("aggregate"), max_length=80)
    province_id = models.BigIntegerField(_("province"), default=0)
    generation = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "province_id"], name="aggregate_generation_once")
        ]
        verbose_name = _("aggregate generation")
        verbose_name_plural = _("aggregate generations")

    def __str__(self) -> str:
        return f"{self.key} {self.province_id} #{self.generation}"


class ApiTokenQuerySet(RestrictedQuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(BaseModel):
    """A named key a person gives a script to use the API as them, until they revoke it.

    Only a hash of the key is stored; the key itself is shown once, when it is created
    (``xuctien.core.tokens``). A person may hold several, one per script, and revoke each
    on its own. Revoked tokens stay listed, with when they were revoked.
    """

    history_exclude = ("created_at", "updated_at", "version", "key_hash", "last_used_at")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key starts with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Each person sees and revokes their own tokens only."""
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(user=user)

    @classmethod
    def permits(cls, user: Any, action: str, obj: "ApiToken | None") -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return obj is None or obj.user_id == user.pk
