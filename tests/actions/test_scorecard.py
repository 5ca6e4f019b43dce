"""The agency scorecard, hand-computed, without the database."""

from datetime import date

from xuctien.actions.scorecard import Row, period_bounds, scorecard

TODAY = date(2025, 7, 10)


def row(agency_id, due, status="not_started", completed=None):
    return Row(agency_id, f"Sở {agency_id}", due, status, completed)


def test_it_counts_on_time_late_overdue_and_not_yet_due_per_quarter():
    rows = [
        row(1, date(2025, 3, 31), "done", date(2025, 3, 30)),  # on time
        row(1, date(2025, 3, 31), "done_late", date(2025, 4, 10)),  # 10 days late
        row(1, date(2025, 6, 30), "overdue"),  # 10 days so far
        row(1, date(2025, 6, 30), "done_late", date(2025, 7, 2)),  # 2 days late
        row(1, date(2025, 6, 30), "done", date(2025, 6, 30)),  # on time, on the day
        row(1, date(2025, 9, 30), "in_progress"),  # not yet due
        row(1, date(2025, 9, 30), "cancelled"),  # ignored
    ]
    q1, q2, q3 = scorecard(rows, TODAY, by="quarter")
    assert (q1.period, q1.due, q1.on_time, q1.late, q1.overdue) == ("2025-Q1", 2, 1, 1, 0)
    assert q1.median_delay == 10
    assert (q2.due, q2.on_time, q2.late, q2.overdue, q2.not_yet_due) == (3, 1, 1, 1, 0)
    assert q2.median_delay == 6  # median of 10 and 2
    assert q2.on_time_rate == 33.3
    assert (q3.due, q3.not_yet_due, q3.median_delay, q3.on_time_rate) == (1, 1, None, None)


def test_by_year_it_adds_the_quarters_up_and_separates_agencies():
    rows = [
        row(2, date(2025, 2, 1), "done_late", date(2025, 2, 4)),  # 3
        row(2, date(2025, 5, 1), "overdue"),  # 70 days by 10/7
        row(2, date(2025, 6, 1), "done_late", date(2025, 6, 6)),  # 5
        row(1, date(2025, 5, 1), "done", date(2025, 4, 1)),
    ]
    first, second = scorecard(rows, TODAY, by="year")
    assert (first.agency_id, first.due, first.on_time) == (1, 1, 1)
    assert (second.agency_id, second.due, second.late, second.overdue) == (2, 3, 2, 1)
    assert second.median_delay == 5  # median of 3, 70, 5


def test_an_open_occurrence_is_overdue_from_the_day_after_its_deadline():
    on_the_day = scorecard([row(1, TODAY)], TODAY)[0]
    assert on_the_day.overdue == 0
    the_day_after = scorecard([row(1, date(2025, 7, 9))], TODAY)[0]
    assert (the_day_after.overdue, the_day_after.median_delay) == (1, 1)


def test_period_bounds():
    assert period_bounds("2025-Q2") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_bounds("2024") == (date(2024, 1, 1), date(2024, 12, 31))
