"""Occurrences of recurring tasks and the status rules, without the database."""

from datetime import date

from xuctien.actions.calendar import WorkCalendar
from xuctien.actions.schedule import schedule
from xuctien.actions.status import occurrence_status, task_percent, task_status

PLAIN = WorkCalendar()


def test_a_one_off_task_has_one_occurrence_on_its_deadline():
    assert schedule("none", date(2025, 1, 1), date(2025, 6, 30), PLAIN) == [("", date(2025, 6, 30))]


def test_a_quarterly_task_has_one_occurrence_per_quarter():
    assert schedule("quarterly", date(2025, 2, 10), date(2025, 12, 31), PLAIN) == [
        ("2025-Q1", date(2025, 3, 31)),
        ("2025-Q2", date(2025, 6, 30)),
        ("2025-Q3", date(2025, 9, 30)),
        ("2025-Q4", date(2025, 12, 31)),
    ]


def test_monthly_half_yearly_and_yearly_periods():
    monthly = schedule("monthly", date(2024, 11, 15), date(2025, 2, 1), PLAIN)
    assert [label for label, _due in monthly] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert monthly[-1][1] == date(2025, 2, 28)
    assert schedule("half_yearly", date(2025, 1, 1), date(2025, 12, 31), PLAIN) == [
        ("2025-H1", date(2025, 6, 30)),
        ("2025-H2", date(2025, 12, 31)),
    ]
    assert schedule("yearly", date(2025, 1, 1), date(2027, 12, 31), PLAIN) == [
        ("2025", date(2025, 12, 31)),
        ("2026", date(2026, 12, 31)),
        ("2027", date(2027, 12, 31)),
    ]


def test_a_recurring_report_counted_in_working_days_after_each_period():
    tet = WorkCalendar.of([date(2026, 2, d) for d in range(16, 21)])
    rows = schedule("monthly", date(2026, 1, 1), date(2026, 2, 28), tet, working_days=5)
    # 31/1/2026 is a Saturday: 2, 3, 4, 5, 6 Feb. 28/2 Saturday: 2–6 March.
    assert rows == [("2026-01", date(2026, 2, 6)), ("2026-02", date(2026, 3, 6))]


def test_occurrence_status_rules():
    due, today = date(2025, 6, 30), date(2025, 7, 1)
    assert occurrence_status(0, due, None, date(2025, 6, 1)) == "not_started"
    assert occurrence_status(40, due, None, date(2025, 6, 30)) == "in_progress"
    assert occurrence_status(40, due, None, today) == "overdue"
    assert occurrence_status(100, due, date(2025, 6, 30), today) == "done"
    assert occurrence_status(100, due, date(2025, 7, 1), today) == "done_late"
    assert occurrence_status(100, due, None, today, cancelled=True) == "cancelled"


def test_task_status_sums_up_its_occurrences():
    assert task_status(["done", "overdue"]) == "overdue"
    assert task_status(["done", "done_late", "cancelled"]) == "done_late"
    assert task_status(["done", "not_started"]) == "in_progress"
    assert task_status(["not_started", "not_started"]) == "not_started"
    assert task_status(["cancelled"]) == "cancelled"
    assert task_percent([100, 50, 0]) == 50
