"""factory_boy factories for every app; tests build exactly the records they need."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from xuctien.core.models import Agency, Locality, Province, User, Zone
from xuctien.core.roles import NATIONAL, Role
from xuctien.programmes.models import (
    Baseline,
    Breakthrough,
    Indicator,
    Observation,
    Programme,
    Target,
)


class ProvinceFactory(DjangoModelFactory):
    """Quảng Ninh unless told otherwise, with its own province-level locality."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "QN"
    slug = factory.LazyAttribute(lambda p: "quang-ninh" if p.code == "QN" else p.code.lower())
    name_vi = "Tỉnh Quảng Ninh"
    name_en = "Quang Ninh Province"

    @factory.post_generation
    def place(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and self.locality_id is None:
            self.locality = Locality.objects.get_or_create(
                province=self,
                code=self.code,
                defaults={
                    "name_vi": self.name_vi,
                    "name_en": self.name_en,
                    "kind": Locality.Kind.PROVINCE,
                },
            )[0]
            self.save()


class LocalityFactory(DjangoModelFactory):
    """The province's own locality unless given another code (then a district in it)."""

    class Meta:
        model = Locality
        django_get_or_create = ("province", "code")

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttribute(lambda o: o.province.code)
    name_vi = factory.LazyAttribute(lambda o: o.province.name_vi)
    name_en = factory.LazyAttribute(lambda o: o.province.name_en)
    kind = factory.LazyAttribute(
        lambda o: Locality.Kind.PROVINCE if o.code == o.province.code else Locality.Kind.DISTRICT
    )


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("province", "code")

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"AG{n}")
    name_vi = factory.Sequence(lambda n: f"Sở số {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    kind = Agency.Kind.DEPARTMENT


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("province", "code")

    province = factory.SubFactory(ProvinceFactory)
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
    #: The home province: the agency's or zone's, Quảng Ninh otherwise; none for national roles.
    province = factory.LazyAttribute(
        lambda u: (
            None
            if u.role in NATIONAL
            else (
                getattr(getattr(u, "agency", None), "province", None)
                or getattr(getattr(u, "zone", None), "province", None)
                or ProvinceFactory()
            )
        )
    )
    password = factory.django.Password("correct-horse-battery")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("province", "code")

    province = factory.SubFactory(ProvinceFactory)
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
        django_get_or_create = ("programme", "code")

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
    locality = factory.LazyAttribute(lambda o: o.indicator.programme.province.locality)
    value = Decimal("11")
    status = Observation.Status.APPROVED
    source_url = "https://example.vn/source"
