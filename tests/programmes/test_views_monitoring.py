"""The monitoring pages: dashboard, indicator page and export, for visitors and staff.

Figures come from ``resolution()`` (see tests/programmes/test_monitoring.py): SHARE has a
baseline 2020 = 9.8, a target of over 15 for 2025 and 12.43 in 2024, so 13.96 was expected
and it is off track.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.factories import AgencyFactory, IndicatorFactory, ObservationFactory, TargetFactory
from tests.programmes.test_monitoring import resolution
from xuctien.programmes import computed, exports
from xuctien.programmes.models import Indicator
from xuctien.programmes.views import monitoring as views

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("programmes:dashboard")


@pytest.fixture
def data(province, agency):
    return resolution(agency)


def indicator_url(code: str) -> str:
    return reverse("programmes:indicator", args=[code])


def vi(text: str) -> str:
    with translation.override("vi"):
        return gettext(text)


# --- dashboard ------------------------------------------------------------------------------


def test_the_dashboard_shows_resolution_01_by_default(client, data):
    page = client.get(DASHBOARD).content.decode()

    assert "01-NQ/TU" in page
    assert "Tỉnh ủy Quảng Ninh" in page
    assert "16/11/2020" in page
    assert "https://quangninh.gov.vn/nq01" in page
    assert indicator_url("SHARE") in page
    assert indicator_url("GRDP_GROWTH") not in page


def test_the_issuing_body_is_named_when_it_is_an_agency_code(client, data):
    AgencyFactory(
        code="TINH-UY", name_vi="Tỉnh ủy Quảng Ninh", name_en="Provincial Party Committee"
    )
    data["programme"].issuing_body = "TINH-UY"
    data["programme"].save()

    page = client.get(DASHBOARD, {"lang": "en"}).content.decode()

    assert "Provincial Party Committee" in page
    assert "TINH-UY" not in page


def test_another_programme_is_chosen_by_its_code(client, data):
    page = client.get(reverse("programmes:programme-dashboard", args=["SEDP"])).content.decode()

    assert indicator_url("GRDP_GROWTH") in page
    assert indicator_url("SHARE") not in page


def test_an_unknown_programme_is_not_found(client, data):
    response = client.get(reverse("programmes:programme-dashboard", args=["NOPE"]))

    assert response.status_code == 404


def test_a_dashboard_without_any_programme_says_so(client, db):
    response = client.get(DASHBOARD, {"lang": "en"})

    assert response.status_code == 200
    assert "No programme has been loaded yet." in response.content.decode()


def test_the_card_shows_the_latest_figure_against_the_expected_value_in_vietnamese(client, data):
    page = client.get(DASHBOARD).content.decode()
    card = _card(page, "SHARE")

    assert "12,43" in card
    assert "13,96" in card
    assert 'data-status="off_track"' in card
    assert vi("Off track") != "Off track"
    assert vi("Off track") in card
    assert "trên 15" in card  # the target with its qualifier
    assert "12,56" not in card  # no projection from two figures


def test_the_card_reads_in_english_after_the_switch(client, data):
    page = client.get(DASHBOARD, {"lang": "en"}).content.decode()
    card = _card(page, "SHARE")

    assert "13.96" in card
    assert "Off track" in card
    assert "over 15" in card
    assert "The figure of 12.43 is behind the expected 13.96 by 1.53" in card


def test_the_card_marks_a_provisional_figure(client, data):
    ObservationFactory(
        indicator=data["share"], period="2024", value=Decimal("12.43"), estimate="estimate"
    )
    data["share"].observations.filter(estimate="final").delete()

    card = _card(client.get(DASHBOARD, {"lang": "en"}).content.decode(), "SHARE")

    assert "figure--provisional" in card
    assert "Estimate" in card


def test_breakthroughs_come_in_order_then_the_monitoring_indicators(client, data):
    page = client.get(DASHBOARD, {"lang": "en"}).content.decode()

    positions = [page.index(f'data-indicator="{code}"') for code in ("CAPITAL", "SHARE", "WATCH")]
    assert positions == sorted(positions)
    assert page.index("Breakthrough 2") < page.index("Monitoring indicators") < positions[2]


def test_an_indicator_without_a_target_says_so_and_shows_its_latest_figure(client, data):
    card = _card(client.get(DASHBOARD, {"lang": "en"}).content.decode(), "BUDGET")

    assert 'data-status="no_target"' in card
    assert "No target set" in card
    assert "5,000" in card


def test_every_indicator_has_a_status_and_a_chart_when_it_has_figures(client, data):
    page = client.get(DASHBOARD).content.decode()

    for code in ("SHARE", "CAPITAL", "BUDGET", "WATCH"):
        assert "data-status=" in _card(page, code)
    assert 'id="chart-data-SHARE"' in page
    assert 'data-chart="chart-data-SHARE"' in page


def test_a_computed_indicator_loads_the_forecast_panel(client, data, monkeypatch):
    # the workbook declares the feed; the registry provides it
    Indicator.objects.filter(code="CAPITAL").update(registry_feed="capital")
    monkeypatch.setitem(computed._providers, "capital", lambda *args: [])
    monkeypatch.setattr(views, "forecast_panel_url", lambda: "/investments/forecast/")

    card = _card(client.get(DASHBOARD).content.decode(), "CAPITAL")

    assert 'hx-get="/investments/forecast/?indicator=CAPITAL"' in card
    assert 'hx-trigger="load"' in card


def test_no_forecast_panel_when_the_investments_app_has_none(client, data, monkeypatch):
    monkeypatch.setitem(computed._providers, "CAPITAL", lambda *args: [])
    monkeypatch.setattr(views, "forecast_panel_url", lambda: None)

    assert "hx-get" not in _card(client.get(DASHBOARD).content.decode(), "CAPITAL")


def test_the_dashboard_query_count_does_not_grow_with_the_indicators(
    client, data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get(DASHBOARD)
    for n in range(10):
        indicator = IndicatorFactory(programme=data["programme"], code=f"MORE_{n}")
        TargetFactory(indicator=indicator)
        ObservationFactory(indicator=indicator, period="2022")

    with django_assert_max_num_queries(10):
        client.get(DASHBOARD)


# --- indicator page -------------------------------------------------------------------------


def test_the_indicator_page_shows_every_figure_of_the_assessment(client, data):
    page = client.get(indicator_url("SHARE"), {"lang": "en"}).content.decode()
    row = _row(page, 'data-year="2024"')

    assert 'data-status="off_track"' in row
    for figure in ("12.43", "13.96", "-1.53", "82.87%", "2.57", "antt.vn"):
        assert figure in row, figure
    assert "more than the tolerance of 1.40" in row
    assert "Forecast" in _row(page, 'data-year="2023"')


def test_the_indicator_page_shows_targets_revisions_and_baseline(client, data):
    page = client.get(indicator_url("SHARE"), {"lang": "en"}).content.decode()

    assert "Baseline 2020" in page
    assert "Superseded" in page
    assert "Revised to over 18 by NQ Đại hội XVI" in page
    assert "Đại hội XVI hạ mục tiêu" in page
    assert "https://danviet.vn/xvi" in page


def test_the_rival_figure_is_shown_with_its_source_but_not_its_curation_note(client, data):
    page = client.get(indicator_url("SHARE"), {"lang": "vi"}).content.decode()

    section = page[page.index('id="rivals-title"') :]
    assert "11,9" in section
    assert "https://quangninh.gov.vn/rival" in section
    # How the curators read the conflict is an internal note, in English: never on a page.
    assert "CONFLICT with antt.vn" not in section


def test_a_partial_period_figure_is_shown_beside_the_assessment(client, data):
    page = client.get(indicator_url("CAPITAL"), {"lang": "en"}).content.decode()

    section = page[page.index('id="partial-title"') :]
    assert "2021 to the first 6 months of 2023" in section
    assert "over 41.3" in section


def test_a_visitor_does_not_see_drafts_or_history(client, data):
    page = client.get(indicator_url("SHARE"), {"lang": "en"}).content.decode()

    assert "14.2" not in page
    assert "data-pending" not in page
    assert "history__list" not in page


def test_the_secretariat_sees_drafts_awaiting_approval_with_a_link(client, data, secretariat):
    client.force_login(secretariat)

    page = client.get(indicator_url("SHARE"), {"lang": "en"}).content.decode()

    pending = page[page.index("data-pending") :]
    assert "14.2" in pending
    assert reverse("programmes:observation-edit", args=[data["draft"].pk]) in pending
    assert "history__list" in page


def test_an_agency_sees_its_own_drafts_only(client, data, officer, other_officer):
    client.force_login(officer)
    assert "data-pending" in client.get(indicator_url("SHARE")).content.decode()

    client.force_login(other_officer)
    assert "data-pending" not in client.get(indicator_url("SHARE")).content.decode()


def test_an_unknown_indicator_is_not_found(client, data):
    assert client.get(indicator_url("NOPE")).status_code == 404


def test_the_indicator_page_query_count_is_bounded(
    client, data, secretariat, django_assert_max_num_queries
):
    client.force_login(secretariat)
    with django_assert_max_num_queries(15):
        client.get(indicator_url("SHARE"))


# --- export ---------------------------------------------------------------------------------


def test_the_assessment_downloads_as_excel(client, data):
    response = client.get(reverse("programmes:assessment-export", args=["SHARE"]), {"lang": "en"})

    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert 'filename="SHARE-assessment.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    year_2024 = next(r for r in rows if r[0] == 2024)
    assert year_2024[3:6] == (12.43, 13.96, -1.53)
    assert year_2024[9] == "Off track"


def test_the_excel_headers_are_vietnamese_by_default(client, data):
    response = client.get(reverse("programmes:assessment-export", args=["SHARE"]))

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r[0] == vi("Year") and r[1] == vi("Target window") for r in rows)


def _card(page: str, code: str) -> str:
    start = page.index(f'data-indicator="{code}"')
    return page[start : page.index("</article>", start)]


def _row(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</tr>", start)]


def test_a_card_with_several_documents_names_them_the_programme_s_own_first(client, data):
    # The five-year target of Resolution 01 gives the verdict; the 2022 annual plan's target
    # (a year earlier, so first by year) stands beside it, labelled with its document.
    growth = IndicatorFactory(
        programme=data["programme"], code="GROWTH", unit="%", behaviour="rate",
        name_vi="Tăng trưởng", name_en="Growth",
    )  # fmt: skip
    TargetFactory(indicator=growth, start_year=2022, year=2022, value=Decimal("11"),
                  document="Kế hoạch năm 2022")  # fmt: skip
    TargetFactory(indicator=growth, value=Decimal("10"), document="NQ 01-NQ/TU (16/11/2020)")
    ObservationFactory(indicator=growth, period="2021", value=Decimal("10.5"))
    ObservationFactory(indicator=growth, period="2022", value=Decimal("10.2"))

    page = client.get(DASHBOARD, {"lang": "en"}).content.decode()
    card = page[page.index('data-indicator="GROWTH"') :]
    card = card[: card.index("</article>")]

    assert "Against NQ 01-NQ/TU (16/11/2020) (2021–2025): 10" in card
    own = card.index('data-target-document="NQ 01-NQ/TU (16/11/2020)"')
    annual = card.index('data-target-document="Kế hoạch năm 2022"')
    assert own < annual  # the programme's own document first
    assert 'data-beside="other-target">Kế hoạch năm 2022 (2022)' in card


def test_a_national_reader_is_shown_the_province_that_has_the_programme_named(client, data):
    """Found in Chromium: the national user's /programmes/p/NQ01/ was a 404 on the demo,
    because the first province they read (Bắc Ninh, its programme issued earlier) has no
    NQ01; without ?province= the dashboard now shows a province that has it."""
    from datetime import date

    from tests.factories import ProgrammeFactory, ProvinceFactory, UserFactory
    from xuctien.core.models import Role

    other = ProvinceFactory(code="BN", name_vi="Tỉnh Bắc Ninh", name_en="Bac Ninh Province")
    ProgrammeFactory(province=other, code="KH99", issued_on=date(2001, 1, 1))
    client.force_login(UserFactory(username="bo-kh", role=Role.NATIONAL))

    named = client.get(reverse("programmes:programme-dashboard", args=["NQ01"]))
    first = client.get(DASHBOARD)

    assert named.status_code == 200
    assert indicator_url("SHARE") in named.content.decode()
    assert named.context["province"] == data["programme"].province
    assert first.context["programme"].code == "KH99"  # none named: the first issued, as before
    missing = client.get(reverse("programmes:programme-dashboard", args=["NOPE"]))
    assert missing.status_code == 404
