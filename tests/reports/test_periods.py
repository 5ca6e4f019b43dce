from datetime import date

import pytest
from django.utils import translation

from xuctien.reports.periods import PeriodError, parse


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "năm 2024"),
        ("2024-q2", date(2024, 4, 1), date(2024, 6, 30), "quý II năm 2024"),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31), "6 tháng cuối năm 2023"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quý I năm 2024"),
    ],
)
def test_it_reads_years_quarters_and_halves(text, first, last, label):
    period = parse(text)
    assert (period.first, period.last) == (first, last)
    with translation.override("vi"):
        assert period.label() == label


@pytest.mark.parametrize("text", ["", "24", "2024-Q5", "2024-H3", "2024/Q1", "1999"])
def test_it_refuses_anything_else_with_the_forms_it_accepts(text):
    with translation.override("vi"), pytest.raises(PeriodError, match="2024-Q2"):
        parse(text)
