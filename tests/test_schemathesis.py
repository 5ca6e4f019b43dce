"""The API answers as its OpenAPI schema says, for the public, an administrator and an officer.

Schemathesis generates requests from ``/api/v1/schema/`` and sends them in-process to the
WSGI application, a bounded number per operation, with three identities (anonymous, an
administrator and an agency officer, both by API token). Every answer must be no server
error, carry a documented status code and content type, and match its documented body.
Run alone with ``python3 dev.py test -m schemathesis``.
"""

import datetime as dt
import os
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.actions.factories import TaskFactory
from tests.factories import IndicatorFactory, ObservationFactory, ProvinceFactory, UserFactory
from tests.investments.factories import (
    CapitalEventFactory,
    InteractionFactory,
    InvestorFactory,
    ProjectFactory,
)
from xuctien.core import tokens

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

#: Examples per operation and identity; 27 operations x 3 identities stay within minutes.
EXAMPLES = int(os.environ.get("XT_SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request's end must not close the test's connection
    (on PostgreSQL it holds the test transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def records(province, agency, officer):
    """A little of everything, so reads find records and writes have something to change."""
    investor = InvestorFactory(name="Công ty Minh hoạ", country="JP")
    public = ProjectFactory(name="Nhà máy A", irc_number="IRC-1", irc_date=dt.date(2023, 5, 1))
    public.investors.add(investor)
    lead = ProjectFactory(name="Nhà máy A", stage="lead", note="confidential")
    lead.investors.add(investor)
    CapitalEventFactory(project=public, amount=Decimal(1000), currency="VND")
    InteractionFactory(investor=investor, project=lead)
    indicator = IndicatorFactory(responsible_agency=agency, unit="% of GRDP")
    ObservationFactory(indicator=indicator, locality=province, value=Decimal("12.5"))
    TaskFactory(lead_agency=agency)
    # A park with a published site report, so /zones/ and /sites/match answer with figures.
    from tests.factories import ProvinceFactory, ZoneFactory
    from tests.sites.factories import SiteReportFactory
    from xuctien.sites.models import Plot

    ProvinceFactory()
    park = ZoneFactory(code="KCN-A", name_vi="KCN Minh hoạ", status="operating", locality=province)
    report = SiteReportFactory(
        zone=park,
        available_ha=Decimal(42),
        occupancy_pct=Decimal("45.89"),
        power_kv=110,
        latitude=Decimal("20.95"),
        longitude=Decimal("106.8"),
        as_of=dt.date(2025, 6, 30),
    )
    Plot.objects.create(report=report, code="CN-01", area_ha=Decimal(2), status="available")
    _screened()


def _screened() -> None:
    """A project screened at its dossier stage, with the starting criteria."""
    from xuctien.core.roles import Role
    from xuctien.screening import services
    from xuctien.screening.criteria import load_starting_criteria

    ProvinceFactory()
    load_starting_criteria()
    dossier = ProjectFactory(name="Nhà máy B", stage="dossier", land_ha=Decimal("5"))
    services.screen(UserFactory(username="sangloc", role=Role.SECRETARIAT), dossier)


#: Loaded once at collection, in-process: one test per operation and identity.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def _token_header(user) -> dict[str, str]:
    _token, key = tokens.create_token(user, "schemathesis")
    return {"Authorization": f"Token {key}"}


@pytest.fixture
def administrator_token(admin_user) -> dict[str, str]:
    return _token_header(admin_user)


@pytest.fixture
def officer_token(officer) -> dict[str, str]:
    return _token_header(officer)


def bounded(test):  # type: ignore[no-untyped-def]
    """A bounded, repeatable number of examples per operation."""
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )(test)


# One test per identity: schemathesis's parametrize does not combine with pytest's.
@schema.parametrize()
@bounded
def test_the_api_answers_the_public_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@bounded
def test_the_api_answers_an_administrator_as_its_schema_says(case, administrator_token):
    case.call_and_validate(headers=administrator_token, checks=CHECKS)


@schema.parametrize()
@bounded
def test_the_api_answers_an_agency_officer_as_its_schema_says(case, officer_token):
    case.call_and_validate(headers=officer_token, checks=CHECKS)
