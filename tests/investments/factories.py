"""Factories for the investment pipeline's records."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.factories import ProvinceFactory
from xuctien.investments.models import (
    CapitalEvent,
    Contact,
    ExchangeRate,
    Interaction,
    Investor,
    PriorityGroup,
    Project,
    Sector,
    Stage,
)


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "26"
    level = Sector.Level.DIVISION
    section = "C"
    name_vi = "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học"
    name_en = "Manufacture of electronic, computer and optical products"


class PriorityGroupFactory(DjangoModelFactory):
    class Meta:
        model = PriorityGroup
        django_get_or_create = ("code",)

    code = "electronic_components"
    name_vi = "Linh kiện điện tử"
    name_en = "Electronic components"


class InvestorFactory(DjangoModelFactory):
    class Meta:
        model = Investor

    name = factory.Sequence(lambda n: f"Investor {n} Co., Ltd")
    country = "JP"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    investor = factory.SubFactory(InvestorFactory)
    name = "Tanaka Hiroshi"
    email = "tanaka@example.jp"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Project {n}")
    sector = factory.SubFactory(SectorFactory)
    stage = Stage.LEAD
    province = factory.LazyAttribute(
        lambda o: (
            getattr(getattr(o, "zone", None), "province", None)
            or getattr(getattr(o, "locality", None), "province", None)
            or ProvinceFactory()
        )
    )

    @factory.post_generation
    def investors(self, create, extracted, **kwargs):
        if create:
            self.investors.set(extracted if extracted is not None else [InvestorFactory()])


class ExchangeRateFactory(DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "USD"
    rate = Decimal("23000")


class CapitalEventFactory(DjangoModelFactory):
    class Meta:
        model = CapitalEvent

    project = factory.SubFactory(ProjectFactory)
    kind = CapitalEvent.Kind.REGISTRATION
    amount = Decimal("1000000000")
    currency = "VND"
    rate_used = Decimal(1)
    amount_vnd = factory.LazyAttribute(lambda e: e.amount)


class InteractionFactory(DjangoModelFactory):
    class Meta:
        model = Interaction

    investor = factory.SubFactory(InvestorFactory)
    province = factory.LazyAttribute(
        lambda o: o.project.province if getattr(o, "project", None) else ProvinceFactory()
    )
    kind = Interaction.Kind.MEETING
    date = factory.Faker("date_this_decade")
    notes = "Confidential: wants 20 ha, cares about power supply."
