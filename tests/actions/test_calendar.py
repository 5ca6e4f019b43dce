"""Working-day arithmetic across weekends, Tết and swapped days, hand-computed."""

from datetime import date, timedelta

import pytest

from xuctien.actions.calendar import (
    UncoveredYear,
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
    # 2020–2024 added for issue 13: before, every weekday of those years was a working day.
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


# The last working day before each Tết closure, and the fifth working day after it,
# counted by hand on the published schedule (the closure's weekdays, then Mon–Fri).
TET_FIFTH_WORKING_DAY = [
    # 23–29/1/2020 closed: Thu 30/1, Fri 31/1, Mon 3/2, Tue 4/2, Wed 5/2.
    (date(2020, 1, 22), date(2020, 2, 5)),
    # 10–16/2/2021 closed: Wed 17, Thu 18, Fri 19, Mon 22, Tue 23.
    (date(2021, 2, 9), date(2021, 2, 23)),
    # 29/1–6/2/2022 closed (31/1–4/2 the weekdays): Mon 7 … Fri 11.
    (date(2022, 1, 28), date(2022, 2, 11)),
    # 20–26/1/2023 closed: Fri 27/1, Mon 30, Tue 31, Wed 1/2, Thu 2/2.
    (date(2023, 1, 19), date(2023, 2, 2)),
    # 8–14/2/2024 closed: Thu 15, Fri 16, Mon 19, Tue 20, Wed 21.
    (date(2024, 2, 7), date(2024, 2, 21)),
    # 25/1–2/2/2025 closed: Mon 3 … Fri 7 (Sat 8 is the make-up day, the sixth).
    (date(2025, 1, 24), date(2025, 2, 7)),
    # 14–22/2/2026 closed: Mon 23 … Fri 27.
    (date(2026, 2, 13), date(2026, 2, 27)),
    # 5–11/2/2027 closed (6–7 a weekend, 10–11 in lieu): Fri 12, Mon 15 … Thu 18.
    (date(2027, 2, 4), date(2027, 2, 18)),
]


@pytest.mark.parametrize(("last_day", "fifth"), TET_FIFTH_WORKING_DAY)
def test_five_working_days_from_the_last_day_before_tet(vn, last_day, fifth):
    assert is_working_day(last_day, vn)
    assert not is_working_day(last_day + timedelta(days=1), vn)
    assert add_working_days(last_day, 5, vn) == fifth
    assert working_days_between(last_day, fifth, vn) == 5


def test_five_working_days_from_6_february_2024_skip_tet(vn):
    # Regression: without 2024 in the calendar this fell on Tue 13/2, a day in lieu of Tết.
    # Wed 7 (1); 8–14 closed; Thu 15 (2), Fri 16 (3), Mon 19 (4), Tue 20 (5).
    assert add_working_days(date(2024, 2, 6), 5, vn) == date(2024, 2, 20)
    assert add_working_days(date(2024, 2, 6), 5, WorkCalendar()) == date(2024, 2, 13)


def test_the_make_up_saturday_of_4_may_2024_counts(vn):
    # Fri 26/4; 27–28 weekend, 29 swapped off, 30/4–1/5 holidays; Thu 2 (1), Fri 3 (2),
    # Sat 4 worked in exchange for Mon 29/4 (3).
    assert add_working_days(date(2024, 4, 26), 3, vn) == date(2024, 5, 4)
    assert not is_working_day(date(2024, 4, 29), vn)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2020, 9, 1), date(2020, 9, 3)),  # 2020: National Day was one day (Code 2012)
        (date(2021, 4, 30), date(2021, 5, 4)),  # 1/5/2021 a Saturday: Mon 3/5 in lieu
        (date(2021, 9, 1), date(2021, 9, 6)),  # 2–3/9/2021 off
        (date(2022, 1, 1), date(2022, 1, 4)),  # 1/1/2022 a Saturday: Mon 3/1 in lieu
        (date(2022, 4, 8), date(2022, 4, 12)),  # Giỗ Tổ on Sun 10/4/2022: Mon 11 in lieu
        (date(2022, 4, 29), date(2022, 5, 4)),  # 30/4–1/5/2022 a weekend: 2–3/5 in lieu
        (date(2023, 4, 28), date(2023, 5, 4)),  # 29/4–3/5/2023 off
        (date(2023, 8, 31), date(2023, 9, 5)),  # 1–4/9/2023 off
        (date(2024, 8, 30), date(2024, 9, 4)),  # 31/8–3/9/2024 off
        (date(2025, 12, 31), date(2026, 1, 5)),  # 1–4/1/2026 off (Fri 2/1 swapped)
    ],
)
def test_one_working_day_across_the_other_holidays_of_2020_to_2026(vn, start, expected):
    assert add_working_days(start, 1, vn) == expected


