""" "Brown to green": the share of capital in green or high-tech projects, fed by configuration
to whichever programme indicator the secretariat names, hand-computed."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import IndicatorFactory, ProvinceFactory, TargetFactory
from tests.investments.factories import ProjectFactory
from xuctien.investments import services as pipeline
from xuctien.investments.models import Stage
from xuctien.programmes import computed, monitoring
from xuctien.programmes.models import Indicator
from xuctien.screening import feeds
from xuctien.screening.models import IndicatorFeed, ProjectFacts

T = Decimal(10) ** 12


def registered(user, name, on, amount, **facts):
    project = pipeline.register_project(user, name=name, stage=Stage.IRC_ISSUED, on=on)
    pipeline.add_capital_event(user, project, kind="registration", date=on, amount=amount)
    if facts:
        ProjectFacts.objects.create(project=project, **facts)
    return project


@pytest.fixture
def share(db):
    indicator = IndicatorFactory(
        code="GREEN_HT_SHARE", unit="%", behaviour=Indicator.Behaviour.LEVEL
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("50"))
    IndicatorFeed.objects.create(
        province=ProvinceFactory(), indicator=indicator, measure="green_high_tech_capital_share"
    )
    return indicator


def test_the_share_by_year_by_hand(share, promoter):
    on = dt.date(2024, 5, 1)
    registered(promoter, "Xanh", on, 2 * T, green="yes")  # counts
    registered(promoter, "CNC", on, 1 * T, high_tech="certified", green="no")  # counts
    registered(promoter, "Nâu", on, 3 * T, green="no", high_tech="no")  # known neither
    registered(promoter, "Chưa rõ", on, 4 * T)  # not known: neither, and said so
    registered(promoter, "2025", dt.date(2025, 2, 1), 1 * T, high_tech="listed")
    registered(promoter, "2023", dt.date(2023, 2, 1), 5 * T)  # nothing known in 2023
    demo = ProjectFactory(name="Minh hoạ", is_synthetic=True, stage=Stage.IRC_ISSUED,
                          irc_date=on)  # fmt: skip
    pipeline.add_capital_event(promoter, demo, kind="registration", date=on, amount=9 * T)

    figures = {f.year: f for f in feeds.green_share_figures(share)}
    assert figures[2024].value == Decimal("30.00")  # (2 + 1) / (2 + 1 + 3 + 4) = 30%
    assert "1 dự án chưa rõ có xanh hay công nghệ cao" in figures[2024].explanation
    assert figures[2025].value == Decimal("100.00")
    assert set(figures) == {2024, 2025}  # no capital, or nothing known: no share (not zero)
    rows = {r.year: r for r in feeds.share_rows()}
    assert rows[2023].value is None
    assert "chưa biết" in rows[2023].explanation


def test_the_indicator_is_computed_because_of_data_not_code(share, promoter):
    assert computed.provider_for(share) is not None
    assert computed.provider_for(IndicatorFactory(code="SOMETHING_ELSE")) is None
    registered(promoter, "Xanh", dt.date(2024, 5, 1), 2 * T, green="yes")
    row = next(r for r in monitoring.report(share).rows if r.year == 2024)
    assert row.actual == Decimal("100.00")
    IndicatorFeed.objects.all().delete()
    assert not computed.is_computed(share)
