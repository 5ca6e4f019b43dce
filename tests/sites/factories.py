import factory
from factory.django import DjangoModelFactory

from tests.factories import ProvinceFactory, ZoneFactory
from xuctien.sites.models import SiteReport, State


class SiteReportFactory(DjangoModelFactory):
    class Meta:
        model = SiteReport
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    zone = factory.SubFactory(ZoneFactory)
    state = State.PUBLISHED
    source_url = "https://example.org/synthetic-test-source"

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)