# Mùng 1 Tết and 10/3 âm lịch as published in the notices (2020–2024, 2026) and as
# converted from the lunar calendar with lunardate 0.3.0 (all years agree).
LUNAR_DAYS = {
    2020: (date(2020, 1, 25), date(2020, 4, 2)),
    2021: (date(2021, 2, 12), date(2021, 4, 21)),
    2022: (date(2022, 2, 1), date(2022, 4, 10)),
    2023: (date(2023, 1, 22), date(2023, 4, 29)),
    2024: (date(2024, 2, 10), date(2024, 4, 18)),
    2025: (date(2025, 1, 29), date(2025, 4, 7)),
    2026: (date(2026, 2, 17), date(2026, 4, 26)),
    2027: (date(2027, 2, 6), date(2027, 4, 16)),
}


@pytest.mark.parametrize("year", sorted(LUNAR_DAYS))
def test_tet_and_the_hung_kings_day_sit_on_their_lunar_dates(vn, year):
    new_year, hung_kings = LUNAR_DAYS[year]
    eve = new_year - timedelta(days=1)
    # The last day of the lunar year and mùng 1 … 3 are closed (or a weekend); so is
    # 10/3 âm lịch, or the day in lieu after it when it falls on a weekend.
    for day in (eve, new_year, new_year + timedelta(days=1), new_year + timedelta(days=2)):
        assert not is_working_day(day, vn), day
    assert not is_working_day(hung_kings, vn)
    in_lieu = add_working_days(hung_kings, 0, WorkCalendar())
    assert hung_kings.weekday() < 5 or not is_working_day(in_lieu, vn)


def test_every_row_names_its_document_and_links_are_addresses():
    rows = shipped_holidays()
    for row in rows:
        assert row["source"], row["date"]
        assert not row["source_url"] or row["source_url"].startswith(("http://", "https://"))
    swap_2024 = next(r for r in rows if r["date"] == date(2024, 5, 4))
    assert "2450/VPCP-KGVX" in swap_2024["source"]
    assert "5015/TB-LĐTBXH" in next(r for r in rows if r["date"] == date(2024, 2, 13))["source"]


def test_a_calendar_limited_to_covered_years_refuses_the_others():
    calendar = WorkCalendar.of([], [], covered_years=[2025])

    assert add_working_days(date(2025, 12, 24), 3, calendar) == date(2025, 12, 29)
    with pytest.raises(UncoveredYear) as refused:
        add_working_days(date(2025, 12, 29), 5, calendar)
    assert refused.value.year == 2026
    with pytest.raises(UncoveredYear):
        add_working_days(date(2024, 12, 31), 1, calendar)
    with pytest.raises(UncoveredYear):
        working_days_between(date(2025, 12, 1), date(2026, 1, 5), calendar)


def test_the_refusal_survives_copying_and_pickling():
    import copy
    import pickle

    error = UncoveredYear(2028)
    for clone in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert clone.year == 2028
        assert clone.messages == error.messages
