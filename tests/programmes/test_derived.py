"""Derived indicators: their figures come from a formula over other indicators' figures."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import IndicatorFactory, ObservationFactory, ProgrammeFactory, TargetFactory
from xuctien.programmes.monitoring import derived_figures, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def share(province):
    programme = ProgrammeFactory()
    IndicatorFactory(programme=programme, code="MFG_VA", unit="VND trillion")
    IndicatorFactory(programme=programme, code="GRDP", unit="VND trillion")
    for code, year, value in [
        ("MFG_VA", 2023, "40"),
        ("GRDP", 2023, "320"),  # 40 / 320 × 100 = 12.5
        ("MFG_VA", 2024, "45"),
        ("GRDP", 2024, "360"),  # 45 / 360 × 100 = 12.5
        ("MFG_VA", 2025, "50"),
        ("GRDP", 2025, "0"),  # a zero divisor: not computed
        ("MFG_VA", 2022, "35"),  # no GRDP for 2022: not computed
    ]:
        ObservationFactory(
            indicator__code=code, period=str(year), value=Decimal(value), locality=province
        )
    derived = IndicatorFactory(
        programme=programme, code="MFG_SHARE", formula="MFG_VA / GRDP * 100", unit="%"
    )
    TargetFactory(indicator=derived, start_year=2021, year=2025, value=Decimal("15"))
    return derived


def test_a_derived_indicator_is_computed_from_its_operands_each_year(share):
    rows = {row.year: row for row in report(share).rows}

    assert rows[2023].actual == Decimal("12.5")
    assert rows[2024].actual == Decimal("12.5")
    assert rows[2022].actual is None
    assert rows[2025].actual is None


def test_the_years_that_cannot_be_computed_say_why_in_the_readers_language(share):
    with translation.override("en"):
        english = report(share).derivation_gaps
    with translation.override("vi"):
        vietnamese = report(share).derivation_gaps

    assert set(english) == {2022, 2025}
    assert english[2022] == "No value for GRDP."
    assert "zero" in english[2025].lower()
    assert vietnamese[2022] == "Không có số liệu của GRDP."
    assert vietnamese[2025].startswith("Chia cho 0")


def test_the_indicator_page_shows_the_formula_and_each_computed_figure(client, share):
    response = client.get(reverse("programmes:indicator", args=[share.code]))

    page = response.content.decode()
    assert "MFG_VA / GRDP * 100" in page
    assert "= MFG_VA / GRDP * 100" in page


def share_in_another_province():
    """Hải Phòng's programme with the same codes: MFG_VA 10 and GRDP 1,000 in 2023, and its
    own MFG_SHARE computed from them (1 %)."""
    from tests.factories import ProvinceFactory

    other = ProgrammeFactory(province=ProvinceFactory(code="HP", name_vi="Hải Phòng"))
    for code, value in (("MFG_VA", "10"), ("GRDP", "1000")):
        ObservationFactory(
            indicator=IndicatorFactory(programme=other, code=code, unit="VND trillion"),
            period="2023",
            value=Decimal(value),
        )
    theirs = IndicatorFactory(
        programme=other, code="MFG_SHARE", formula="MFG_VA / GRDP * 100", unit="%"
    )
    return other, theirs


def test_the_operands_are_the_indicators_of_the_same_province(share):
    """Codes are unique per province: another province's MFG_VA never enters the formula."""
    _other, theirs = share_in_another_province()

    assert {row.year: row for row in report(share).rows}[2023].actual == Decimal("12.5")
    assert {f.year: f.value for f in derived_figures(theirs)[0]} == {2023: Decimal("1")}


def test_assess_all_computes_derived_indicators_as_their_own_report_does(share):
    """Operands of another programme of the same province come in; another province's
    indicators of the same codes never do."""
    from xuctien.programmes.monitoring import assess_all

    other, theirs = share_in_another_province()
    TargetFactory(indicator=theirs, start_year=2021, year=2025, value=Decimal("2"))

    # The derived indicator's own programme only: its operands are read all the same.
    (ours,) = [r for r in assess_all([share.programme]) if r.indicator.pk == share.pk]
    both = {r.indicator.pk: r for r in assess_all([share.programme, other])}

    for item in (ours, both[share.pk]):
        assert {r.year: r.actual for r in item.rows}[2023] == Decimal("12.5")
        assert item.derivation_gaps == report(share).derivation_gaps
    assert {r.year: r.actual for r in both[theirs.pk].rows}[2023] == Decimal("1")
