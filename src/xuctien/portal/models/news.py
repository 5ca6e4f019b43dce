"""Investment news (Tin tức đầu tư): the Centre's bilingual articles and their images."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuctien.core import text
from xuctien.core.models import ProvinceScoped, Zone, province_field
from xuctien.core.text import ARTICLE_TEXT
from xuctien.models import BaseModel
from xuctien.portal.models.translation import Translatable, TranslationRow
from xuctien.portal.sanitiser import sanitise


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(ProvinceScoped, Translatable, BaseModel):
    """A news article: dated, tagged by sector and zone, linking zones, projects, programmes."""

    Status = ArticleStatus

    province = province_field("articles")
    slug = models.SlugField(_("address"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default="draft"
    )
    date = models.DateField(_("date"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    sectors = models.ManyToManyField(
        "investments.Sector", blank=True, related_name="+", verbose_name=_("sectors")
    )
    priority_groups = models.ManyToManyField(
        "investments.PriorityGroup", blank=True, related_name="+", verbose_name=_("priority groups")
    )
    zones = models.ManyToManyField(Zone, blank=True, related_name="+", verbose_name=_("zones"))
    projects = models.ManyToManyField(
        "investments.Project",
        blank=True,
        related_name="+",
        verbose_name=_("projects"),
        help_text=_("Only projects holding an IRC are public and may be linked."),
    )
    programmes = models.ManyToManyField(
        "programmes.Programme", blank=True, related_name="+", verbose_name=_("programmes")
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["status", "-date"])]
        constraints = [
            models.UniqueConstraint(fields=["province", "slug"], name="portal_article_unique")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.translated("title") or self.slug

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Published articles are public; the Centre's editors see and write all."""
        from xuctien.portal.permissions import edits_content

        if edits_content(user):
            return queryset
        if action != "view":
            return queryset.none()
        return queryset.filter(status=ArticleStatus.PUBLISHED)


class ArticleTranslation(TranslationRow):
    """An article's title, summary and sanitised body in one language."""

    province_path = "article__province"

    article = models.ForeignKey(Article, models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=300, validators=text.NAME)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("body"), max_length=ARTICLE_TEXT)

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="portal_article_tr_unique")
        ]
        verbose_name = _("article translation")
        verbose_name_plural = _("article translations")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Sanitised on every save, so the admin and imports cannot store a script either.
        self.body = sanitise(self.body)
        super().save(*args, **kwargs)


def image_path(instance: "ArticleImage", filename: str) -> str:
    """A random name: the uploader's file name never reaches the disk or a URL."""
    import secrets

    return f"portal/images/{secrets.token_hex(16)}.{instance.extension}"


class ArticleImage(BaseModel):
    """An uploaded picture (type and size checked) that an article body may show."""

    province_path = "article__province"

    article = models.ForeignKey(
        Article, models.CASCADE, null=True, blank=True, related_name="images"
    )
    file = models.FileField(_("file"), upload_to=image_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    alt = models.CharField(_("description (alt text)"), max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    #: Anyone may see a published article's pictures (``xuctien.core.files``).
    public_files = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return self.alt

    @property
    def extension(self) -> str:
        from xuctien.portal.uploads import EXTENSIONS

        return EXTENSIONS.get(self.content_type, "bin")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:image", args=[self.pk])

    @property
    def file_is_public(self) -> bool:
        return self.article is not None and self.article.is_published

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """A published article's pictures are public; the Centre's editors see all."""
        from xuctien.portal.permissions import edits_content

        if edits_content(user):
            return queryset
        if action != "view":
            return queryset.none()
        return queryset.filter(article__status=ArticleStatus.PUBLISHED)
