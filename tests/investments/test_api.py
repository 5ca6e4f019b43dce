"""The pipeline API: the fields promised, the list page's filters, writes through services."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.investments.factories import ExchangeRateFactory, InvestorFactory, ProjectFactory
from xuctien.investments import services
from xuctien.investments.models import Interaction, Project, Stage

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def public(electronics):
    project = ProjectFactory(
        name="Plant A",
        stage=Stage.IRC_ISSUED,
        irc_date=dt.date(2024, 5, 2),
        irc_number="2100000001",
        sector=electronics,
        jobs_planned=250,
        fdi=True,
    )
    services.add_capital_event(
        None, project, kind="registration", date=dt.date(2024, 5, 2), amount=Decimal(10**12)
    )
    return project


def test_the_project_list_gives_the_promised_fields(client, public):
    (item,) = client.get("/api/v1/projects/").json()["results"]
    assert {k: item[k] for k in ("name", "stage", "irc_number", "vsic", "fdi", "jobs_planned")} == {
        "name": "Plant A",
        "stage": "irc_issued",
        "irc_number": "2100000001",
        "vsic": "26",
        "fdi": True,
        "jobs_planned": 250,
    }
    assert Decimal(item["capital_vnd"]) == Decimal(10**12)
    assert "zone" in item
    assert "note" not in item


def test_the_list_takes_the_pages_filters(client, promoter, public, electronics):
    ProjectFactory(name="Lead B", stage=Stage.LEAD, sector=electronics)
    client.force_login(promoter)
    names = {p["name"] for p in client.get("/api/v1/projects/?stage=lead").json()["results"]}
    assert names == {"Lead B"}
    names = {p["name"] for p in client.get("/api/v1/projects/?fdi=true&q=plant").json()["results"]}
    assert names == {"Plant A"}


def test_investors_with_a_public_project_are_listed_for_everyone(client, public):
    InvestorFactory(name="Only a lead")  # no project at all: not public
    names = [i["name"] for i in client.get("/api/v1/investors/").json()["results"]]
    assert names == [public.investors.get().name]


def test_a_promoter_creates_a_project_and_moves_it(client, promoter, electronics):
    client.force_login(promoter)
    investor = InvestorFactory()
    created = client.post(
        "/api/v1/projects/",
        {
            "name": "API lead",
            "sector": "26",
            "investors": [investor.pk],
            "stage": "prospect",
            "on": "2025-01-01",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    moved = client.post(
        f"/api/v1/projects/{pk}/stage/",
        {"to_stage": "site_visit", "on": "2025-01-02", "version": created.json()["version"]},
        content_type=JSON,
    )
    assert moved.json()["stage"] == "site_visit"
    stages = list(Project.objects.get(pk=pk).stage_changes.values_list("to_stage", flat=True))
    assert stages == ["prospect", "site_visit"]


def test_an_exit_without_a_reason_is_a_400(client, promoter, electronics):
    client.force_login(promoter)
    project = ProjectFactory(stage=Stage.LEAD)
    response = client.post(
        f"/api/v1/projects/{project.pk}/stage/",
        {"to_stage": "withdrawn", "version": project.version},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_update_from_a_stale_version_is_a_409(client, promoter):
    client.force_login(promoter)
    project = ProjectFactory(stage=Stage.LEAD)
    seen = project.version
    services.update_project(promoter, project, jobs_planned=10)
    response = client.patch(
        f"/api/v1/projects/{project.pk}/",
        {"jobs_planned": 20, "version": seen},
        content_type=JSON,
    )
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.jobs_planned == 10


def test_a_capital_event_is_converted_at_the_stored_rate(client, promoter, public):
    ExchangeRateFactory(
        date=dt.date(2025, 2, 1), rate=Decimal("25000"), source_url="https://vnanet.vn/rate"
    )
    client.force_login(promoter)
    response = client.post(
        f"/api/v1/projects/{public.pk}/capital-events/",
        {"kind": "increase", "date": "2025-02-01", "amount": "1000000", "currency": "USD"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert (Decimal(body["rate_used"]), Decimal(body["amount_vnd"])) == (
        Decimal("25000"),
        Decimal("25000000000"),
    )
    assert body["exchange_rate"]["kind"] == "central"
    assert body["exchange_rate"]["source_url"] == "https://vnanet.vn/rate"


def test_the_public_sees_no_disbursement(client, promoter, public):
    services.add_capital_event(
        promoter, public, kind="disbursement", date=dt.date(2025, 1, 1), amount=Decimal(5)
    )
    kinds = [e["kind"] for e in client.get(f"/api/v1/projects/{public.pk}/capital-events/").json()]
    assert kinds == ["registration"]


def test_interactions_are_created_with_a_login_and_hidden_from_the_public(client, promoter, public):
    investor = public.investors.get()
    payload = {
        "investor": investor.pk,
        "project": public.pk,
        "kind": "meeting",
        "date": "2025-03-03",
        "notes": "Discussed expansion",
        "next_step": "Send offer",
        "next_step_owner": promoter.pk,
        "next_step_due": "2025-03-10",
    }
    assert client.post("/api/v1/interactions/", payload, content_type=JSON).status_code in (
        401,
        403,
    )
    client.force_login(promoter)
    assert client.post("/api/v1/interactions/", payload, content_type=JSON).status_code == 201
    assert Interaction.objects.get().next_step_owner == promoter
    client.logout()
    assert client.get("/api/v1/interactions/").json()["results"] == []


def test_the_investor_list_takes_the_pages_search_and_countries(client, promoter):
    ProjectFactory(investors=[InvestorFactory(name="Công ty Đông Á", country="KR")])
    ProjectFactory(investors=[InvestorFactory(name="Tokyo Parts", country="JP")])
    ProjectFactory(investors=[InvestorFactory(name="Berlin GmbH", country="DE")])
    client.force_login(promoter)

    def names(query: str) -> list[str]:
        return [i["name"] for i in client.get(f"/api/v1/investors/?{query}").json()["results"]]

    assert names("q=DONG+A") == ["Công ty Đông Á"]
    assert names("country=KR&country=JP") == ["Công ty Đông Á", "Tokyo Parts"]
    assert client.get("/api/v1/investors/?country=ZZ").status_code == 400  # not a country
