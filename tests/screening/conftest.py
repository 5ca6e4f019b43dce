"""Personas and records for the screening's tests."""

from decimal import Decimal

import pytest

from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from tests.investments.factories import PriorityGroupFactory, ProjectFactory, SectorFactory
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.stages import Stage
from xuctien.screening.criteria import load_starting_criteria


@pytest.fixture(autouse=True)
def fresh_feeds():
    """The feeds' cache outlives a test's rolled-back rows: start and end each test clean."""
    from xuctien.screening import feeds

    feeds.forget()
    yield
    feeds.forget()


@pytest.fixture
def criteria(db):
    """The starting criteria (equal weights of 10, no norms) of a province."""
    ProvinceFactory()
    load_starting_criteria()
    from xuctien.screening.models import CriteriaSet

    return CriteriaSet.objects.get(is_current=True)


@pytest.fixture
def promoter(db):
    agency = AgencyFactory(code="BQLKKT", kind=Agency.Kind.BOARD)
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=agency)


@pytest.fixture
def dossier(db):
    """A project at the dossier stage, in a priority group, 10 ha, 300 bn VND expected."""
    project = ProjectFactory(
        name="Nhà máy linh kiện",
        stage=Stage.DOSSIER,
        irc_number=None,
        irc_date=None,
        sector=SectorFactory(),
        land_ha=Decimal("10"),
        expected_capital_vnd=Decimal("300000000000"),
        jobs_planned=1000,
    )
    project.priority_groups.set([PriorityGroupFactory()])
    return project
