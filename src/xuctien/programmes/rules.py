"""The assessment rules in the reader's language.

The engine (``assessment.py``) is pure Python and speaks English; these are the same
sentences marked for translation, filled with figures formatted for the active language.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xuctien.programmes.assessment import Rule

RULE_TEXTS = {
    "no_target": gettext_noop("No target covers {year}."),
    "no_actual": gettext_noop("No figure has been reported for {year}."),
    "no_baseline": gettext_noop(
        "There is no baseline, so no expected value can be drawn for {year} "
        "on the way to {target} in {target_year}."
    ),
    "missing_years": gettext_noop(
        "There are no figures for {missing_years}, so the total to {year} cannot be computed."
    ),
    "achieved_level": gettext_noop(
        "The figure of {actual} meets the target of {target} for {target_year}."
    ),
    "achieved_cumulative": gettext_noop(
        "The total of {actual} since {start_year} meets the target of {target} "
        "for {start_year}-{target_year}."
    ),
    "achieved_rate": gettext_noop(
        "The average rate of {actual}% over {start_year}-{target_year} "
        "meets the target of {target}%."
    ),
    "on_track": gettext_noop(
        "The figure of {actual} is at or better than the expected {expected}."
    ),
    "at_risk": gettext_noop(
        "The figure of {actual} is behind the expected {expected} by {shortfall}, "
        "within the tolerance of {allowance}."
    ),
    "off_track": gettext_noop(
        "The figure of {actual} is behind the expected {expected} by {shortfall}, "
        "more than the tolerance of {allowance}."
    ),
    "partial": gettext_noop("The average leaves out the years without figures: {missing_years}."),
}


def _format(value: object) -> str:
    if isinstance(value, Decimal):
        # Whole numbers without decimals (23), others to two places (13,96; 1,40).
        whole = value == value.to_integral()
        rounded = value.quantize(Decimal(1) if whole else Decimal("0.01"))
        return number_format(rounded, use_l10n=True, force_grouping=True)
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)


def rule_text(rule: Rule) -> str:
    """The rule as a sentence in the active language."""
    params = {key: _format(value) for key, value in rule.params.items()}
    text = _(RULE_TEXTS[rule.code]).format(**params)
    if rule.code != "missing_years" and rule.params.get("missing_years"):
        text += " " + _(RULE_TEXTS["partial"]).format(**params)
    return text
