"""Canonical periods, published values and the interpretation of free-text source periods."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from xuctien.programmes.periods import (
    ESTIMATE_KINDS,
    QUALIFIERS,
    ParsedValue,
    Period,
    PeriodError,
    ValueParseError,
    interpret_published_period,
    parse_period,
    parse_value,
)

DATA = Path(__file__).resolve().parents[2] / "src" / "xuctien" / "data" / "quangninh"


# -- canonical syntax --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "year", "number", "start_year"),
    [
        ("2021", "year", 2021, None, None),
        ("2021-Q1", "quarter", 2021, 1, None),
        ("2021-Q4", "quarter", 2021, 4, None),
        ("2021-H1", "half", 2021, 1, None),
        ("2021-H2", "half", 2021, 2, None),
        ("2021-M06", "month", 2021, 6, None),
        ("2021-M12", "month", 2021, 12, None),
        ("2021-9M", "ytd", 2021, 9, None),
        ("2021-1M", "ytd", 2021, 1, None),
        ("2021/2023", "span", 2023, None, 2021),
        ("2021/2023-6M", "span", 2023, 6, 2021),
    ],
)
def test_parse_each_canonical_syntax(text, kind, year, number, start_year):
    period = parse_period(text)
    assert period == Period(kind, year, number, start_year)
    assert str(period) == text
    assert parse_period(str(period)) == period


@pytest.mark.parametrize(
    ("text", "canonical"),
    [(" 2021-q1 ", "2021-Q1"), ("2021-m6", "2021-M06"), ("2021 / 2023 - 6m", "2021/2023-6M")],
)
def test_parse_is_lenient_on_case_and_spaces_but_prints_canonical(text, canonical):
    assert str(parse_period(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("2021-Q5", "quarter must be between 1 and 4"),
        ("2021-Q0", "quarter must be between 1 and 4"),
        ("2021-H3", "half-year must be between 1 and 2"),
        ("2021-M13", "month must be between 1 and 12"),
        ("2021-M00", "month must be between 1 and 12"),
        ("2021-0M", "number of months must be between 1 and 12"),
        ("2021-12M", "full year: write 2021"),
        ("2021/2023-12M", "full year: write 2021/2023"),
        ("2023/2021", "must start before it ends"),
        ("2021/2021", "must start before it ends"),
        ("2021-2023", "with a slash, e.g. 2021/2023"),
        ("2021-06", "write a month as 2021-M06"),
        ("21", "4 digits"),
        ("Q1 2021", "is not a period"),
        ("last year", "is not a period"),
        ("1850", "out of range"),
    ],
)
def test_parse_errors_say_what_is_wrong(text, message):
    with pytest.raises(PeriodError) as excinfo:
        parse_period(text)
    assert message in excinfo.value.message
    assert message in str(excinfo.value)


def test_parse_period_rejects_non_text():
    with pytest.raises(PeriodError):
        parse_period(2021)


def test_constructor_validates():
    with pytest.raises(PeriodError):
        Period("week", 2021, 1)
    with pytest.raises(PeriodError):
        Period("year", 2021, 1)
    with pytest.raises(PeriodError):
        Period("quarter", 2021, start_year=2020)
    with pytest.raises(PeriodError):
        Period("span", 2023)
    with pytest.raises(PeriodError):
        Period("quarter", 2021)


@pytest.mark.parametrize(
    ("text", "full", "start", "end", "months", "years"),
    [
        ("2021", True, 1, 12, 12, (2021,)),
        ("2021-Q3", False, 7, 9, 3, (2021,)),
        ("2021-H2", False, 7, 12, 6, (2021,)),
        ("2021-M06", False, 6, 6, 1, (2021,)),
        ("2022-9M", False, 1, 9, 9, (2022,)),
        ("2021/2023", True, 1, 12, 36, (2021, 2022, 2023)),
        ("2021/2023-6M", False, 1, 6, 30, (2021, 2022, 2023)),
    ],
)
def test_calendar_properties(text, full, start, end, months, years):
    period = parse_period(text)
    assert period.is_full_year is full
    assert period.start_month == start
    assert period.end_month == end
    assert period.months == months
    assert period.years == years
    assert period.first_year == years[0]


def test_contains():
    assert parse_period("2021/2025").contains(parse_period("2023-Q2"))
    assert parse_period("2021").contains(parse_period("2021-9M"))
    assert not parse_period("2021-H1").contains(parse_period("2021-Q3"))
    assert not parse_period("2022").contains(parse_period("2021/2022"))


@pytest.mark.parametrize(
    ("text", "en", "vi"),
    [
        ("2021", "2021", "năm 2021"),
        ("2021-Q1", "Q1 2021", "quý I/2021"),
        ("2021-H1", "first half of 2021", "6 tháng đầu năm 2021"),
        ("2021-H2", "second half of 2021", "6 tháng cuối năm 2021"),
        ("2021-M06", "June 2021", "tháng 6/2021"),
        ("2022-9M", "first 9 months of 2022", "9 tháng đầu năm 2022"),
        ("2022-1M", "first month of 2022", "1 tháng đầu năm 2022"),
        ("2021/2023", "2021–2023", "giai đoạn 2021–2023"),
        ("2021/2023-6M", "2021 to the first 6 months of 2023", "từ năm 2021 đến hết 6 tháng"),
    ],
)
def test_labels(text, en, vi):
    period = parse_period(text)
    assert period.describe() == en == period.label_en
    assert period.describe("vi").startswith(vi)
    assert period.label_vi == period.describe("vi")
    with pytest.raises(ValueError, match="unsupported language"):
        period.describe("fr")


def test_ordering_is_chronological():
    texts = ["2022", "2021-Q1", "2021/2022", "2021", "2021-M01", "2021-H1", "2022-9M", "2021-9M"]
    ordered = [str(p) for p in sorted(parse_period(t) for t in texts)]
    # by end month, then the longer period first
    assert ordered == [
        "2021-M01",
        "2021-Q1",
        "2021-H1",
        "2021-9M",
        "2021",
        "2022-9M",
        "2021/2022",
        "2022",
    ]
    assert parse_period("2021") < parse_period("2022")
    assert parse_period("2021-Q1") <= parse_period("2021-Q1")
    assert parse_period("2021") > parse_period("2021-H1")


def test_periods_are_hashable_values():
    assert {parse_period("2021-Q1"), parse_period("2021-q1")} == {Period("quarter", 2021, 1)}


# -- published values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier"),
    [
        ("11.3", "11.3", None, "exact"),
        ("~69", "69", None, "approx"),
        ("over 41.3", "41.3", None, "over"),
        (">15", "15", None, "over"),
        (">=30000", "30000", None, "at_least"),
        ("≥ 30,000", "30000", None, "at_least"),
        ("<2", "2", None, "under"),
        ("<= 5", "5", None, "at_most"),
        ("up to 5", "5", None, "at_most"),
        ("nearly 10", "10", None, "nearly"),
        ("about 7", "7", None, "approx"),
        ("trên 15", "15", None, "over"),
        ("khoảng 69", "69", None, "approx"),
        ("49-50", "49", "50", "exact"),
        ("19000-20000", "19000", "20000", "exact"),
        ("3 – 5", "3", "5", "exact"),
        ("từ 10 đến 20", "10", "20", "exact"),
        ("~19000-20000", "19000", "20000", "approx"),
        ("-0.5", "-0.5", None, "exact"),
        ("15%", "15", None, "exact"),
        ("0.85393", "0.85393", None, "exact"),
    ],
)
def test_parse_value(text, value, high, qualifier):
    parsed = parse_value(text)
    assert parsed == ParsedValue(
        Decimal(value), Decimal(high) if high else None, qualifier, text.strip()
    )
    assert isinstance(parsed.value, Decimal)
    assert parsed.qualifier in QUALIFIERS
    assert parsed.is_numeric
    assert parsed.is_range is (high is not None)


@pytest.mark.parametrize(
    "text",
    [
        "12 established; 6 operating",
        "15 IPs; 8 well-operating; >120 investors",
        "double-digit",
        "not quantified",
    ],
)
def test_non_numeric_values_keep_the_text(text):
    parsed = parse_value(text)
    assert parsed.value is None
    assert parsed.value_high is None
    assert parsed.qualifier == ""
    assert parsed.text == text
    assert not parsed.is_numeric


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("11,3", "decimals with a point"),
        ("over", "no number"),
        (">", "no number"),
        ("49-", "cannot read"),
        ("50-49", "top of a range must be above"),
        (">49-50", "range can only be exact or approximate"),
        ("1.2.3", "cannot read"),
    ],
)
def test_parse_value_errors(text, message):
    with pytest.raises(ValueParseError) as excinfo:
        parse_value(text)
    assert message in excinfo.value.message


def test_parse_value_rejects_non_text():
    with pytest.raises(ValueParseError):
        parse_value(11.3)


# -- free-text periods of the sources ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "estimate", "note_part"),
    [
        ("2021", "2021", "final", ""),
        ("2022-9M (estimate)", "2022-9M", "estimate", "published as"),
        ("2023 (forecast)", "2023", "forecast", "published as"),
        ("2.5 years to mid-2023", "2021/2023-6M", "final", "2.5 years ending 6/2023"),
        ("2021-2022 average (approx. 2 years)", "2021/2022", "final", "average per year"),
        ("2021 to ~9/2022 (cumulative)", "2021/2022-9M", "final", "end month approximate"),
        ("2021 to mid-2023 (cumulative)", "2021/2023-6M", "final", "cumulative"),
        ("2024-Q1 (to 15/3)", "2024-Q1", "provisional", "up to 15/3/2024"),
        ("end-2023", "2023", "final", "end of 2023"),
        ("~2022", "2022", "final", "approximate"),
        ("~2023-2024", "2023/2024", "final", "approximate"),
        ("2018-06", "2018-M06", "final", "published as"),
        ("2025-May (month)", "2025-M05", "final", "single month"),
        ("2021 to Sept", "2021-9M", "final", "end of September"),
        ("2.5 years since Res. 01 (to mid-2023) average", "2021/2023-6M", "final", "Resolution 01"),
        ("2010-2020 (per year)", "2010/2020", "final", "average per year"),
        ("2010-2020 (cumulative)", "2010/2020", "final", "cumulative"),
        ("2021-2025 (cumulative, estimate)", "2021/2025", "estimate", "cumulative"),
        ("2021-2025 average (estimate)", "2021/2025", "estimate", "average per year"),
        ("2022 (start of 2023)", "2022", "final", "start of 2023"),
        ("2021 to 12/2021", "2021", "final", "published as"),
    ],
)
def test_interpret_published_period(text, period, estimate, note_part):
    got_period, got_estimate, note = interpret_published_period(text)
    assert str(got_period) == period
    assert got_estimate == estimate
    assert note_part in note
    if str(got_period) != text:
        assert note, "every interpretation is explained"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sometime",
        "2021 (maybe)",
        "2.5 years",
        "2021 to Foo",
        "2.4 years to mid-2023",
        "2 years to mid-2023",
        "2023 (estimate, forecast)",
        "2021-Q5",
    ],
)
def test_interpret_raises_on_what_it_cannot_read(text):
    with pytest.raises(PeriodError):
        interpret_published_period(text)


def test_every_actuals_row_is_interpreted():
    with (DATA / "actuals.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 106
    interpreted = []
    for row in rows:
        period, estimate, note = interpret_published_period(row["year_or_period"])
        assert estimate in ESTIMATE_KINDS
        assert parse_period(str(period)) == period
        assert note or str(period) == row["year_or_period"]
        interpreted.append(period)
    assert len(interpreted) == len(rows)  # none dropped
