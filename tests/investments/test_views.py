"""The pipeline's pages: board moves, the filtered list and its export, project and investor."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import IndicatorFactory, TargetFactory
from tests.investments.factories import (
    ContactFactory,
    InteractionFactory,
    InvestorFactory,
    ProjectFactory,
)
from xuctien.investments import services
from xuctien.investments.models import Stage
from xuctien.programmes.models import Indicator

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def lead(db, electronics):
    return ProjectFactory(name="Nhà máy linh kiện", stage=Stage.LEAD, sector=electronics)


@pytest.fixture
def public_project(db, electronics):
    project = ProjectFactory(
        name="Public plant",
        stage=Stage.IRC_ISSUED,
        irc_date=dt.date(2024, 5, 2),
        irc_number="1234567890",
        sector=electronics,
        note="Secret note",
        jobs_planned=300,
    )
    services.add_capital_event(
        None, project, kind="registration", date=dt.date(2024, 5, 2), amount=Decimal(10**12)
    )
    return project


def move(client, project, to_stage, **extra):
    data = {"to_stage": to_stage, "version": project.version, **extra}
    return client.post(reverse("investments:project-move", args=[project.pk]), data, **HTMX)


def test_the_board_shows_a_card_in_its_stage_column(client, promoter, lead):
    client.force_login(promoter)
    response = client.get(reverse("investments:board"))
    assert response.status_code == 200
    column = response.context["columns"][0]
    assert column["stage"] == Stage.LEAD
    assert [p.pk for p in column["cards"]] == [lead.pk]


def test_the_board_needs_a_login(client):
    response = client.get(reverse("investments:board"))
    assert response.status_code == 302


def test_moving_a_card_forward_answers_htmx_with_the_board(client, promoter, lead):
    client.force_login(promoter)
    response = move(client, lead, Stage.PROSPECT)
    assert response.status_code == 200
    assert response.templates[0].name == "investments/partials/board.html"
    lead.refresh_from_db()
    assert lead.stage == Stage.PROSPECT


def test_an_exit_without_a_reason_is_refused_on_the_card(client, promoter, lead):
    client.force_login(promoter)
    response = move(client, lead, Stage.WITHDRAWN)
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD
    assert "card__error" in response.content.decode()


def test_an_exit_with_a_reason_is_recorded(client, promoter, lead):
    client.force_login(promoter)
    move(client, lead, Stage.WITHDRAWN, reason="Chose another province")
    assert lead.stage_changes.get().reason == "Chose another province"


def test_a_move_from_a_stale_board_is_refused(client, promoter, lead):
    client.force_login(promoter)
    stale = {"to_stage": Stage.PROSPECT, "version": lead.version - 1 + 0}
    services.move_stage(promoter, lead, Stage.SITE_VISIT)
    response = client.post(reverse("investments:project-move", args=[lead.pk]), stale, **HTMX)
    lead.refresh_from_db()
    assert lead.stage == Stage.SITE_VISIT
    assert "card__error" in response.content.decode()


def test_issuing_the_irc_from_the_board_records_number_and_capital(client, promoter, lead):
    client.force_login(promoter)
    services.move_stage(promoter, lead, Stage.POLICY_APPROVED, on=dt.date(2025, 1, 1))
    lead.refresh_from_db()
    move(
        client,
        lead,
        Stage.IRC_ISSUED,
        irc_number="5432109876",
        capital="2000000000000",
        currency="VND",
        on="2025-03-01",
    )
    lead.refresh_from_db()
    assert (lead.stage, lead.irc_number, lead.irc_date) == (
        Stage.IRC_ISSUED,
        "5432109876",
        dt.date(2025, 3, 1),
    )
    assert lead.capital_vnd == Decimal("2000000000000")


def test_the_list_filters_by_stage(client, promoter, lead, public_project):
    client.force_login(promoter)
    response = client.get(reverse("investments:project-list"), {"stage": Stage.LEAD})
    assert [p.pk for p in response.context["projects"]] == [lead.pk]


def test_the_public_list_shows_projects_from_their_irc_only(client, lead, public_project):
    response = client.get(reverse("investments:project-list"))
    assert [p.pk for p in response.context["projects"]] == [public_project.pk]


def test_the_export_gives_the_filtered_rows_in_excel(client, promoter, lead, public_project):
    client.force_login(promoter)
    response = client.get(reverse("investments:project-export"), {"stage": Stage.IRC_ISSUED})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "Public plant"
    assert "Secret note" in rows[1]  # the promoter sees the note column


def test_the_public_export_leaves_confidential_columns_out(client, public_project):
    response = client.get(reverse("investments:project-export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "Secret note" not in rows[1]


def test_a_project_page_shows_public_facts_to_the_public(client, public_project):
    response = client.get(reverse("investments:project-detail", args=[public_project.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Public plant" in body
    assert "Secret note" not in body
    assert not response.context["confidential"]


def test_a_project_page_shows_the_stage_history_to_the_pipeline(client, promoter, lead):
    services.move_stage(promoter, lead, Stage.PROSPECT, on=dt.date(2024, 2, 1))
    client.force_login(promoter)
    response = client.get(reverse("investments:project-detail", args=[lead.pk]))
    assert [c.to_stage for c in response.context["stage_changes"]] == [Stage.PROSPECT]
    assert 'data-to-stage="prospect"' in response.content.decode()


def test_a_lead_is_not_found_by_the_public(client, lead):
    response = client.get(reverse("investments:project-detail", args=[lead.pk]))
    assert response.status_code == 404


def test_the_investor_page_shows_contacts_and_timeline_to_the_pipeline(
    client, promoter, public_project
):
    investor = public_project.investors.get()
    ContactFactory(investor=investor, name="Ms Lee")
    InteractionFactory(investor=investor, project=public_project, notes="Met at the fair")
    client.force_login(promoter)
    response = client.get(reverse("investments:investor-detail", args=[investor.pk]))
    body = response.content.decode()
    assert "Ms Lee" in body
    assert "Met at the fair" in body


def test_the_investor_page_hides_contacts_from_the_public(client, public_project):
    investor = public_project.investors.get()
    ContactFactory(investor=investor, name="Ms Lee")
    response = client.get(reverse("investments:investor-detail", args=[investor.pk]))
    assert response.status_code == 200
    assert "Ms Lee" not in response.content.decode()


def test_an_investor_with_only_leads_is_hidden_from_the_public(client, lead):
    investor = lead.investors.get()
    response = client.get(reverse("investments:investor-detail", args=[investor.pk]))
    assert response.status_code == 404


def test_the_analytics_page_shows_the_computed_figures_and_funnel(
    client, promoter, public_project, lead
):
    client.force_login(promoter)
    response = client.get(reverse("investments:analytics"))
    assert response.status_code == 200
    figures = {f.year: f.value for f in response.context["capital_figures"]}
    assert figures[2024] == Decimal(1)
    assert response.context["funnel"]


def test_the_public_analytics_page_has_no_funnel(client, public_project):
    response = client.get(reverse("investments:analytics"))
    assert response.status_code == 200
    assert "funnel" not in response.context


def test_the_forecast_panel_renders_for_a_computed_indicator(client, promoter, electronics):
    indicator = IndicatorFactory(
        code="MFG_INVEST_CAPITAL",
        registry_feed="capital",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal(50))
    TargetFactory(indicator=indicator, start_year=2021, year=2030, value=Decimal(100))
    ProjectFactory(
        stage=Stage.DOSSIER,
        sector=electronics,
        expected_capital_vnd=Decimal(10**13),
        stage_since=dt.date.today(),
    )
    response = client.get(reverse("investments:forecast-panel"), {"indicator": indicator.code})
    assert response.status_code == 200
    # 2025 is over (the clock says a later year): no probability for a closed period.
    closed = [2025] if dt.date.today().year > 2025 else []
    expected = [y for y in (2025, 2030) if y not in closed]
    assert [f.target_year for f in response.context["forecasts"]] == expected
    assert response.templates[0].name == "investments/partials/forecast.html"


def test_the_forecast_panel_refuses_other_indicators(client, db):
    response = client.get(reverse("investments:forecast-panel"), {"indicator": "GRDP"})
    assert response.status_code == 404


def test_a_promoter_registers_a_lead_through_the_form(client, promoter, electronics):
    client.force_login(promoter)
    investor = InvestorFactory()
    response = client.post(
        reverse("investments:project-create"),
        {
            "name": "New lead",
            "investors": [investor.pk],
            "sector": electronics.pk,
            "stage": Stage.LEAD,
            "fdi": "on",
        },
    )
    assert response.status_code == 302
    assert investor.projects.get().stage_changes.get().to_stage == Stage.LEAD
