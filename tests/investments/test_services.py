"""Services: registering projects, moving stages, recording capital."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.investments.factories import ExchangeRateFactory, InvestorFactory, ProjectFactory
from xuctien.core.models import ChangeRecord
from xuctien.investments import services
from xuctien.investments.models import CapitalEvent, ExchangeRate, Stage
from xuctien.models import StaleObjectError


def test_registering_a_project_records_its_first_stage(promoter, electronics):
    investor = InvestorFactory()
    project = services.register_project(
        promoter,
        name="Nhà máy A",
        investors=[investor],
        sector=electronics,
        on=dt.date(2024, 3, 1),
    )
    (change,) = project.stage_changes.all()
    assert (change.from_stage, change.to_stage, change.date) == (
        "",
        Stage.LEAD,
        dt.date(2024, 3, 1),
    )
    assert change.by == promoter
    assert list(project.investors.all()) == [investor]
    assert project.owner == promoter


def test_registering_at_irc_stage_dates_the_irc(promoter, electronics):
    project = services.register_project(
        promoter, name="B", sector=electronics, stage=Stage.IRC_ISSUED, on=dt.date(2023, 5, 2)
    )
    assert project.irc_date == dt.date(2023, 5, 2)
    assert project.is_public


def test_moving_a_stage_keeps_a_dated_history_attributed_to_the_user(promoter):
    project = ProjectFactory(stage=Stage.LEAD)
    services.move_stage(promoter, project, Stage.PROSPECT, on=dt.date(2024, 1, 10))
    project.refresh_from_db()
    services.move_stage(promoter, project, Stage.SITE_VISIT, on=dt.date(2024, 2, 10))
    project.refresh_from_db()
    history = [(c.from_stage, c.to_stage, c.date) for c in project.stage_changes.all()]
    assert history == [
        (Stage.LEAD, Stage.PROSPECT, dt.date(2024, 1, 10)),
        (Stage.PROSPECT, Stage.SITE_VISIT, dt.date(2024, 2, 10)),
    ]
    assert project.stage == Stage.SITE_VISIT
    assert project.stage_since == dt.date(2024, 2, 10)
    assert ChangeRecord.objects.for_object(project).filter(user=promoter).exists()


def test_reaching_irc_sets_the_irc_date_and_makes_it_public(promoter):
    project = ProjectFactory(stage=Stage.POLICY_APPROVED)
    services.move_stage(promoter, project, Stage.IRC_ISSUED, on=dt.date(2024, 6, 30))
    project.refresh_from_db()
    assert project.irc_date == dt.date(2024, 6, 30)
    assert project.is_public


@pytest.mark.parametrize("exit_stage", [Stage.ON_HOLD, Stage.WITHDRAWN, Stage.TERMINATED])
def test_an_exit_without_a_reason_is_refused(promoter, exit_stage):
    project = ProjectFactory(stage=Stage.PROSPECT)
    with pytest.raises(ValidationError):
        services.move_stage(promoter, project, exit_stage, reason="  ")
    assert project.stage_changes.count() == 0


def test_an_exit_keeps_its_reason(promoter):
    project = ProjectFactory(stage=Stage.PROSPECT)
    change = services.move_stage(promoter, project, Stage.WITHDRAWN, reason="Chose Bắc Ninh")
    assert change.reason == "Chose Bắc Ninh"


def test_a_move_from_a_stale_copy_is_refused(promoter):
    project = ProjectFactory(stage=Stage.LEAD)
    seen = project.version
    services.move_stage(promoter, project, Stage.PROSPECT)
    with pytest.raises(StaleObjectError):
        services.move_stage(promoter, project, Stage.SITE_VISIT, expected_version=seen)


def test_leadership_may_not_move_a_project(leader):
    project = ProjectFactory(stage=Stage.LEAD)
    with pytest.raises(PermissionDenied):
        services.move_stage(leader, project, Stage.PROSPECT)


def test_a_developer_moves_projects_of_its_own_zone_only(developer, other_zone):
    own = ProjectFactory(stage=Stage.LEAD, zone=developer.zone)
    other = ProjectFactory(stage=Stage.LEAD, zone=other_zone)
    services.move_stage(developer, own, Stage.PROSPECT)
    with pytest.raises(PermissionDenied):
        services.move_stage(developer, other, Stage.PROSPECT)


def test_a_usd_event_keeps_the_rate_it_was_converted_at(promoter):
    ExchangeRateFactory(date=dt.date(2022, 6, 30), rate=Decimal("23000"))
    ExchangeRateFactory(date=dt.date(2022, 1, 1), kind="annual_average", rate=Decimal("23500"))
    project = ProjectFactory(stage=Stage.IRC_ISSUED)
    event = services.add_capital_event(
        promoter,
        project,
        kind="registration",
        date=dt.date(2022, 6, 30),
        amount=Decimal("100000000"),
        currency="USD",
    )
    assert event.rate_used == Decimal("23000")  # the central rate of 30 June, not the average
    assert event.amount_vnd == Decimal("2300000000000")
    assert event.exchange_rate.date == dt.date(2022, 6, 30)  # the figure says its rate
    ExchangeRate.objects.filter(pk=event.exchange_rate.pk).update(rate=Decimal("30000"))
    event.refresh_from_db()
    assert event.amount_vnd == Decimal("2300000000000")  # the stored conversion stands
    project.refresh_from_db()
    assert project.capital_vnd == Decimal("2300000000000")


def test_a_stated_vnd_figure_is_kept_with_the_rate_it_implies(promoter):
    project = ProjectFactory(stage=Stage.IRC_ISSUED)
    event = services.add_capital_event(
        promoter,
        project,
        kind="registration",
        date=dt.date(2021, 3, 31),
        amount=Decimal("498000000"),
        currency="USD",
        amount_vnd=Decimal("11499860000000"),
    )
    assert event.rate_used == Decimal("23092.0884")


def test_an_event_without_a_rate_waits_and_is_converted_later(promoter):
    project = ProjectFactory(stage=Stage.IRC_ISSUED)
    event = services.add_capital_event(
        promoter,
        project,
        kind="registration",
        date=dt.date(2023, 3, 1),
        amount=Decimal("10000000"),
        currency="USD",
    )
    assert event.amount_vnd is None
    ExchangeRateFactory(date=dt.date(2023, 1, 1), kind="annual_average", rate=Decimal("23500"))
    assert services.convert_pending_events(promoter) == 1
    event.refresh_from_db()
    assert (event.rate_used, event.amount_vnd) == (Decimal("23500"), Decimal("235000000000"))


def test_a_central_rate_applies_to_its_own_day_only(promoter):
    # 17/11/2020 has no central rate: neither the rate of the day before nor one of another
    # year is carried over; without an average for 2020 the amount waits.
    ExchangeRateFactory(date=dt.date(2020, 11, 16), rate=Decimal("23184"))
    ExchangeRateFactory(date=dt.date(2019, 1, 1), kind="annual_average", rate=Decimal("23050"))
    project = ProjectFactory(stage=Stage.IRC_ISSUED)
    event = services.add_capital_event(
        promoter,
        project,
        kind="registration",
        date=dt.date(2020, 11, 17),
        amount=Decimal("1"),
        currency="USD",
    )
    assert event.amount_vnd is None
    # the year's average applies to any day of its year without a central rate
    ExchangeRateFactory(date=dt.date(2020, 1, 1), kind="annual_average", rate=Decimal("23208.37"))
    assert services.convert_pending_events(promoter) == 1
    event.refresh_from_db()
    assert (event.rate_used, event.exchange_rate.kind) == (Decimal("23208.37"), "annual_average")


def test_a_date_known_to_the_month_takes_the_annual_average_not_a_central_rate(promoter):
    # IRC "7/2022", stored as 1/7/2022: the central rate of 1 July is not its day's rate.
    ExchangeRateFactory(date=dt.date(2022, 7, 1), rate=Decimal("23250"))
    ExchangeRateFactory(date=dt.date(2022, 1, 1), kind="annual_average", rate=Decimal("23271"))
    project = ProjectFactory(
        stage=Stage.IRC_ISSUED, irc_date=dt.date(2022, 7, 1), irc_date_precision="month"
    )
    event = services.add_capital_event(
        promoter,
        project,
        kind="registration",
        date=dt.date(2022, 7, 1),
        amount=Decimal("20500000"),
        currency="USD",
    )
    assert event.rate_used == Decimal("23271")
    assert event.amount_vnd == Decimal("477055500000.00")  # 20.5m × 23,271


def test_an_annual_average_is_dated_the_first_of_its_year(db):
    rate = ExchangeRate(
        currency="USD", date=dt.date(2022, 7, 1), kind="annual_average", rate=Decimal("23271")
    )
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert "date" in error.value.message_dict


def test_decreases_and_disbursements_in_the_project_capital(promoter):
    project = ProjectFactory(stage=Stage.IRC_ISSUED)
    for kind, amount in [
        ("registration", 100),
        ("increase", 30),
        ("decrease", 20),
        ("disbursement", 50),
    ]:
        services.add_capital_event(
            promoter, project, kind=kind, date=dt.date(2024, 1, 1), amount=Decimal(amount)
        )
    project.refresh_from_db()
    assert project.capital_vnd == Decimal(110)
    assert CapitalEvent.objects.filter(project=project).count() == 4


def test_a_move_cannot_be_dated_before_the_current_stage_began(promoter):
    project = ProjectFactory(stage=Stage.PROSPECT, stage_since=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.move_stage(promoter, project, Stage.SITE_VISIT, on=dt.date(2025, 2, 1))
