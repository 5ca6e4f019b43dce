"""The capital and jobs indicators, computed from the registry, hand-computed.

Target (test): capital over VND 10 trillion in 2021-2025, so 2 a year on the pro-rata path;
jobs 5,000 in 2021-2025, so 1,000 a year.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
    UserFactory,
)
from tests.investments.factories import ProjectFactory
from xuctien.investments import indicators, services
from xuctien.investments.models import Stage
from xuctien.programmes import monitoring
from xuctien.programmes.models import Indicator

T = Decimal(10) ** 12  # one trillion VND


@pytest.fixture
def capital(db):
    indicator = IndicatorFactory(
        code="MFG_INVEST_CAPITAL",
        registry_feed="capital",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("10"))
    return indicator


@pytest.fixture
def jobs(db):
    indicator = IndicatorFactory(
        code="MFG_NEW_JOBS",
        registry_feed="jobs",
        unit="jobs",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("5000"))
    return indicator


def by_year(figures):
    return {f.year: f.value for f in figures}


def registered(user, *, on, amount, currency="VND", jobs=None, sector=None, zone=None):
    project = services.register_project(
        user,
        name=f"P {on}",
        stage=Stage.IRC_ISSUED,
        on=on,
        jobs_planned=jobs,
        **({"sector": sector} if sector else {}),
        **({"zone": zone} if zone else {}),
    )
    services.add_capital_event(
        user, project, kind="registration", date=on, amount=amount, currency=currency
    )
    project.refresh_from_db()
    return project


def by_year_figure(figures, year):
    return next(f for f in figures if f.year == year)


def row(indicator, year):
    return next(r for r in monitoring.report(indicator).rows if r.year == year)


def test_the_providers_are_registered_for_the_feeds_the_workbook_declares(capital, jobs):
    from types import SimpleNamespace

    from xuctien.programmes import computed

    assert computed.provider_for(capital) is indicators.capital_figures
    assert computed.provider_for(jobs) is indicators.jobs_figures
    # the code says nothing: an indicator that declares no feed is entered by hand
    assert computed.provider_for(SimpleNamespace(code="MFG_INVEST_CAPITAL")) is None
    assert indicators.fed_indicator("capital") == capital


def test_an_empty_registry_gives_zero_every_year_from_the_window(capital):
    figures = indicators.capital_figures(capital)
    assert figures[0].year == 2021
    assert all(f.value == 0 for f in figures)
    assert figures[-1].year == dt.date.today().year


def test_registering_increasing_and_withdrawing_move_the_figures(
    capital, jobs, promoter, electronics, usd_rates, secretariat
):
    # The registry was declared complete for these years: its sums are values, not bounds.
    ProvinceFactory()
    for year in (2021, 2022, 2023):
        services.declare_registry_complete(secretariat, year, "Every IRC of the year checked")
    assert row(capital, 2021).status == "off_track"  # 0 against 2 expected
    a = registered(promoter, on=dt.date(2021, 3, 10), amount=2 * T, jobs=1000, sector=electronics)
    assert by_year(indicators.capital_figures(capital))[2021] == Decimal("2")
    assert row(capital, 2021).status == "on_track"  # 2 = 10 * 1/5
    assert row(jobs, 2021).actual == Decimal("1000")
    assert row(jobs, 2021).status == "on_track"

    # USD 100m on 30 June 2022 at the 2022 annual average of 23,000: VND 2.3 trillion.
    b = registered(
        promoter,
        on=dt.date(2022, 6, 30),
        amount=Decimal(100_000_000),
        currency="USD",
        jobs=500,
        sector=electronics,
    )
    # An increase of VND 0.5 trillion to A in 2023.
    services.add_capital_event(promoter, a, kind="increase", date=dt.date(2023, 2, 1), amount=T / 2)
    # A lead that is withdrawn never counts, whatever it hoped for.
    lead = services.register_project(
        promoter, name="Lead", sector=electronics, expected_capital_vnd=5 * T, jobs_planned=900
    )
    services.move_stage(promoter, lead, Stage.WITHDRAWN, reason="Went elsewhere")

    capital_by_year = by_year(indicators.capital_figures(capital))
    assert (capital_by_year[2021], capital_by_year[2022], capital_by_year[2023]) == (
        Decimal("2"),
        Decimal("2.3"),
        Decimal("0.5"),
    )
    assert row(capital, 2023).actual == Decimal("4.8")  # cumulative 2 + 2.3 + 0.5
    assert row(capital, 2023).status == "off_track"  # expected 6: short by 1.2 > 10% of 6
    assert by_year(indicators.jobs_figures(jobs))[2022] == Decimal("500")
    assert row(jobs, 2022).actual == Decimal("1500")
    assert row(jobs, 2022).status == "off_track"  # 1,500 vs 2,000: short by 500 > 10% of 2,000
    assert b.capital_vnd == Decimal("2300000000000")


def test_a_terminated_project_keeps_its_year_until_a_decrease_removes_it(
    capital, promoter, electronics, usd_rates
):
    b = registered(
        promoter,
        on=dt.date(2022, 6, 30),
        amount=Decimal(100_000_000),
        currency="USD",
        sector=electronics,
    )
    services.move_stage(promoter, b, Stage.TERMINATED, on=dt.date(2024, 5, 1), reason="IRC revoked")
    assert by_year(indicators.capital_figures(capital))[2022] == Decimal("2.3")
    b.refresh_from_db()
    services.add_capital_event(
        promoter,
        b,
        kind="decrease",
        date=dt.date(2024, 5, 1),
        amount=Decimal(100_000_000),
        currency="USD",
    )
    figures = by_year(indicators.capital_figures(capital))
    assert figures[2022] == Decimal("2.3")  # the year it was attracted keeps it
    assert figures[2024] == Decimal("-2.5")  # removed at the 2024 rate of 25,000
    b.refresh_from_db()
    assert b.capital_vnd == Decimal("-200000000000.00")


def test_projects_outside_manufacturing_are_counted_apart(
    capital, promoter, electronics, real_estate
):
    registered(promoter, on=dt.date(2022, 1, 5), amount=T, sector=electronics)
    registered(promoter, on=dt.date(2022, 1, 5), amount=4 * T, jobs=50, sector=real_estate)
    assert by_year(indicators.capital_figures(capital))[2022] == Decimal("1")
    apart = indicators.figures_outside_manufacturing(None)
    assert apart[2022] == {"capital_vnd": 4 * T, "jobs": 50}


def test_aggregate_and_synthetic_projects_never_count(capital, electronics):
    for flags in ({"is_aggregate": True}, {"is_synthetic": True}):
        project = ProjectFactory(
            stage=Stage.IRC_ISSUED, irc_date=dt.date(2022, 1, 1), sector=electronics, **flags
        )
        services.add_capital_event(
            None, project, kind="registration", date=dt.date(2022, 1, 1), amount=T
        )
    assert by_year(indicators.capital_figures(capital))[2022] == 0


def test_an_event_waiting_for_a_rate_is_named_and_not_counted(capital, promoter, electronics):
    registered(
        promoter,
        on=dt.date(2023, 3, 1),
        amount=Decimal(1_000_000),
        currency="USD",
        sector=electronics,
    )
    with translation.override("en"):
        figure = next(f for f in indicators.capital_figures(capital) if f.year == 2023)
    assert figure.value == 0
    assert "1 capital event waits for an exchange rate and is not counted." in figure.explanation


def test_the_capital_explanation_says_one_and_many_as_each_language_does(
    capital, promoter, electronics
):
    """ "1 registrations, 0 increases and 1 decreases" was the English of every year."""
    project = registered(promoter, on=dt.date(2023, 3, 1), amount=T, sector=electronics)
    registered(promoter, on=dt.date(2023, 4, 1), amount=T, sector=electronics)
    services.add_capital_event(
        promoter, project, kind="increase", date=dt.date(2023, 6, 1), amount=T
    )
    with translation.override("en"):
        figure = by_year_figure(indicators.capital_figures(capital), 2023)
    assert figure.explanation == (
        "2 registrations, 1 increase and 0 decreases of manufacturing projects in 2023, "
        "converted at each event's stored rate."
    )
    with translation.override("vi"):
        figure = by_year_figure(indicators.capital_figures(capital), 2023)
    assert figure.explanation == (
        "2 lượt cấp mới, 1 lượt tăng vốn và 0 lượt giảm vốn của các dự án chế biến, chế tạo "
        "năm 2023, quy đổi theo tỷ giá lưu cho từng lượt."
    )


def test_the_figures_for_a_zone_count_only_its_projects(
    capital, promoter, electronics, own_zone, other_zone
):
    registered(promoter, on=dt.date(2022, 1, 5), amount=T, sector=electronics, zone=own_zone)
    registered(promoter, on=dt.date(2022, 1, 5), amount=3 * T, sector=electronics, zone=other_zone)
    assert by_year(indicators.capital_figures(capital, zone=own_zone))[2022] == Decimal("1")
    assert by_year(indicators.capital_figures(capital))[2022] == Decimal("4")


def test_each_figure_lists_the_events_behind_it(capital, promoter, electronics, usd_rates):
    registered(
        promoter,
        on=dt.date(2022, 6, 30),
        amount=Decimal(100_000_000),
        currency="USD",
        sector=electronics,
    )
    figure = next(f for f in indicators.capital_figures(capital) if f.year == 2022)
    assert figure.count == 1  # summed by the database; the events are listed on demand
    (part,) = indicators.capital_parts(capital, 2022)
    assert (part.currency, part.rate_used, part.value) == ("USD", Decimal("23000"), Decimal("2.3"))


def test_an_undeclared_registry_is_a_lower_bound_and_never_off_track_alone(
    capital, jobs, promoter, electronics
):
    registered(promoter, on=dt.date(2021, 3, 10), amount=T, jobs=500, sector=electronics)
    # Registry 2021: at least 1 (trillion) against 2 expected, at least 500 against 1,000.
    assert row(capital, 2021).status == "not_determinable"
    assert row(jobs, 2021).status == "not_determinable"
    assert row(jobs, 2021).result.bound == monitoring.assessment.Bound.at_least(500)
    # At least 3 meets the expected 2 even at its low end: on track on this bound.
    registered(promoter, on=dt.date(2021, 5, 1), amount=2 * T, sector=electronics)
    assert row(capital, 2021).status == "on_track"
    assert row(capital, 2021).basis == "registry"


def test_only_the_secretariat_declares_the_registry_complete_and_says_why(promoter, secretariat):
    from django.core.exceptions import PermissionDenied, ValidationError

    province = ProvinceFactory()
    with pytest.raises(PermissionDenied):
        services.declare_registry_complete(promoter, 2021, "I think so")
    with pytest.raises(ValidationError):
        services.declare_registry_complete(secretariat, 2021, "  ")
    declaration = services.declare_registry_complete(secretariat, 2021, "All IRCs checked")
    assert (declaration.declared_by, declaration.reason) == (secretariat, "All IRCs checked")
    assert declaration.declared_at is not None
    assert declaration.province == province  # the one province there is
    assert services.declared_complete_years() == {2021}


def test_an_official_figure_gives_the_verdict_and_the_registry_stands_beside_it(
    capital, promoter, electronics
):
    from tests.factories import ObservationFactory

    registered(promoter, on=dt.date(2021, 3, 10), amount=T, sector=electronics)
    # The statistics office reports "over 1.5 trillion in 9 months of 2021".
    ObservationFactory(indicator=capital, period="2021-9M", value=Decimal("1.5"), qualifier="over")
    result = row(capital, 2021)
    assert result.basis == "official"
    assert result.figure.period == "2021-9M"
    assert result.result.bound == monitoring.assessment.Bound.at_least(Decimal("1.5"))
    assert result.status == "not_determinable"  # at least 1.5 against 2 expected
    assert result.registry.bound == monitoring.assessment.Bound.at_least(Decimal(1))
    assert result.registry_coverage == {"projects": 1, "waiting_for_rate": 0, "complete": False}


def test_a_second_provinces_registry_never_counts_in_the_first_ones_figures(
    capital, jobs, promoter, electronics
):
    """Regression: with a second province loaded, Quảng Ninh's registry capital was the
    national total (no place filter)."""
    registered(promoter, on=dt.date(2021, 3, 10), amount=2 * T, jobs=1000, sector=electronics)
    other = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong City")
    their_board = AgencyFactory(province=other, code="BQLKKT", kind="board")
    their_promoter = UserFactory(username="hp-xuctien", role="agency", agency=their_board)
    theirs = registered(
        their_promoter, on=dt.date(2021, 5, 4), amount=7 * T, jobs=3000, sector=electronics
    )
    their_capital = IndicatorFactory(
        programme=ProgrammeFactory(province=other, code="NQ01"),
        code="MFG_INVEST_CAPITAL",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )

    assert theirs.province == other
    assert by_year(indicators.capital_figures(capital))[2021] == Decimal("2")
    assert by_year(indicators.jobs_figures(jobs))[2021] == Decimal("1000")
    assert by_year(indicators.capital_figures(their_capital))[2021] == Decimal("7")
    # The national view alone adds the provinces up.
    assert sum(p.capital_vnd or 0 for p in indicators.counted_projects(None)) == 9 * T


def test_the_batch_of_many_provinces_counts_each_province_s_own_registry(
    capital, jobs, promoter, secretariat, electronics
):
    """Regression: the figures of every province's capital, summed at once, stay apart;
    a province-wide declaration of completeness is its own province's only."""
    registered(promoter, on=dt.date(2021, 3, 10), amount=2 * T, jobs=1000, sector=electronics)
    registered(promoter, on=dt.date(2022, 3, 10), amount=T, jobs=10, sector=electronics)
    other = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong City")
    their_board = AgencyFactory(province=other, code="BQLKKT", kind="board")
    their_promoter = UserFactory(username="hp-xuctien", role="agency", agency=their_board)
    registered(their_promoter, on=dt.date(2021, 5, 4), amount=7 * T, jobs=3, sector=electronics)
    their_programme = ProgrammeFactory(province=other, code="NQ01")
    their_capital = IndicatorFactory(
        programme=their_programme,
        code="MFG_INVEST_CAPITAL",
        registry_feed="capital",
        unit="VND trillion",
        behaviour=Indicator.Behaviour.CUMULATIVE,
    )
    TargetFactory(indicator=their_capital, start_year=2021, year=2025, value=Decimal("10"))
    their_secretariat = UserFactory(username="hp-thuky", role="secretariat", province=other)
    services.declare_registry_complete(their_secretariat, 2021, "Checked", province=other)

    batch = indicators.registry_figures([capital, jobs, their_capital])
    ours, our_jobs, theirs = (
        {f.year: f for f in batch[i.pk]} for i in (capital, jobs, their_capital)
    )
    assert (ours[2021].value, ours[2022].value, ours[2021].count) == (2, 1, 1)
    assert (our_jobs[2021].value, our_jobs[2022].value) == (1000, 10)
    assert (theirs[2021].value, theirs[2022].value) == (7, 0)
    # Hai Phong's declaration makes its 2021 a value, never Quảng Ninh's.
    assert (theirs[2021].complete, ours[2021].complete) == (True, False)
    assert by_year(indicators.capital_figures(capital)) == {y: f.value for y, f in ours.items()}
    assert [f.complete for f in indicators.capital_figures(capital)] == [
        f.complete for f in ours.values()
    ]
    assert ours[2021].source_urls() == sorted(
        {p.source_url for p in indicators.capital_parts(capital, 2021)} - {""}
    )


