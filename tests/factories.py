"""factory_boy factories for every app; tests build exactly the records they need."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from xuctien.core.models import Agency, Locality, Province, User, Zone
from xuctien.core.roles import Role
from xuctien.programmes.models import (
    Baseline,
    Breakthrough,
    Indicator,
    Observation,
    Programme,
    Target,
)


class LocalityFactory(DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = "QN"
    name_vi = "Tỉnh Quảng Ninh"
    name_en = "Quang Ninh Province"
    kind = Locality.Kind.PROVINCE


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "QN"
    slug = "quang-ninh"
    name_vi = "Tỉnh Quảng Ninh"
    name_en = "Quang Ninh Province"
    locality = factory.SubFactory(LocalityFactory)


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name_vi = factory.Sequence(lambda n: f"Sở số {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    kind = Agency.Kind.DEPARTMENT


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Z{n}")
    name_vi = factory.Sequence(lambda n: f"KCN số {n}")
    kind = Zone.Kind.INDUSTRIAL_PARK


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    role = Role.LEADERSHIP
    password = factory.django.Password("correct-horse-battery")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = "NQ01"
    number = "01-NQ/TU"
    name_vi = "Nghị quyết 01-NQ/TU"
    name_en = "Resolution 01-NQ/TU"


class BreakthroughFactory(DjangoModelFactory):
    class Meta:
        model = Breakthrough
        django_get_or_create = ("programme", "number")

    programme = factory.SubFactory(ProgrammeFactory)
    number = 1
    name_vi = "Đột phá 1"
    name_en = "Breakthrough 1"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"IND_{n}")
    name_vi = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    behaviour = Indicator.Behaviour.LEVEL
    direction = Indicator.Direction.HIGHER


class BaselineFactory(DjangoModelFactory):
    class Meta:
        model = Baseline

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2020
    value = Decimal("10")
    status = Baseline.Status.APPROVED


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    start_year = 2021
    year = 2025
    value = Decimal("15")
    document = "NQ 01-NQ/TU"
    status = Target.Status.APPROVED


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2021"
    locality = factory.SubFactory(LocalityFactory)
    value = Decimal("11")
    status = Observation.Status.APPROVED
    source_url = "https://example.vn/source"
