"""Content in several languages: one translation row per language.

A translatable record keeps its language-neutral facts; each language's words live in a
row of its translation model, keyed by a ``language`` code. Adding Chinese, Korean or
Japanese is adding the language to ``settings.LANGUAGES`` (the editor forms grow a set of
fields for it) and writing rows; no column, no migration.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xuctien.models import BaseModel


def content_languages() -> list[str]:
    """The language codes content is written in, the default (Vietnamese) first."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    return [default, *[code for code in codes if code != default]]


class TranslationRow(BaseModel):
    """The words of a record in one language; subclasses add the fields and the parent."""

    language = models.CharField(_("language"), max_length=8, db_index=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.language not in content_languages():
            raise ValidationError({"language": _("Unknown language.")})


class Translatable:
    """Mixin for records with a ``translations`` relation of ``TranslationRow`` rows."""

    translations_name = "translations"

    def translation(self, language: str | None = None) -> Any:
        """The row in ``language`` (default: the active one), else Vietnamese, else any."""
        rows = list(getattr(self, self.translations_name).all())
        by_language = {row.language: row for row in rows}
        for code in (language or get_language(), settings.LANGUAGE_CODE):
            if code in by_language:
                return by_language[code]
        return rows[0] if rows else None

    def translated(self, field: str, language: str | None = None) -> str:
        """One translated field, with the same fallback as ``translation``."""
        row = self.translation(language)
        return getattr(row, field, "") if row is not None else ""

    def shown_language(self) -> str:
        """The language the page will actually show (differs when a translation is missing)."""
        row = self.translation()
        return row.language if row is not None else settings.LANGUAGE_CODE
