"""A province with its labour assumptions, one machinists' programme, a company and its account."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory, ProvinceFactory
from tests.investments.factories import InvestorFactory
from xuctien.labour.models import Institution, Occupation, Policy, Programme, ProgrammeYear
from xuctien.portal.models import Membership

YEAR = 2027


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def occupations(db):
    craft = Occupation.objects.create(code="7", name_vi="Lao động thủ công", name_en="Craft")
    metal = Occupation.objects.create(
        code="72", name_vi="Thợ cơ khí", name_en="Metal, machinery", parent=craft
    )
    return {"7": craft, "72": metal}


@pytest.fixture
def policy(province):
    training = AgencyFactory(code="SGDDT", name_vi="Sở Giáo dục và Đào tạo", name_en="DOET")
    return Policy.objects.create(
        province=province,
        stay_rate=Decimal("0.5"),
        stay_rate_is_assumption=True,
        stay_rate_source="Giả định",
        gap_threshold=50,
        responsible_agency=training,
        responsible_source="test",
    )


@pytest.fixture
def programme(province, occupations):
    """40 intermediate machinists graduate in 2027: 20 stay (stay rate 0.5)."""
    school = Institution.objects.create(
        province=province, code="CD1", kind="college", name_vi="Trường Cao đẳng Một"
    )
    programme = Programme.objects.create(
        institution=school, occupation=occupations["72"], level="intermediate", name_vi="Cơ khí"
    )
    ProgrammeYear.objects.create(programme=programme, year=YEAR, graduates=40)
    return programme


@pytest.fixture
def company(db):
    return InvestorFactory(name="Công ty Cơ khí Thật")


@pytest.fixture
def company_account(investor, company):
    Membership.objects.create(
        user=investor, investor=company, role=Membership.Role.OWNER, accepted_at=timezone.now()
    )
    return investor


@pytest.fixture
def labour(policy, programme):
    return policy
