"""Personas and records for the pipeline's tests, beside the shared ones in tests/conftest."""

from decimal import Decimal

import pytest

from tests.factories import AgencyFactory, UserFactory, ZoneFactory
from tests.investments.factories import SectorFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Sector


@pytest.fixture
def promotion_agency(db):
    return AgencyFactory(code="BQLKKT", name_vi="Ban Quản lý Khu kinh tế", kind=Agency.Kind.BOARD)


@pytest.fixture
def promoter(promotion_agency):
    """An officer of the EZ board: works the whole pipeline."""
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=promotion_agency)


@pytest.fixture
def own_zone(developer):
    return developer.zone


@pytest.fixture
def other_zone(db):
    return ZoneFactory(code="KCN2", name_vi="KCN khác")


@pytest.fixture
def electronics(db):
    return SectorFactory()


@pytest.fixture
def real_estate(db):
    return SectorFactory(
        code="L",
        level=Sector.Level.SECTION,
        section="L",
        name_vi="Hoạt động kinh doanh bất động sản",
        name_en="Real estate activities",
    )


@pytest.fixture
def usd_rates(db):
    from tests.investments.factories import ExchangeRateFactory

    return [
        # annual averages: each applies to any day of its year (and to no other year)
        ExchangeRateFactory(date="2022-01-01", kind="annual_average", rate=Decimal("23000")),
        ExchangeRateFactory(date="2024-01-01", kind="annual_average", rate=Decimal("25000")),
    ]
