"""The Centre's writes of public content: articles, images, pages and opportunities.

Every function takes the acting user, refuses anyone who does not edit content, runs in
one transaction and records history under that user. Translations arrive as
``{language: {field: value}}``; a language left without a title is removed.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.portal.models import (
    Article,
    ArticleImage,
    ArticleStatus,
    ArticleTranslation,
    InvestmentOpportunity,
    OpportunityStatus,
    OpportunityTranslation,
    Page,
    PageTranslation,
)
from xuctien.portal.models.translation import content_languages
from xuctien.portal.permissions import edits_content
from xuctien.portal.uploads import check_image

Translations = dict[str, dict[str, str]]


def _require_editor(user: Any) -> None:
    """``user=None`` is the system (demo loader, commands); pages always pass the user."""
    if user is not None and not edits_content(user):
        raise PermissionDenied(_("You may not edit the portal's content."))


def save_translations(
    parent: models.Model, row_model: type[models.Model], link: str, translations: Translations
) -> None:
    """Create, update or delete the parent's translation rows, one per language."""
    default = content_languages()[0]
    if not (translations.get(default) or {}).get("title", "").strip():
        raise ValidationError(_("A Vietnamese title is required."))
    for language, values in translations.items():
        rows = row_model.objects.filter(**{link: parent, "language": language})
        if not values.get("title", "").strip():
            for row in rows:
                row.delete()
            continue
        row = rows.first() or row_model(**{link: parent, "language": language})
        for field, value in values.items():
            setattr(row, field, value)
        row.full_clean(exclude=[link])
        row.save()


def _check_public_projects(projects: Any) -> None:
    private = [p for p in projects if not p.is_public]
    if private:
        raise ValidationError(
            _("Only projects holding an IRC are public: %(names)s cannot be linked.")
            % {"names": ", ".join(p.name for p in private)}
        )


def save_article(
    user: Any,
    article: Article,
    *,
    translations: Translations,
    relations: dict[str, Any],
) -> Article:
    """Save an article (new or edited), its words in each language and its tags and links."""
    _require_editor(user)
    _check_public_projects(relations.get("projects", ()))
    with transaction.atomic(), history.acting_as(user):
        if article.author_id is None and user is not None:
            article.author = user
        article.full_clean(exclude=list(relations))
        article.save()
        for name, values in relations.items():
            getattr(article, name).set(values)
        save_translations(article, ArticleTranslation, "article", translations)
    return article


def set_article_status(user: Any, article: Article, status: str) -> Article:
    """Publish (stamping the first publication time) or withdraw an article."""
    _require_editor(user)
    if status not in ArticleStatus.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic(), history.acting_as(user):
        article.status = status
        if status == ArticleStatus.PUBLISHED and article.published_at is None:
            article.published_at = timezone.now()
        article.save()
    return article


def upload_image(
    user: Any, upload: UploadedFile, *, alt: str, article: Article | None
) -> ArticleImage:
    """Store an uploaded image after checking its real type and size."""
    _require_editor(user)
    kind = check_image(upload)
    with transaction.atomic(), history.acting_as(user):
        image = ArticleImage(
            article=article, content_type=kind, size=upload.size, alt=alt, uploaded_by=user
        )
        image.file.save(image.extension, upload, save=False)
        image.save()
    return image


def save_page(user: Any, page: Page, *, translations: Translations) -> Page:
    """Save the words of a public page (why, incentives, contacts)."""
    _require_editor(user)
    with transaction.atomic(), history.acting_as(user):
        page.full_clean()
        page.save()
        save_translations(page, PageTranslation, "page", translations)
    return page


def save_opportunity(
    user: Any,
    opportunity: InvestmentOpportunity,
    *,
    translations: Translations,
    priority_groups: Any = (),
) -> InvestmentOpportunity:
    """Save an investment opportunity; publishing stamps its publication time."""
    _require_editor(user)
    with transaction.atomic(), history.acting_as(user):
        if opportunity.created_by_id is None and user is not None:
            opportunity.created_by = user
        if opportunity.status != OpportunityStatus.DRAFT and opportunity.published_at is None:
            opportunity.published_at = timezone.now()
        opportunity.full_clean(exclude=["priority_groups"])
        opportunity.save()
        opportunity.priority_groups.set(priority_groups)
        save_translations(opportunity, OpportunityTranslation, "opportunity", translations)
    return opportunity
