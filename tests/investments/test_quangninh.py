"""Loading the real Quảng Ninh projects and the synthetic demo pipeline."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import ZoneFactory
from xuctien.core.models import ChangeRecord
from xuctien.investments import indicators
from xuctien.investments.models import CapitalEvent, ExchangeRate, Project, Sector, Stage
from xuctien.investments.quangninh import load_demo_pipeline, load_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    ZoneFactory(code="KCN-SONGKHOAI", name_vi="KCN Sông Khoai (Amata City Hạ Long)")
    load_projects()


def by_year(figures):
    return {f.year: f.value for f in figures}


def test_the_reference_has_21_sections_and_24_manufacturing_divisions(loaded):
    assert Sector.objects.filter(level="section").count() == 21
    assert Sector.objects.filter(level="division", section="C").count() == 24


def test_every_published_row_loads_with_its_sources(loaded):
    assert Project.objects.count() == 35
    assert Project.objects.filter(is_aggregate=True).count() == 4
    assert not Project.objects.filter(source_url="").exists()
    jinko = Project.objects.get(source_ref__endswith=":jinko-1")
    assert (jinko.irc_date, jinko.stage, jinko.zone.code, jinko.vsic) == (
        dt.date(2021, 3, 31),
        Stage.OPERATING,
        "KCN-SONGKHOAI",
        "26",
    )
    assert jinko.investors.get().country == "HK"


def test_a_stated_vnd_figure_is_kept_and_a_bare_usd_one_waits_for_a_rate(loaded):
    jinko = CapitalEvent.objects.get(project__source_ref__endswith=":jinko-1")
    assert (jinko.amount, jinko.currency) == (Decimal("498000000"), "USD")
    assert jinko.amount_vnd == Decimal("11499860000000")
    seiko = CapitalEvent.objects.get(project__source_ref__endswith=":parts-seiko")
    assert seiko.amount_vnd is None  # no exchange rate was invented


WITHOUT_A_SOURCED_RATE = {
    # no IRC date, so no date for a rate
    "lite-on",
    "tcl-aggregate",
    "autoliv",
    "stavian-quang-yen",
    # an IRC month or year for which no central rate or annual average was found
    "tenma",
    "yaskawa",
    "parts-seiko",
    "castem",
    "tamagawa",
    "fujix",
    "bw-bac-tien-phong",
    "core5",
}


def test_every_amount_has_a_vnd_figure_stated_or_at_a_sourced_rate_or_waits(loaded):
    events = CapitalEvent.objects.select_related("project")
    assert events.count() == 31  # every row with a published capital amount
    waiting = {e.project.source_ref.split(":")[-1] for e in events if e.amount_vnd is None}
    assert waiting == WITHOUT_A_SOURCED_RATE
    for rate in ExchangeRate.objects.all():
        assert rate.source_url
        assert "annual average" in rate.note or "central rate" in rate.note
    s_vietnam = CapitalEvent.objects.get(project__source_ref__endswith=":s-vietnam")
    # S-Vietnam: USD 137m on 17/11/2020 at that day's central rate, 23,174 (VNA).
    assert s_vietnam.amount_vnd == Decimal("3174838000000.00")
    assert s_vietnam.rate_used == Decimal("23174")


def test_loading_twice_changes_nothing(loaded):
    records = ChangeRecord.objects.count()
    versions = list(Project.objects.order_by("pk").values_list("version", flat=True))
    summary = load_projects()
    assert "0 created, 0 updated, 35 unchanged" in summary
    assert ChangeRecord.objects.count() == records
    assert list(Project.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_the_real_registry_feeds_the_capital_indicator(loaded):
    capital = by_year(indicators.capital_figures(None))
    # 2021: Jinko 1 (11,499.86 bn) + Jinko 2 (8,382 bn) + Multi-Sunny (USD 10m) and Lioncore
    # (USD 30m) at the 2021 annual average 23,159.78: 231.5978 + 694.7934 bn; Haiyun and
    # Jingsung have no stated sector and count apart.
    assert capital[2021] == Decimal("20.8082512")
    # 2022: Yên Hưng petrochemicals 4,229 bn; BW and Core5 are real estate (counted apart).
    assert capital[2022] == Decimal("4.229")
    # 2023: Jinko 3 (34.65 trillion) + FECV (4.7) + FMMV (1.1), as the sources state.
    assert capital[2023] == Decimal("40.45")
    # 2024: Foxconn's two projects of 3 July, USD 263.7m + 287.2m at the central rate of
    # that day, 24,253: 6,395.5161 + 6,965.4616 bn.
    assert capital[2024] == Decimal("13.3609777")
    jobs = by_year(indicators.jobs_figures(None))
    assert (jobs[2021], jobs[2023]) == (Decimal(4188), Decimal(6400))


def test_aggregate_rows_are_kept_but_never_counted(loaded):
    tonly = Project.objects.get(source_ref__endswith=":tonly-aggregate")
    assert tonly.is_aggregate
    assert tonly.pk not in {p.pk for p in indicators.counted_projects(None)}


def test_the_demo_pipeline_is_synthetic_and_idempotent(loaded):
    load_demo_pipeline()
    synthetic = Project.objects.filter(is_synthetic=True)
    assert synthetic.count() == 7
    assert all("(minh hoạ)" in p.name for p in synthetic)
    assert {p.stage for p in synthetic} >= {Stage.LEAD, Stage.POLICY_APPROVED, Stage.WITHDRAWN}
    records = ChangeRecord.objects.count()
    assert "0 created" in load_demo_pipeline()
    assert ChangeRecord.objects.count() == records
    before = by_year(indicators.capital_figures(None))
    assert before == by_year(indicators.capital_figures(None))  # synthetic never counts


def test_the_loader_is_a_step_of_load_quangninh():
    from xuctien.core import loading

    assert any(name.startswith("investments") for name, _step in loading.steps())


def test_real_stage_histories_come_from_their_sources_with_unknown_dates_kept(loaded):
    from xuctien.investments import analytics

    tonly = Project.objects.get(source_ref__endswith=":tonly-3")
    history = list(tonly.stage_changes.order_by("id").values_list("to_stage", "date"))
    # IRC date not published; construction from 8/2023; inaugurated 19/8/2025.
    assert history == [
        (Stage.IRC_ISSUED, None),
        (Stage.UNDER_CONSTRUCTION, dt.date(2023, 8, 1)),
        (Stage.OPERATING, dt.date(2025, 8, 19)),
    ]
    real = Project.objects.filter(is_synthetic=False, is_aggregate=False)
    funnel = {row.stage: row for row in analytics.funnel(real)}
    # Jinko 1 and 2, S-Vietnam, Thành Công, Tonly 3, Texhong Hải Hà, Autoliv, Vietnam Union.
    assert funnel[Stage.OPERATING].entered == 8
    assert funnel[Stage.IRC_ISSUED].entered == 30  # every real project past its IRC
    assert not Project.objects.get(source_ref__endswith=":tcl-aggregate").stage_changes.exists()
