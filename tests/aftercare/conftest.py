"""Companies, their investor accounts, routing rules and a request to work on."""

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.aftercare import services
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.core.roles import Role
from xuctien.portal.models import Membership

#: Thursday before the offices close for Tết 2025 (25 January – 2 February).
BEFORE_TET = date(2025, 1, 23)


def member(user, company, role=Membership.Role.OWNER):
    return Membership.objects.create(
        user=user, investor=company, role=role, accepted_at=timezone.now()
    )


@pytest.fixture
def company(db):
    return InvestorFactory(name="Công ty TNHH Minh Hoạ", is_synthetic=True)


@pytest.fixture
def other_company(db):
    return InvestorFactory(name="Other Co., Ltd", is_synthetic=True)


@pytest.fixture
def investor_member(investor, company):
    """The ``investor`` persona, acting for ``company``."""
    member(investor, company)
    return investor


@pytest.fixture
def other_investor(other_company):
    user = UserFactory(username="nhadautu2", role=Role.INVESTOR)
    member(user, other_company)
    return user


@pytest.fixture
def project(company):
    return ProjectFactory(name="Nhà máy minh hoạ", investors=[company], is_synthetic=True)


@pytest.fixture
def land_rule(agency):
    """Land requests go to the officer's agency (SCT), 5 working days."""
    return RoutingRule.objects.create(category=Category.LAND, agency=agency, working_days=5)


@pytest.fixture
def permit_rule(other_agency):
    return RoutingRule.objects.create(
        category=Category.CONSTRUCTION, agency=other_agency, working_days=3
    )


@pytest.fixture
def land_request(investor_member, company, land_rule):
    """A land request filed on the portal on Thursday 23 January 2025."""
    return services.submit_request(
        investor_member,
        company,
        category=Category.LAND,
        title="Chậm bàn giao đất",
        description="Đất chưa được bàn giao theo cam kết.",
        received_on=BEFORE_TET,
        is_synthetic=False,  # a real request: it counts in the agency's scores
        today=BEFORE_TET,
    )


@pytest.fixture
def other_request(other_investor, other_company, land_rule):
    return services.submit_request(
        other_investor,
        other_company,
        category=Category.LAND,
        title="Yêu cầu của công ty khác",
        description="Bí mật.",
        received_on=BEFORE_TET,
        is_synthetic=True,
        today=BEFORE_TET,
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def answered_request(company, province, agency, received, answered, score=None, **fields):
    """A land request of ``company`` received on ``received``, assigned to ``agency`` with a
    week's deadline, answered on ``answered`` (None: still open) and rated ``score`` if
    given; ``fields``: the request's other columns (title, project, is_synthetic)."""
    from datetime import timedelta

    from xuctien.aftercare.models import Assignment, Rating, Request

    request = Request.objects.create(
        enterprise=company,
        province=province,
        category="land",
        description="…",
        received_on=received,
        **fields,
    )
    Assignment.objects.create(
        request=request,
        agency=agency,
        assigned_on=received,
        working_days=5,
        deadline=received + timedelta(days=7),
        answered_on=answered,
    )
    if score is not None:
        Rating.objects.create(request=request, round=1, score=score, rated_on=received)
    return request


def request_in_cycle(company, province, agency, day, turn, score=None, **fields):
    """``answered_request`` received ``day`` days after 3 March 2025 and, by ``turn``, in a
    cycle of three: still open, answered 30 days late, answered the same day."""
    from datetime import date, timedelta

    received = date(2025, 3, 3) + timedelta(days=day)
    answered = [None, received + timedelta(days=30), received][turn % 3]
    return answered_request(company, province, agency, received, answered, score, **fields)
