"""The read side's presentation: chart series, the Excel table, grouping and period labels.

``resolution()`` builds a small Resolution 01 that the page and API tests share:

* SHARE (level, breakthrough 2): baseline 2020 = 9.8; targets 2021-2025 over 15 and
  2026-2030 20, revised to over 18; approved 2023 = 12.3 (forecast) and 2024 = 12.43, a rival
  11.9 for 2024 not accepted, and a draft 14.2 for 2025. Expected 2024 on the straight line:
  9.8 + (15 - 9.8) * 4/5 = 13.96; shortfall 1.53 > tolerance 1.396, so off track.
* CAPITAL (cumulative, breakthrough 1): target 2021-2025 50; 2021 = 10, 2022 = 12, and a
  partial "2021 to mid-2023: over 41.3". Total 22 against an expected 20: on track.
* BUDGET (breakthrough 2): no target; one approved figure 5000 for 2023.
* WATCH (no breakthrough): target 2025 100, no figure.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import (
    BaselineFactory,
    BreakthroughFactory,
    IndicatorFactory,
    ObservationFactory,
    ProgrammeFactory,
    TargetFactory,
)
from xuctien.programmes import exports
from xuctien.programmes.models import Indicator, Observation, Qualifier, Target
from xuctien.programmes.monitoring import indicators_for_reports, programme_reports, report
from xuctien.programmes.views.monitoring import group_by_breakthrough, status_counts

pytestmark = pytest.mark.django_db

LEVEL, CUMULATIVE = Indicator.Behaviour.LEVEL, Indicator.Behaviour.CUMULATIVE


def resolution(agency=None) -> dict:
    """Resolution 01 in miniature (see the module docstring), plus a later SEDP programme."""
    nq01 = ProgrammeFactory(
        code="NQ01",
        number="01-NQ/TU",
        issued_on=date(2020, 11, 16),
        issuing_body="Tỉnh ủy Quảng Ninh",
        source_url="https://quangninh.gov.vn/nq01",
    )
    b1 = BreakthroughFactory(programme=nq01, number=1, name_vi="Vốn đầu tư", name_en="Capital")
    b2 = BreakthroughFactory(programme=nq01, number=2, name_vi="Tỷ trọng", name_en="Share")
    share = IndicatorFactory(
        programme=nq01,
        breakthrough=b2,
        code="SHARE",
        unit="%",
        behaviour=LEVEL,
        name_vi="Tỷ trọng CN chế biến trong GRDP",
        name_en="Manufacturing share of GRDP",
        responsible_agency=agency,
    )
    BaselineFactory(indicator=share, year=2020, value=Decimal("9.8"))
    TargetFactory(indicator=share, value=Decimal("15"), qualifier=Qualifier.OVER)
    old = TargetFactory(indicator=share, start_year=2026, year=2030, value=Decimal("20"))
    TargetFactory(
        indicator=share,
        start_year=2026,
        year=2030,
        value=Decimal("18"),
        qualifier=Qualifier.OVER,
        revises=old,
        revision_reason="Đại hội XVI hạ mục tiêu",
        document="NQ Đại hội XVI",
        source_url="https://danviet.vn/xvi",
    )
    ObservationFactory(
        indicator=share,
        period="2023",
        value=Decimal("12.3"),
        estimate=Observation.Estimate.FORECAST,
    )
    ObservationFactory(
        indicator=share, period="2024", value=Decimal("12.43"), source_url="https://antt.vn/a"
    )
    ObservationFactory(
        indicator=share,
        period="2024",
        value=Decimal("11.9"),
        accepted=False,
        source_url="https://quangninh.gov.vn/rival",
        note="CONFLICT with antt.vn",
    )
    draft = ObservationFactory(
        indicator=share, period="2025", value=Decimal("14.2"), status=Observation.Status.DRAFT
    )
    capital = IndicatorFactory(
        programme=nq01,
        breakthrough=b1,
        code="CAPITAL",
        unit="nghìn tỷ đồng",
        behaviour=CUMULATIVE,
        name_en="Capital attracted",
    )
    TargetFactory(indicator=capital, value=Decimal("50"))
    ObservationFactory(indicator=capital, period="2021", value=Decimal("10"))
    ObservationFactory(indicator=capital, period="2022", value=Decimal("12"))
    ObservationFactory(
        indicator=capital, period="2021/2023-6M", value=Decimal("41.3"), qualifier=Qualifier.OVER
    )
    budget = IndicatorFactory(programme=nq01, breakthrough=b2, code="BUDGET", name_en="Budget")
    ObservationFactory(indicator=budget, period="2023", value=Decimal("5000"))
    watch = IndicatorFactory(programme=nq01, code="WATCH", name_en="Watched indicator")
    TargetFactory(indicator=watch, start_year=2025, value=Decimal("100"))
    sedp = ProgrammeFactory(
        code="SEDP", number="300/NQ-HĐND", issued_on=date(2020, 12, 9), name_en="SEDP 2021-2025"
    )
    IndicatorFactory(programme=sedp, code="GRDP_GROWTH", name_en="GRDP growth")
    return {
        "programme": nq01,
        "share": share,
        "capital": capital,
        "budget": budget,
        "watch": watch,
        "draft": draft,
        "sedp": sedp,
    }


@pytest.fixture
def data(province):
    return resolution()


def share_report(data):
    return report(indicators_for_reports().get(code="SHARE"))


def test_the_chart_draws_the_path_from_the_baseline_through_each_target(data):
    chart = exports.chart_series(share_report(data))

    assert chart["path"][0] == [2020, "9.8"]
    assert [2024, "13.96"] in chart["path"]
    assert [2025, "15"] in chart["path"]
    assert [2030, "18"] in chart["path"]
    assert chart["targets"] == [[2025, "15", 2021], [2030, "18", 2026]]


def test_the_chart_marks_a_forecast_as_provisional(data):
    chart = exports.chart_series(share_report(data))

    assert chart["actual"] == [[2023, "12.3", True], [2024, "12.43", False]]


def test_no_projection_is_drawn_from_two_figures(data):
    # 12.3 (2023) and 12.43 (2024) would reach 12.56 in 2025: two points are not a trend.
    chart = exports.chart_series(share_report(data))

    assert chart["projection"] == []


def test_the_indicator_chart_also_shows_the_superseded_target(data):
    chart = exports.chart_series(share_report(data), with_revised=True)

    assert chart["revised"] == [[2030, "20", 2026]]


def test_a_total_s_path_starts_from_nothing_before_the_window(data):
    chart = exports.chart_series(report(indicators_for_reports().get(code="CAPITAL")))

    assert chart["path"][:3] == [[2020, "0"], [2021, "10"], [2022, "20"]]
    # "over 41.3 to mid-2023" is a lower bound on the 2023 total, so 2023 has a figure now.
    assert chart["actual"] == [[2021, "10", False], [2022, "22", False], [2023, "41.3", False]]
    assert chart["projection"] == []  # no run rate from a bound


def test_the_workbook_holds_one_row_per_year_with_every_figure(data):
    with translation.override("en"):
        content = exports.assessment_workbook(share_report(data))

    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(tuple(h for h, _w in _columns("en")))
    by_year = {r[0]: r for r in rows[header + 1 :]}
    assert sorted(by_year) == list(range(2021, 2031))
    year_2024 = by_year[2024]
    assert year_2024[1:9] == ("2021–2025", 15, 12.43, 13.96, -1.53, 82.87, None, 2.57)
    assert year_2024[9] == "Off track"
    assert "13.96" in year_2024[10]
    assert year_2024[11:] == (
        "2024",
        "Final",
        "https://antt.vn/a",
        "12.43",
        "official figure",
    )
    assert by_year[2023][12] == "Forecast"


def test_the_workbook_speaks_vietnamese_by_default(data):
    with translation.override("vi"):
        content = exports.assessment_workbook(share_report(data))
        expected_header = tuple(h for h, _w in _columns("vi"))
        off_track = str(exports.status_label("off_track"))

    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert expected_header in rows
    assert expected_header != tuple(h for h, _w in _columns("en"))
    assert any(r[0] == 2024 and r[9] == off_track for r in rows)


def test_a_workbook_without_targets_says_so(data):
    with translation.override("en"):
        content = exports.assessment_workbook(report(indicators_for_reports().get(code="BUDGET")))

    values = [
        c
        for r in load_workbook(BytesIO(content)).active.iter_rows(values_only=True)
        for c in r
        if c
    ]
    assert "No quantified target has been set for this indicator." in values


def test_periods_are_named_in_the_reader_s_language(data):
    partial = Observation.objects.get(period="2021/2023-6M")

    with translation.override("en"):
        assert exports.period_label(partial) == "2021 to the first 6 months of 2023"
    with translation.override("vi"):
        assert exports.period_label(partial) == "từ năm 2021 đến hết 6 tháng đầu năm 2023"


def test_indicators_are_grouped_by_breakthrough_then_the_rest(data):
    groups = group_by_breakthrough(
        data["programme"].breakthroughs.all(), programme_reports(data["programme"])
    )

    codes = [
        (
            g["breakthrough"].number if g["breakthrough"] else None,
            [r.indicator.code for r in g["reports"]],
        )
        for g in groups
    ]
    assert codes == [(1, ["CAPITAL"]), (2, ["BUDGET", "SHARE"]), (None, ["WATCH"])]


def test_the_summary_counts_assessed_indicators_by_status(data):
    counts = status_counts(programme_reports(data["programme"]))

    # CAPITAL on track (2022), SHARE off track (2024), WATCH no data; BUDGET is not assessed.
    assert counts == [("on_track", 1), ("off_track", 1), ("no_data", 1)]


def test_a_revised_target_is_not_current(data):
    old = Target.objects.get(indicator=data["share"], value=Decimal("20"))

    assert not old.is_current
    assert old.revised_by.value == Decimal("18")


def _columns(language: str) -> list[tuple[str, int]]:
    with translation.override(language):
        return [(str(h), w) for h, w in exports.assessment_columns()]
