"""Factories for the portal's records."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from tests.factories import ProvinceFactory
from xuctien.portal.models import (
    Article,
    ArticleTranslation,
    InvestmentOpportunity,
    OpportunityTranslation,
)


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    slug = factory.Sequence(lambda n: f"article-{n}")
    date = dt.date(2025, 5, 1)
    status = Article.Status.PUBLISHED

    @factory.post_generation
    def words(self, create, extracted, **kwargs):
        if create:
            title = extracted or f"Tin {self.slug}"
            ArticleTranslation.objects.create(
                article=self, language="vi", title=title, body="<p>Nội dung</p>"
            )
            ArticleTranslation.objects.create(
                article=self, language="en", title=f"News {self.slug}", body="<p>Body</p>"
            )


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = InvestmentOpportunity
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"opp-{n}")
    status = InvestmentOpportunity.Status.PUBLISHED

    @factory.post_generation
    def words(self, create, extracted, **kwargs):
        if create:
            OpportunityTranslation.objects.create(
                opportunity=self, language="vi", title=extracted or "Cơ hội", body="<p>x</p>"
            )
