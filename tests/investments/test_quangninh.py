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
    tamagawa = CapitalEvent.objects.get(project__source_ref__endswith=":tamagawa")
    assert tamagawa.amount_vnd is None  # no exchange rate was invented


WITHOUT_A_SOURCED_RATE = {
    # no IRC date and no dated statement of the amount, so no day for a rate
    "lite-on",
    "tcl-aggregate",
    "autoliv",
    # an IRC day whose central rate was not found, in a year whose average was not found
    # (Castem's source states its VND figure, so it needs no rate; Tenma's and Yaskawa's
    # day, 19/4/2024, has its central rate)
    "tamagawa",
    "fujix",
}


def test_every_amount_has_a_vnd_figure_stated_or_at_a_sourced_rate_or_waits(loaded):
    events = CapitalEvent.objects.select_related("project", "exchange_rate")
    assert events.count() == 31  # every row with a published capital amount
    waiting = {e.project.source_ref.split(":")[-1] for e in events if e.amount_vnd is None}
    assert waiting == WITHOUT_A_SOURCED_RATE
    for rate in ExchangeRate.objects.all():
        assert rate.source_url
        assert "annual average" in rate.note or "central rate" in rate.note
        assert (rate.kind == "annual_average") == ("annual average" in rate.note)
    for event in events.filter(amount_vnd__isnull=False, currency="USD"):
        # a converted USD figure names its rate (with its source), or its source stated VND
        assert event.exchange_rate is not None or "VND" in event.note.split(";", 1)[-1]
        if event.exchange_rate is not None:
            assert event.rate_used == event.exchange_rate.rate
    s_vietnam = CapitalEvent.objects.get(project__source_ref__endswith=":s-vietnam")
    # S-Vietnam: USD 137m on 17/11/2020 at that day's central rate, 23,174 (VNA).
    assert s_vietnam.amount_vnd == Decimal("3174838000000.00")
    assert s_vietnam.rate_used == Decimal("23174")
    assert s_vietnam.exchange_rate.kind == "central"


def test_castem_carries_the_vnd_figure_its_source_states(loaded):
    # Công Thương: "over 433 billion VND, equivalent to USD 18.6m"; no rate row is used.
    castem = CapitalEvent.objects.get(project__source_ref__endswith=":castem")
    assert (castem.amount, castem.currency) == (Decimal("18600000"), "USD")
    assert castem.amount_vnd == Decimal("433000000000.00")
    assert castem.exchange_rate is None
    assert "over 433 bn VND" in castem.note
    assert "congthuong.vn" in castem.source_url
    assert castem.project.capital_vnd == Decimal("433000000000.00")


def test_each_usd_amount_takes_the_rate_of_its_own_day_or_year(loaded):
    def event(key):
        return CapitalEvent.objects.select_related("exchange_rate").get(
            project__source_ref__endswith=":" + key
        )

    # Parts Seiko: USD 10m, IRC 6/7/2023, central rate of that day 23,828 (VNA).
    seiko = event("parts-seiko")
    assert (seiko.amount_vnd, seiko.exchange_rate.date) == (
        Decimal("238280000000.00"),
        dt.date(2023, 7, 6),
    )
    # BW: USD 20.5m, IRC awarded 26/7/2022, central rate 23,196.
    assert event("bw-bac-tien-phong").amount_vnd == Decimal("475518000000.00")
    # Core5: IRC known to the month only (8/2022); the USD 23.9m was stated on 26/7/2022.
    core5 = event("core5")
    assert (core5.date, core5.amount_vnd) == (dt.date(2022, 8, 1), Decimal("554384400000.00"))
    assert "stated on 2022-07-26" in core5.note
    # Stavian: no IRC, so counted in no year; USD 1.5bn committed on 26/7/2022.
    stavian = event("stavian-quang-yen")
    assert (stavian.date, stavian.amount_vnd) == (None, Decimal("34794000000000.00"))
    # Tenma and Yaskawa: certificates presented on 19/4/2024, that day's central rate 24,260:
    # USD 56m and ~59m.
    tenma, yaskawa = event("tenma"), event("yaskawa")
    assert (tenma.amount_vnd, tenma.exchange_rate.date) == (
        Decimal("1358560000000.00"),
        dt.date(2024, 4, 19),
    )
    assert tenma.exchange_rate.kind == "central"
    assert yaskawa.amount_vnd == Decimal("1431340000000.00")
    # Lioncore: IRC in the first half of 2021, so the 2021 annual average, not a day's rate.
    assert event("lioncore").exchange_rate.kind == "annual_average"


def test_the_published_amounts_still_waiting_for_a_rate_are_counted_on_the_project_list(
    loaded, client
):
    from django.urls import reverse

    from tests.factories import UserFactory

    client.force_login(UserFactory(role="secretariat"))
    response = client.get(reverse("investments:project-list"))
    assert f'data-waiting-for-rate="{len(WITHOUT_A_SOURCED_RATE)}"' in response.text


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
    # 2023: Jinko 3 (34.65 trillion) + FECV (4.7) + FMMV (1.1), as the sources state, and
    # Parts Seiko's USD 10m at the central rate of its IRC day 6/7/2023, 23,828: 238.28 bn,
    # and Castem's 433 bn as its source states.
    assert capital[2023] == Decimal("41.12128")
    # 2024: Foxconn's two projects of 3 July, USD 263.7m + 287.2m at the central rate of
    # that day, 24,253: 6,395.5161 + 6,965.4616 bn; and Tenma (section C) and Yaskawa of
    # 19/4, USD 56m + 59m at that day's 24,260: 1,358.56 + 1,431.34 bn.
    assert capital[2024] == Decimal("16.1508777")
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


def test_the_project_page_names_the_rate_a_usd_amount_was_converted_at(loaded, client):
    from django.urls import reverse

    from tests.factories import UserFactory

    seiko = Project.objects.get(source_ref__endswith=":parts-seiko")
    client.force_login(UserFactory(role="secretariat"))
    page = client.get(reverse("investments:project-detail", args=[seiko.pk]), {"lang": "en"})
    assert 'data-rate-kind="central"' in page.text
    assert "reference-exchange-rate-up-15-vnd-on-july-6/255835.vnp" in page.text
    assert "central rate 06/07/2023" in page.text
