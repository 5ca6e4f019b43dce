"""Personas of the portal: two companies, each with an owner; a colleague; the Centre."""

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.models import Stage
from xuctien.portal.models import Membership


@pytest.fixture(autouse=True)
def portal_province(request):
    """The default province, whose portal is /portal/quang-ninh/ (a test that touches the
    database gets it; pure tests, such as the sanitiser's, stay without a database)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        return ProvinceFactory()
    return None


def member(user, company, role=Membership.Role.OWNER):
    return Membership.objects.create(
        user=user, investor=company, role=role, accepted_at=timezone.now()
    )


@pytest.fixture
def company(db):
    return InvestorFactory(name="Công ty Hàn Việt")


@pytest.fixture
def other_company(db):
    return InvestorFactory(name="Other Co")


@pytest.fixture
def owner(investor, company):
    """The shared ``investor`` persona, owner of ``company``."""
    member(investor, company)
    return investor


@pytest.fixture
def colleague(company):
    user = UserFactory(username="dongnghiep", role=Role.INVESTOR)
    member(user, company, Membership.Role.STAFF)
    return user


@pytest.fixture
def outsider(other_company):
    user = UserFactory(username="nguoingoai", role=Role.INVESTOR)
    member(user, other_company)
    return user


@pytest.fixture
def own_project(company):
    return ProjectFactory(name="Nhà máy của chúng tôi", investors=[company], stage=Stage.PROSPECT)


@pytest.fixture
def other_project(other_company):
    return ProjectFactory(name="Their secret plant", investors=[other_company])


@pytest.fixture
def ipa(db):
    return AgencyFactory(
        code="IPA", name_vi="Ban Xúc tiến và Hỗ trợ đầu tư", kind=Agency.Kind.BOARD
    )


@pytest.fixture
def ipa_officer(ipa):
    return UserFactory(username="ipa", role=Role.AGENCY, agency=ipa)
