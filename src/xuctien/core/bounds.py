"""Plausible ranges for the numbers and dates people type, in one place.

Each model field names its validator here, so the edit page, the API and every import
refuse the same things: an IRC dated 0001-01-01, a project of −5 ha, 10^20 USD, a share of
250 %. The bounds are wide (they catch slips and abuse, not unusual facts).
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

#: Recorded facts (IRCs, capital, stage moves): Vietnam's first foreign-investment law is
#: of 1987; nothing of this programme happened before it.
FIRST_FACT = dt.date(1987, 1, 1)
#: Plans (tasks, deadlines, occurrences): this century.
FIRST_PLAN = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
#: A recurring task spans at most this many years of occurrences.
MAX_RECURRENCE_YEARS = 10
#: A deadline counted in working days: at most about four years.
MAX_WORKING_DAYS = 1000

#: 10^16 VND (about 400 billion USD) is beyond any project; 10^13 in a foreign currency.
MAX_VND = Decimal(10) ** 16
MAX_FOREIGN_AMOUNT = Decimal(10) ** 13
MAX_LAND_HA = Decimal(100_000)
MAX_JOBS = 1_000_000
#: Any indicator's value, whatever its unit.
MAX_INDICATOR_VALUE = Decimal(10) ** 15


def _date_range(first: dt.date) -> list:
    return [
        MinValueValidator(first, message=_("Enter a date on or after %(limit_value)s.")),
        MaxValueValidator(LAST_DAY, message=_("Enter a date on or before %(limit_value)s.")),
    ]


def fact_date() -> list:
    """Validators for the date of a recorded fact (1987–2100)."""
    return _date_range(FIRST_FACT)


def plan_date() -> list:
    """Validators for a planned date: a start, a deadline, an occurrence (2000–2100)."""
    return _date_range(FIRST_PLAN)


def between(low: Decimal | int, high: Decimal | int) -> list:
    """Validators for a number from ``low`` to ``high``, both included."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def check_amount(amount: Decimal, currency: str, field: str = "amount") -> None:
    """A money amount: not negative, and at most 10^16 VND or 10^13 in another currency."""
    high = MAX_VND if currency == "VND" else MAX_FOREIGN_AMOUNT
    if amount < 0 or amount > high:
        error = ValidationError(
            _("Enter an amount from 0 to %(high)s %(currency)s."),
            params={"high": f"{high:,.0f}", "currency": currency},
            code="amount_range",
        )
        raise ValidationError({field: error})


#: A share of something ("% of GRDP", "% of labour force") is 0–100; any other percentage
#: (a growth rate, points per year) lies within ±100 %; other units are counts or amounts.
_SHARE = re.compile(r"^\s*%\s*(of|trong|của)\b", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(%|percentage point|điểm phần trăm)", re.IGNORECASE)
_COUNT_OR_AMOUNT = re.compile(
    r"\b(count|jobs?|usd|vnd|units?|ha|projects?|dự án|người|lao động|tỷ|triệu)\b", re.IGNORECASE
)


def indicator_range(unit: str) -> tuple[Decimal, Decimal]:
    """The values an indicator measured in ``unit`` can take."""
    if _SHARE.match(unit or ""):
        return Decimal(0), Decimal(100)
    if _PERCENT.match(unit or ""):
        return Decimal(-100), Decimal(100)
    if _COUNT_OR_AMOUNT.search(unit or ""):
        return Decimal(0), MAX_INDICATOR_VALUE
    return -MAX_INDICATOR_VALUE, MAX_INDICATOR_VALUE
