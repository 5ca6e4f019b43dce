"""The portal's API shapes: public news and opportunities, and an investor's own projects."""

from typing import Any

from rest_framework import serializers

from xuctien.investments.models import Project
from xuctien.portal.models import Article, InvestmentOpportunity


class TranslatedMixin(serializers.Serializer):
    """Every translation row, keyed by language."""

    translations = serializers.SerializerMethodField()
    translated_fields: tuple[str, ...] = ()

    def get_translations(self, obj: Any) -> dict[str, dict[str, str]]:
        return {
            row.language: {name: getattr(row, name) for name in self.translated_fields}
            for row in obj.translations.all()
        }


class ArticleSerializer(TranslatedMixin, serializers.ModelSerializer):
    translated_fields = ("title", "summary", "body")
    zones = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Article
        fields = ["id", "slug", "date", "published_at", "zones", "sectors", "translations"]


class OpportunitySerializer(TranslatedMixin, serializers.ModelSerializer):
    translated_fields = ("title", "summary", "body")
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Plain text, not an enum: one more "status" choice set would clash in the schema.
    status = serializers.CharField(read_only=True, help_text="draft, published or closed")

    class Meta:
        model = InvestmentOpportunity
        fields = [
            "id", "code", "status", "zone", "land_ha", "capital_vnd", "is_synthetic",
            "translations",
        ]  # fmt: skip


class MyProjectSerializer(serializers.ModelSerializer):
    """An investor's own project: public facts and the investor's own (no Centre notes)."""

    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "name", "stage", "stage_since", "sector", "zone", "land_ha", "jobs_planned",
            "expected_capital_vnd", "irc_number", "irc_date", "capital_vnd",
        ]  # fmt: skip
