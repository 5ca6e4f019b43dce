"""Periods and published values: the canonical syntax and the parsers for messy sources.

Pure Python (no Django): used by the workbook importer, the seed data builder and tests.

Canonical period strings
------------------------
==================  ============================================  =========  ======
string              meaning                                       kind       number
==================  ============================================  =========  ======
``2021``            the calendar year 2021                        year       --
``2021-Q1``         first quarter (Q1..Q4)                        quarter    1..4
``2021-H1``         first half-year (H1, H2)                      half       1..2
``2021-M06``        the single month June 2021                    month      1..12
``2021-9M``         first 9 months of 2021 (year to date)         ytd        1..11
``2021/2023``       full years 2021 to 2023                       span       --
``2021/2023-6M``    from 2021 to the first 6 months of 2023       span       1..11
==================  ============================================  =========  ======

``Period(kind, year, number=None, start_year=None)``: ``year`` is always the year in which the
period ends; ``start_year`` is only used by spans.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import total_ordering

__all__ = [
    "ESTIMATE_KINDS",
    "KINDS",
    "QUALIFIERS",
    "ParsedValue",
    "Period",
    "PeriodError",
    "ValueParseError",
    "interpret_published_period",
    "parse_period",
    "parse_value",
]

KINDS = ("year", "quarter", "half", "month", "ytd", "span")
ESTIMATE_KINDS = ("final", "provisional", "estimate", "forecast")
QUALIFIERS = ("exact", "over", "at_least", "under", "at_most", "approx", "nearly")

MIN_YEAR = 1900
MAX_YEAR = 2200

_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ROMAN = ("I", "II", "III", "IV")


class PeriodError(ValueError):
    """A period string or a published period text could not be read; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValueParseError(ValueError):
    """A published value looks numeric but cannot be read unambiguously."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------------------------
# Period
# --------------------------------------------------------------------------------------------


@total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period. ``str(period)`` gives the canonical string."""

    kind: str
    year: int
    number: int | None = None
    start_year: int | None = None

    def __post_init__(self) -> None:
        kind, year, number, start = self.kind, self.year, self.number, self.start_year
        if kind not in _KIND_ORDER:
            raise PeriodError(f"unknown period kind {kind!r}; expected one of {', '.join(KINDS)}")
        if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            raise PeriodError(f"year {year!r} is out of range {MIN_YEAR}-{MAX_YEAR}")
        if kind != "span" and start is not None:
            raise PeriodError(f"only a span has a start year (got start_year={start} for {kind})")
        if kind == "year":
            if number is not None:
                raise PeriodError("a year period takes no number")
        elif kind == "quarter":
            _check_number(number, 1, 4, "quarter")
        elif kind == "half":
            _check_number(number, 1, 2, "half-year")
        elif kind == "month":
            _check_number(number, 1, 12, "month")
        elif kind == "ytd":
            _check_number(number, 1, 12, "number of months")
            if number == 12:
                raise PeriodError(f"the first 12 months are the full year: write {year}")
        else:  # span
            if start is None:
                raise PeriodError("a span needs a start year")
            if not isinstance(start, int) or not MIN_YEAR <= start <= MAX_YEAR:
                raise PeriodError(f"start year {start!r} is out of range {MIN_YEAR}-{MAX_YEAR}")
            if start >= year:
                raise PeriodError(
                    f"a span must start before it ends (got {start}/{year}); "
                    f"a single year is written {year}"
                )
            if number is not None:
                _check_number(number, 1, 12, "number of months in the last year")
                if number == 12:
                    raise PeriodError(
                        f"the first 12 months are the full year: write {start}/{year}"
                    )

    # -- canonical string --------------------------------------------------------------------

    def __str__(self) -> str:
        y, n = self.year, self.number
        if self.kind == "year":
            return f"{y}"
        if self.kind == "quarter":
            return f"{y}-Q{n}"
        if self.kind == "half":
            return f"{y}-H{n}"
        if self.kind == "month":
            return f"{y}-M{n:02d}"
        if self.kind == "ytd":
            return f"{y}-{n}M"
        return f"{self.start_year}/{y}" + (f"-{n}M" if n else "")

    @property
    def canonical(self) -> str:
        return str(self)

    # -- calendar arithmetic -----------------------------------------------------------------

    @property
    def first_year(self) -> int:
        """The calendar year in which the period starts."""
        return self.start_year if self.kind == "span" else self.year

    @property
    def start_month(self) -> int:
        if self.kind == "quarter":
            return 3 * self.number - 2
        if self.kind == "half":
            return 6 * self.number - 5
        if self.kind == "month":
            return self.number
        return 1

    @property
    def end_month(self) -> int:
        """The month (1-12) of ``year`` in which the period ends."""
        if self.kind == "quarter":
            return 3 * self.number
        if self.kind == "half":
            return 6 * self.number
        if self.kind in ("month", "ytd"):
            return self.number
        if self.kind == "span":
            return self.number or 12
        return 12

    @property
    def months(self) -> int:
        """How many calendar months the period covers."""
        return (self.year - self.first_year) * 12 + self.end_month - self.start_month + 1

    @property
    def is_full_year(self) -> bool:
        """True when the period is made of whole calendar years (a year or a full-year span)."""
        return self.kind == "year" or (self.kind == "span" and self.number is None)

    @property
    def years(self) -> tuple[int, ...]:
        """Every calendar year the period touches."""
        return tuple(range(self.first_year, self.year + 1))

    def contains(self, other: Period) -> bool:
        """True when ``other`` lies entirely inside this period."""
        return self._start_index <= other._start_index and other._end_index <= self._end_index

    @property
    def _start_index(self) -> int:
        return self.first_year * 12 + self.start_month - 1

    @property
    def _end_index(self) -> int:
        return self.year * 12 + self.end_month - 1

    # -- ordering: by end, then start (longer first), then kind ------------------------------

    def sort_key(self) -> tuple[int, int, int]:
        return (self._end_index, self._start_index, _KIND_ORDER[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    # -- labels ------------------------------------------------------------------------------

    def describe(self, lang: str = "en") -> str:
        """A human label, e.g. ``first 9 months of 2022`` / ``9 tháng đầu năm 2022``."""
        if lang == "en":
            return self._describe_en()
        if lang == "vi":
            return self._describe_vi()
        raise ValueError(f"unsupported language {lang!r}; use 'en' or 'vi'")

    @property
    def label_en(self) -> str:
        return self._describe_en()

    @property
    def label_vi(self) -> str:
        return self._describe_vi()

    def _describe_en(self) -> str:
        y, n = self.year, self.number
        if self.kind == "year":
            return f"{y}"
        if self.kind == "quarter":
            return f"Q{n} {y}"
        if self.kind == "half":
            return f"{'first' if n == 1 else 'second'} half of {y}"
        if self.kind == "month":
            return f"{_MONTHS_EN[n - 1]} {y}"
        if self.kind == "ytd":
            return f"first {n} months of {y}" if n > 1 else f"first month of {y}"
        if n is None:
            return f"{self.start_year}–{y}"
        tail = f"the first {n} months of {y}" if n > 1 else f"the first month of {y}"
        return f"{self.start_year} to {tail}"

    def _describe_vi(self) -> str:
        y, n = self.year, self.number
        if self.kind == "year":
            return f"năm {y}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[n - 1]}/{y}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if n == 1 else 'cuối'} năm {y}"
        if self.kind == "month":
            return f"tháng {n}/{y}"
        if self.kind == "ytd":
            return f"{n} tháng đầu năm {y}"
        if n is None:
            return f"giai đoạn {self.start_year}–{y}"
        return f"từ năm {self.start_year} đến hết {n} tháng đầu năm {y}"


def _check_number(number: object, low: int, high: int, what: str) -> None:
    if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= high:
        raise PeriodError(f"{what} must be between {low} and {high} (got {number!r})")


_CANONICAL_HELP = "2021, 2021-Q1, 2021-H1, 2021-M06, 2021-9M, 2021/2023 or 2021/2023-6M"

_RE_YEAR = re.compile(r"^(\d{4})$")
_RE_SUB = re.compile(r"^(\d{4})-([QHM])(\d{1,2})$", re.IGNORECASE)
_RE_YTD = re.compile(r"^(\d{4})-(\d{1,2})M$", re.IGNORECASE)
_RE_SPAN = re.compile(r"^(\d{4})/(\d{4})(?:-(\d{1,2})M)?$", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """Read a canonical period string (see the module docstring); raise ``PeriodError``."""
    if not isinstance(text, str):
        raise PeriodError(f"a period must be text, got {type(text).__name__}")
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Period:
    """``parse_period`` of a text, kept: an import reads each row's period several times,
    and ten thousand rows name a few hundred periods (``Period`` cannot be changed)."""
    s = text.strip()
    if not s:
        raise PeriodError("the period is empty")
    s = re.sub(r"\s+", "", s)
    if m := _RE_YEAR.match(s):
        return Period("year", int(m[1]))
    if m := _RE_SUB.match(s):
        letter = m[2].upper()
        kind = {"Q": "quarter", "H": "half", "M": "month"}[letter]
        return Period(kind, int(m[1]), int(m[3]))
    if m := _RE_YTD.match(s):
        return Period("ytd", int(m[1]), int(m[2]))
    if m := _RE_SPAN.match(s):
        return Period("span", int(m[2]), int(m[3]) if m[3] else None, start_year=int(m[1]))
    if re.match(r"^\d{4}-\d{4}$", s):
        raise PeriodError(f"{text!r}: write a span of years with a slash, e.g. {s[:4]}/{s[5:]}")
    if re.match(r"^\d{4}-\d{2}$", s):
        raise PeriodError(f"{text!r}: write a month as {s[:4]}-M{s[5:]}")
    if re.match(r"^\d{1,3}(\D|$)|^\d{5,}", s):
        raise PeriodError(f"{text!r}: the year must have 4 digits")
    raise PeriodError(f"{text!r} is not a period; expected {_CANONICAL_HELP}")


# --------------------------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedValue:
    """A published value: ``value`` (low end of a range), ``value_high`` (range top or None),
    ``qualifier`` (one of QUALIFIERS; "" when the text is not a number) and the original ``text``.
    """

    value: Decimal | None
    value_high: Decimal | None
    qualifier: str
    text: str

    @property
    def is_numeric(self) -> bool:
        return self.value is not None

    @property
    def is_range(self) -> bool:
        return self.value_high is not None


_QUALIFIER_WORDS: dict[str, str] = {
    # symbols
    ">=": "at_least",
    "≥": "at_least",
    "=>": "at_least",
    "<=": "at_most",
    "≤": "at_most",
    "=<": "at_most",
    ">": "over",
    "<": "under",
    "~": "approx",
    "≈": "approx",
    "=": "exact",
    # English
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "minimum": "at_least",
    "at most": "at_most",
    "up to": "at_most",
    "no more than": "at_most",
    "not more than": "at_most",
    "maximum": "at_most",
    "more than": "over",
    "over": "over",
    "above": "over",
    "exceeding": "over",
    "surpassing": "over",
    "less than": "under",
    "under": "under",
    "below": "under",
    "approximately": "approx",
    "approx.": "approx",
    "approx": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "exactly": "exact",
    # Vietnamese
    "ít nhất": "at_least",
    "tối thiểu": "at_least",
    "không dưới": "at_least",
    "tối đa": "at_most",
    "không quá": "at_most",
    "không vượt quá": "at_most",
    "trên": "over",
    "hơn": "over",
    "vượt": "over",
    "dưới": "under",
    "khoảng": "approx",
    "xấp xỉ": "approx",
    "gần": "nearly",
}

_QUALIFIER_ALTERNATION = "|".join(
    re.escape(word) for word in sorted(_QUALIFIER_WORDS, key=len, reverse=True)
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RE_QUALIFIER = re.compile(rf"^(?P<q>{_QUALIFIER_ALTERNATION})(?=[\s\d.+\-−]|$)\s*", re.IGNORECASE)
_RE_NUMERIC = re.compile(
    rf"^(?P<sign>[+\-−])?\s*(?P<a>{_NUMBER})"
    rf"(?:\s*(?:-|–|—|to|đến)\s*(?P<b>{_NUMBER}))?\s*%?$",
    re.IGNORECASE,
)


def _to_decimal(number: str, sign: str | None = None) -> Decimal:
    try:
        d = Decimal(number.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex only passes valid numbers
        raise ValueParseError(f"cannot read the number {number!r}") from exc
    return -d if sign in ("-", "−") else d


def parse_value(text: str) -> ParsedValue:
    """Read a published value such as ``11.3``, ``~69``, ``over 41.3``, ``>=30000``, ``49-50``.

    Decimal point is ``.``; a comma is only accepted as a thousands separator (``30,000``).
    Text that is not a number at all (``12 established; 6 operating``) gives ``value=None`` and
    keeps the text. Text that looks numeric but is ambiguous or broken raises ``ValueParseError``.
    """
    if not isinstance(text, str):
        raise ValueParseError(f"a value must be text, got {type(text).__name__}")
    original = text.strip()
    if not original:
        raise ValueParseError("the value is empty")
    s = re.sub(r"\s+", " ", original)
    # "từ 10 đến 20" (from 10 to 20) is a plain range
    s = re.sub(r"^từ\s+(?=\S+\s*đến\s)", "", s, flags=re.IGNORECASE)
    qualifier = "exact"
    if m := _RE_QUALIFIER.match(s):
        qualifier = _QUALIFIER_WORDS[m["q"].lower()]
        s = s[m.end() :]
        if not s:
            raise ValueParseError(f"{original!r} has a qualifier but no number")
    if m := _RE_NUMERIC.match(s):
        value = _to_decimal(m["a"], m["sign"])
        high = _to_decimal(m["b"]) if m["b"] else None
        if high is not None:
            if qualifier not in ("exact", "approx"):
                raise ValueParseError(
                    f"{original!r}: a range can only be exact or approximate, not {qualifier!r}"
                )
            if high <= value:
                raise ValueParseError(f"{original!r}: the top of a range must be above its bottom")
        return ParsedValue(value, high, qualifier, original)
    if re.search(r"\d,\d", s) and not re.search(r"[^\W\d_]", s):
        raise ValueParseError(
            f"{original!r}: a comma is read only as a thousands separator (30,000); "
            "write decimals with a point (11.3)"
        )
    if re.search(r"[^\W\d_]", s):
        # letters remain: this is a non-numeric published fact; keep the text
        return ParsedValue(None, None, "", original)
    raise ValueParseError(f"cannot read {original!r} as a number, a range or a qualified number")


# --------------------------------------------------------------------------------------------
# Free-text periods found in published sources
# --------------------------------------------------------------------------------------------

_MONTH_NAMES = {
    name.lower(): i + 1 for i, full in enumerate(_MONTHS_EN) for name in {full, full[:3], full[:4]}
}

_RE_PAREN = re.compile(r"\(([^()]*)\)")


def interpret_published_period(text: str) -> tuple[Period, str, str]:
    """Turn a period as written in a source into ``(Period, estimate_kind, note)``.

    ``estimate_kind`` is one of ESTIMATE_KINDS; ``note`` explains every interpretation made
    (empty when the text was already canonical). Raises ``PeriodError`` when the text cannot be
    interpreted: nothing is guessed silently.
    """
    if not isinstance(text, str) or not text.strip():
        raise PeriodError("the published period is empty")
    raw = text.strip()
    notes: list[str] = []
    estimate = "final"
    end_hint: tuple[int, int] | None = None  # (year, months) from "(to mid-2023)"
    partial_to: str | None = None

    def set_estimate(kind: str) -> None:
        nonlocal estimate
        if estimate != "final" and estimate != kind:
            raise PeriodError(f"{raw!r} says both {estimate!r} and {kind!r}")
        estimate = kind

    # 1. parenthetical remarks
    for content in _RE_PAREN.findall(raw):
        for token in (t.strip() for t in content.split(",")):
            low = token.lower()
            if low in ("estimate", "estimated", "ước", "ước tính"):
                set_estimate("estimate")
            elif low in ("forecast", "expected", "dự kiến"):
                set_estimate("forecast")
            elif low in ("provisional", "preliminary", "sơ bộ"):
                set_estimate("provisional")
            elif low in ("cumulative", "luỹ kế", "lũy kế"):
                notes.append("cumulative over the period")
            elif low == "per year":
                notes.append("average per year over the period")
            elif low == "month":
                notes.append("a single month")
            elif m := re.fullmatch(r"approx\.? ([\d.]+) years?", low):
                notes.append(f"the source speaks of approximately {m[1]} years")
            elif m := re.fullmatch(r"to (\d{1,2})/(\d{1,2})", low):
                partial_to = f"{int(m[1])}/{int(m[2])}"
            elif m := re.fullmatch(r"start of (\d{4})", low):
                notes.append(f"position at the start of {m[1]}")
            elif m := re.fullmatch(r"to mid-(\d{4})", low):
                end_hint = (int(m[1]), 6)
            else:
                raise PeriodError(f"{raw!r}: cannot interpret the remark {token!r}")
    s = _RE_PAREN.sub(" ", raw)
    s = re.sub(r"\s+", " ", s).strip()

    # 2. words around the period
    if m := re.fullmatch(r"(.*?)\s+average", s, re.IGNORECASE):
        s = m[1]
        notes.append("average per year over the period")
    approximate = False
    if s.startswith("~"):
        approximate = True
        s = s[1:].strip()
    since_res01 = False
    if m := re.fullmatch(r"(.*?)\s+since Res(?:olution)?\.? ?01", s, re.IGNORECASE):
        s = m[1]
        since_res01 = True

    # 3. the period itself
    period = _interpret_core(raw, s, end_hint, notes)
    if since_res01:
        notes.append("counted from Resolution 01 (16/11/2020), i.e. from the start of 2021")
    if approximate:
        notes.append("the date is approximate (the source is undated or says '~')")
    if partial_to is not None:
        if estimate == "final":
            estimate = "provisional"
        notes.append(
            f"figure up to {partial_to}/{period.year}, before the period ended (partial, "
            "provisional)"
        )
    if str(period) != raw and not notes:
        notes.append(f"published as {raw!r}")
    elif str(period) != raw:
        notes.insert(0, f"published as {raw!r}")
    # keep order, drop duplicates
    seen: set[str] = set()
    unique = [n for n in notes if not (n in seen or seen.add(n))]
    return period, estimate, "; ".join(unique)


def _interpret_core(raw: str, s: str, end_hint: tuple[int, int] | None, notes: list[str]) -> Period:
    # "2021-2023" / "2023-2024": span of full years
    if m := re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", s):
        return Period("span", int(m[2]), start_year=int(m[1]))
    # "2021 to mid-2023"
    if m := re.fullmatch(r"(\d{4}) to mid-(\d{4})", s, re.IGNORECASE):
        return _span_or_ytd(int(m[1]), int(m[2]), 6)
    # "2021 to ~9/2022"
    if m := re.fullmatch(r"(\d{4}) to (~?)(\d{1,2})/(\d{4})", s, re.IGNORECASE):
        if m[2]:
            notes.append(f"end month approximate (~{int(m[3])}/{m[4]})")
        return _span_or_ytd(int(m[1]), int(m[4]), int(m[3]))
    # "2021 to Sept"
    if m := re.fullmatch(r"(\d{4}) to ([A-Za-z]+)\.?", s):
        month = _MONTH_NAMES.get(m[2].lower())
        if month is None:
            raise PeriodError(f"{raw!r}: unknown month {m[2]!r}")
        notes.append(f"from the start of {m[1]} to the end of {_MONTHS_EN[month - 1]}")
        return _span_or_ytd(int(m[1]), int(m[1]), month)
    # "end-2023": a position (stock) at the end of the year
    if m := re.fullmatch(r"end[- ](\d{4})", s, re.IGNORECASE):
        notes.append(f"position at the end of {m[1]}")
        return Period("year", int(m[1]))
    # "2018-06": ISO month
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        return Period("month", int(m[1]), int(m[2]))
    # "2025-May"
    if m := re.fullmatch(r"(\d{4})-([A-Za-z]+)", s):
        month = _MONTH_NAMES.get(m[2].lower())
        if month is None:
            raise PeriodError(f"{raw!r}: unknown month {m[2]!r}")
        return Period("month", int(m[1]), month)
    # "2.5 years to mid-2023" / "2.5 years" + "(to mid-2023)"
    if m := re.fullmatch(r"([\d.]+) years?(?: to mid-(\d{4}))?", s, re.IGNORECASE):
        if m[2]:
            end = (int(m[2]), 6)
        elif end_hint:
            end = end_hint
        else:
            raise PeriodError(f"{raw!r}: a duration needs an end date (e.g. 'to mid-2023')")
        return _span_back(raw, Decimal(m[1]), end, notes)
    try:
        return parse_period(s)
    except PeriodError as exc:
        raise PeriodError(f"cannot interpret the published period {raw!r}: {exc.message}") from exc


def _span_or_ytd(start_year: int, end_year: int, months: int) -> Period:
    if start_year == end_year:
        return Period("year", end_year) if months == 12 else Period("ytd", end_year, months)
    return Period("span", end_year, None if months == 12 else months, start_year=start_year)


def _span_back(raw: str, years: Decimal, end: tuple[int, int], notes: list[str]) -> Period:
    end_year, end_months = end
    total = years * 12
    if total != total.to_integral_value():
        raise PeriodError(f"{raw!r}: {years} years is not a whole number of months")
    start_index = end_year * 12 + end_months - int(total)  # months elapsed before the start
    start_year, start_month0 = divmod(start_index, 12)
    if start_month0 != 0:
        raise PeriodError(
            f"{raw!r}: counting {years} years back from {end_months}/{end_year} does not "
            "reach the start of a year"
        )
    notes.append(f"{years} years ending {end_months}/{end_year}")
    return _span_or_ytd(start_year, end_year, end_months)
