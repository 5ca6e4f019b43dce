"""Personas, one per role, and shared fixtures."""

import pytest

from tests.factories import AgencyFactory, LocalityFactory, UserFactory, ZoneFactory
from xuctien.core.roles import Role


@pytest.fixture
def province(db):
    return LocalityFactory()


@pytest.fixture
def agency(db):
    return AgencyFactory(code="SCT", name_vi="Sở Công Thương", name_en="Department of Industry")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="SXD", name_vi="Sở Xây dựng", name_en="Department of Construction")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="thuky", role=Role.SECRETARIAT)


@pytest.fixture
def leader(db):
    return UserFactory(username="lanhdao", role=Role.LEADERSHIP)


@pytest.fixture
def officer(agency):
    return UserFactory(username="chuyenvien", role=Role.AGENCY, agency=agency)


@pytest.fixture
def other_officer(other_agency):
    return UserFactory(username="chuyenvien2", role=Role.AGENCY, agency=other_agency)


@pytest.fixture
def developer(db):
    return UserFactory(username="chudautu", role=Role.DEVELOPER, zone=ZoneFactory(code="KCN1"))


@pytest.fixture
def investor(db):
    return UserFactory(username="nhadautu", role=Role.INVESTOR)
