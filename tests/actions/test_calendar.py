"""Working-day arithmetic across weekends, Tết and swapped days, hand-computed."""

from datetime import date

import pytest

from xuctien.actions.calendar import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)
from xuctien.actions.holidays import shipped_holidays


@pytest.fixture(scope="module")
def vn() -> WorkCalendar:
    rows = shipped_holidays()
    return WorkCalendar.of(
        [r["date"] for r in rows if r["kind"] != "make_up"],
        [r["date"] for r in rows if r["kind"] == "make_up"],
    )


def test_a_plain_week_skips_the_weekend():
    plain = WorkCalendar()
    assert add_working_days(date(2025, 3, 7), 1, plain) == date(2025, 3, 10)  # Fri → Mon
    assert add_working_days(date(2025, 3, 3), 5, plain) == date(2025, 3, 10)


def test_zero_days_from_a_saturday_is_the_next_monday():
    assert add_working_days(date(2025, 3, 8), 0, WorkCalendar()) == date(2025, 3, 10)


def test_the_day_after_friday_24_january_2025_is_monday_3_february(vn):
    # 25–26 weekend, 27 swapped day off, 28–31 Tết, 1–2 Feb weekend.
    assert add_working_days(date(2025, 1, 24), 1, vn) == date(2025, 2, 3)


def test_the_make_up_saturday_after_tet_2025_counts(vn):
    assert add_working_days(date(2025, 1, 24), 5, vn) == date(2025, 2, 7)
    assert add_working_days(date(2025, 1, 24), 6, vn) == date(2025, 2, 8)  # Saturday worked
    assert add_working_days(date(2025, 1, 24), 7, vn) == date(2025, 2, 10)
    assert is_working_day(date(2025, 2, 8), vn)
    assert not is_working_day(date(2025, 1, 27), vn)


def test_counting_back_crosses_tet(vn):
    assert add_working_days(date(2025, 2, 3), -1, vn) == date(2025, 1, 24)
    assert add_working_days(date(2025, 2, 10), -7, vn) == date(2025, 1, 24)


def test_working_days_between_across_tet_2025(vn):
    # 3, 4, 5, 6, 7, 8 (make-up Saturday) and 10 February.
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 10), vn) == 7
    assert working_days_between(date(2025, 2, 10), date(2025, 1, 24), vn) == -7
    assert working_days_between(date(2025, 1, 24), date(2025, 1, 24), vn) == 0


def test_tet_2026_closes_offices_from_14_to_22_february(vn):
    assert add_working_days(date(2026, 2, 13), 1, vn) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23), vn) == 1


def test_the_long_weekend_of_30_april_2025(vn):
    assert add_working_days(date(2025, 4, 25), 1, vn) == date(2025, 4, 26)  # make-up Saturday
    # 30/4 and 1/5 holidays, 2/5 swapped off, 3–4 weekend.
    assert add_working_days(date(2025, 4, 29), 1, vn) == date(2025, 5, 5)


def test_tet_2027_with_days_in_lieu_for_its_weekend(vn):
    # 5–9 Feb Tết (6–7 a weekend), 10–11 days in lieu.
    assert add_working_days(date(2027, 2, 4), 1, vn) == date(2027, 2, 12)


def test_national_day_2025_gives_a_four_day_weekend(vn):
    assert add_working_days(date(2025, 8, 29), 1, vn) == date(2025, 9, 3)


def test_every_shipped_holiday_has_a_source_and_the_derived_ones_say_so():
    rows = shipped_holidays()
    assert {r["date"].year for r in rows} == set(range(2020, 2028))
    assert all(r["source"] and r["name_vi"] and r["name_en"] for r in rows)
    tet_2027 = next(r for r in rows if r["date"] == date(2027, 2, 6))
    assert tet_2027["is_derived"]


@pytest.mark.django_db
def test_the_holidays_are_loaded_by_the_data_migration():
    from xuctien.actions.holidays import load_calendar
    from xuctien.actions.models import Holiday

    assert Holiday.objects.filter(date=date(2025, 1, 29), kind="holiday").exists()
    assert add_working_days(date(2025, 1, 24), 1, load_calendar()) == date(2025, 2, 3)
