"""Timing as offices write it: every phrase read, or refused (never guessed)."""

from datetime import date, datetime

import pytest

from xuctien.actions.models import Recurrence
from xuctien.actions.timing import Timing, TimingError, parse_timing

YEAR = 2025


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Quý II/2025", Timing(date(2025, 6, 30))),
        ("Q2/2023", Timing(date(2023, 6, 30))),
        ("30/9/2025", Timing(date(2025, 9, 30))),
        ("Trước ngày 30/9/2025", Timing(date(2025, 9, 30))),
        (datetime(2025, 9, 30), Timing(date(2025, 9, 30))),
        ("Tháng 6/2025", Timing(date(2025, 6, 30))),
        ("Năm 2024", Timing(date(2024, 12, 31))),
        (2024, Timing(date(2024, 12, 31))),
        ("6 tháng đầu năm 2025", Timing(date(2025, 6, 30))),
        ("2025–2026", Timing(date(2026, 12, 31), date(2025, 1, 1))),
        ("Giai đoạn 2025 - 2026", Timing(date(2026, 12, 31), date(2025, 1, 1))),
        ("Q2/2022 (GPMB)", Timing(date(2022, 6, 30))),
        (
            "Hằng quý",
            Timing(date(2025, 12, 31), date(2025, 1, 1), Recurrence.QUARTERLY),
        ),
        ("Hàng tháng", Timing(date(2025, 12, 31), date(2025, 1, 1), Recurrence.MONTHLY)),
        ("6 tháng", Timing(date(2025, 12, 31), date(2025, 1, 1), Recurrence.HALF_YEARLY)),
        ("Hằng năm", Timing(date(2025, 12, 31), date(2025, 1, 1), Recurrence.YEARLY)),
        (
            "Trước 15/12 hằng năm",
            Timing(date(2025, 12, 15), date(2025, 1, 1), Recurrence.YEARLY, 15, 12),
        ),
        (
            "Trước ngày 20 tháng cuối quý",
            Timing(date(2025, 12, 20), date(2025, 1, 1), Recurrence.QUARTERLY, 20),
        ),
        ("Thường xuyên", Timing(None, date(2025, 1, 1), Recurrence.ONGOING)),
        ("Thường xuyên, liên tục", Timing(None, date(2025, 1, 1), Recurrence.ONGOING)),
    ],
)
def test_a_phrase_is_read(written, expected):
    assert parse_timing(written, YEAR) == expected


@pytest.mark.parametrize(
    "written", ["", "sau khi có vốn", "Tháng 13/2025", "monthly, from 10/2020", "2026–2025"]
)
def test_a_phrase_not_understood_is_refused(written):
    with pytest.raises(TimingError):
        parse_timing(written, YEAR)
