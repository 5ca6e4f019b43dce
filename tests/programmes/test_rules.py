"""The rule behind a status, in words, with figures in the reader's format."""

from decimal import Decimal

import pytest
from django.utils import translation

from xuctien.programmes.assessment import Rule
from xuctien.programmes.rules import rule_text


@pytest.mark.parametrize(
    ("actual", "expected", "vi", "en"),
    [
        # Regression: whole numbers carried the engine's four decimals ("23,0000").
        (Decimal("23.0000"), Decimal("17.0000"), "23", "23"),
        (Decimal("12.4300"), Decimal("13.9600"), "12,43", "12.43"),
        (Decimal("30000.0000"), Decimal("0.0000"), "30.000", "30,000"),
    ],
)
def test_figures_in_a_rule_drop_trailing_zeros(actual, expected, vi, en):
    rule = Rule("on_track", {"actual": actual, "expected": expected})

    with translation.override("vi"):
        assert vi in rule_text(rule)
    with translation.override("en"):
        text = rule_text(rule)
    assert text.startswith(f"The figure of {en} is at or better than the expected")
    assert "0000" not in text


def test_the_rule_is_written_in_vietnamese_by_default():
    rule = Rule("no_actual", {"year": 2024})

    assert rule_text(rule) != "No figure has been reported for 2024."
    assert "2024" in rule_text(rule)