def test_the_sources_of_many_provinces_figures_are_read_together_and_follow_new_events(
    capital, jobs, promoter, electronics, django_assert_max_num_queries
):
    """The source addresses of a page of figures (the API) are each province's, cached per
    province; a capital event written since shows at once."""
    from xuctien.investments.models import CapitalEvent
    from xuctien.programmes.computed import read_sources

    first = registered(promoter, on=dt.date(2021, 3, 10), amount=2 * T, sector=electronics)
    CapitalEvent.objects.filter(project=first).update(source_url="https://qn.vn/a")
    other = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong City")
    board = AgencyFactory(province=other, code="BQLKKT", kind="board")
    their_promoter = UserFactory(username="hp-xuctien", role="agency", agency=board)
    theirs = registered(their_promoter, on=dt.date(2021, 5, 4), amount=7 * T, sector=electronics)
    CapitalEvent.objects.filter(project=theirs).update(
        source_url="https://hp.vn/b | https://hp.vn/c"
    )
    from xuctien.investments import aggregates

    aggregates.bump(first.province_id)  # written past the signals above
    aggregates.bump(other.pk)

    def figures():  # type: ignore[no-untyped-def]
        ours = indicators.capital_figures(capital)
        hers = replace(ours[0], sources=indicators.Sources("capital", other.pk))
        return [f for f in ours if f.year == 2021] + [hers]

    page = figures()
    read_sources(page)
    assert [f.source_urls() for f in page] == [
        ["https://qn.vn/a"],
        ["https://hp.vn/b", "https://hp.vn/c"],
    ]
    assert [f.source_urls() for f in page] == [f.sources.urls(2021) for f in page]
    services.add_capital_event(
        promoter, first, kind="disbursement", date=dt.date(2021, 6, 1), amount=T, currency="VND"
    )
    CapitalEvent.objects.filter(project=first, kind="disbursement").update(
        source_url="https://qn.vn/z"
    )
    aggregates.bump(first.province_id)
    again = figures()
    with django_assert_max_num_queries(3):  # the generations, Quảng Ninh's texts again
        read_sources(again)
    assert again[0].source_urls() == again[0].sources.urls(2021)


