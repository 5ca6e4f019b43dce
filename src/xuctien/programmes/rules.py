"""The engine's sentences in the reader's language.

``assessment.py`` and ``formula.py`` are pure Python and speak English; their templates are
marked for the catalogue there (``gettext_noop``), and rendered here translated, with figures
formatted for the active language.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from xuctien.programmes.assessment import RULE_TEXTS, Bound, Rule, format_bound
from xuctien.programmes.formula import MESSAGES, FormulaError


def _format(value: object) -> str:
    if isinstance(value, Bound):
        return format_bound(value, _format)
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


def formula_error_text(error: FormulaError) -> str:
    """What is wrong with a formula, in the active language."""
    column = {} if error.position is None else {"column": error.position + 1}
    return _(MESSAGES[error.kind]).format(**error.params, **column)