def test_the_analytics_page_keeps_the_registry_figures_until_the_registry_changes(
    client, capital, jobs, promoter, electronics, real_estate
):
    """The page's capital, jobs and outside-manufacturing figures are kept with the two
    indicators' assessments: read from the cache while nothing they read changes, computed
    again after a new event, a new project or a new target."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    a = registered(promoter, on=dt.date(2022, 1, 5), amount=T, jobs=10, sector=electronics)
    registered(promoter, on=dt.date(2022, 1, 5), amount=4 * T, jobs=50, sector=real_estate)
    client.force_login(promoter)

    def page():
        with CaptureQueriesContext(connection) as captured:
            context = client.get(reverse("investments:analytics")).context
        sums = [q["sql"] for q in captured if "investments_capitalevent" in q["sql"]]
        figures = (by_year(context["capital_figures"]), by_year(context["jobs_figures"]))
        return figures, context["outside"], len(sums)

    (capital_by_year, jobs_by_year), outside, cold = page()
    assert (capital_by_year[2022], jobs_by_year[2022]) == (Decimal("1"), Decimal("10"))
    assert outside[2022] == {"capital_vnd": 4 * T, "jobs": 50}
    assert cold == 2  # the capital and the outside sums
    assert page() == ((capital_by_year, jobs_by_year), outside, 0)

    services.add_capital_event(promoter, a, kind="increase", date=dt.date(2022, 6, 1), amount=T)
    (capital_by_year, _jobs), _outside, again = page()
    assert (capital_by_year[2022], again) == (Decimal("2"), 2)

    registered(promoter, on=dt.date(2023, 2, 1), amount=T, jobs=5, sector=real_estate)
    (_capital, _jobs), outside, _sums = page()
    assert outside[2023] == {"capital_vnd": T, "jobs": 5}

    TargetFactory(indicator=capital, start_year=2019, year=2025, value=Decimal("12"))
    (capital_by_year, _jobs), _outside, _sums = page()
    assert min(capital_by_year) == 2019


def test_the_analytics_figures_follow_the_language(client, capital, jobs, promoter, electronics):
    from django.urls import reverse

    registered(promoter, on=dt.date(2022, 1, 5), amount=T, jobs=10, sector=electronics)
    client.force_login(promoter)
    vietnamese = client.get(reverse("investments:analytics")).context["capital_figures"]
    english = client.get(reverse("investments:analytics") + "?lang=en").context["capital_figures"]
    assert by_year(vietnamese) == by_year(english)
    assert vietnamese[1].explanation.startswith("1 lượt cấp mới")
    assert english[1].explanation.startswith("1 registration, 0 increases")


def test_a_sector_moved_out_of_manufacturing_moves_its_capital_at_once(
    client, capital, jobs, promoter, electronics
):
    """A sector's VSIC section decides what counts: a change bumps every province's
    registers, so the kept figures and the assessments follow it."""
    from django.urls import reverse

    registered(promoter, on=dt.date(2022, 1, 5), amount=T, jobs=10, sector=electronics)
    client.force_login(promoter)
    context = client.get(reverse("investments:analytics")).context
    assert by_year(context["capital_figures"])[2022] == Decimal("1")
    assert row(capital, 2022).actual == Decimal("1")

    electronics.section = "L"
    electronics.save()

    context = client.get(reverse("investments:analytics")).context
    assert by_year(context["capital_figures"])[2022] == Decimal("0")
    assert context["outside"][2022] == {"capital_vnd": T, "jobs": 10}
    assert row(capital, 2022).actual == Decimal("0")
