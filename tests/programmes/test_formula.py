"""Derived-indicator formulas: parsing, evaluation, and every error a user can meet."""

from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuctien.programmes.formula import (
    MAX_DEPTH,
    MESSAGES,
    BinaryOp,
    Code,
    CycleError,
    DivisionByZeroError,
    Formula,
    FormulaError,
    FormulaSyntaxError,
    MissingValueError,
    Negate,
    Number,
    UnknownCodeError,
    check_cycles,
    evaluate_series,
    evaluation_order,
    parse,
    validate,
)


def value_of(text: str, **values: str) -> D:
    return parse(text).evaluate({code: D(value) for code, value in values.items()})


# --- evaluation ---------------------------------------------------------------------------


def test_the_manufacturing_share_of_grdp():
    formula = parse("MFG_VA / GRDP * 100")
    assert formula.codes == {"MFG_VA", "GRDP"}
    assert formula.evaluate({"MFG_VA": D("12430"), "GRDP": D("100000")}) == D("12.43")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3 * 4", "14"),  # 2 + 12: * before +
        ("2 * 3 + 4", "10"),  # 6 + 4
        ("10 - 4 - 3", "3"),  # (10 - 4) - 3: left to right
        ("24 / 4 / 2", "3"),  # (24 / 4) / 2
        ("2 + 3 * 4 - 6 / 3", "12"),  # 2 + 12 - 2
        ("8 - 2 * 3", "2"),  # 8 - 6
        ("7", "7"),
    ],
)
def test_precedence_and_associativity(text, expected):
    assert value_of(text) == D(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2 + 3) * 4", "20"),
        ("10 - (4 - 3)", "9"),
        ("24 / (4 / 2)", "12"),
        ("((((7))))", "7"),
        ("(2 + (3 * (4 - 1))) / 11", "1"),  # (2 + 9) / 11
    ],
)
def test_parentheses(text, expected):
    assert value_of(text) == D(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-4", "-4"),
        ("-2 * 3", "-6"),
        ("2 * -3", "-6"),
        ("--4", "4"),
        ("-(2 + 3)", "-5"),
        ("3 - -2", "5"),
        ("-A + 1", "-1"),  # A = 2
    ],
)
def test_unary_minus(text, expected):
    assert value_of(text, A="2") == D(expected)


def test_typographic_signs_mean_the_ascii_operators():
    assert value_of("A × 3 ÷ 2 − 1", A="4") == D("5")  # 4 * 3 / 2 - 1
    assert value_of("−A", A="4") == D("-4")


def test_spaces_are_optional_and_numbers_are_decimals():
    assert value_of("A/B*100", A="1", B="8") == D("12.5")
    assert value_of("0.1 + 0.2") == D("0.3")  # exact, as no float is involved
    assert value_of(".5 * 4") == D("2")


def test_division_keeps_fifty_significant_digits():
    with localcontext() as context:
        context.prec = 50
        third = D(1) / D(3)
    assert value_of("1 / 3") == third


def test_codes_may_hold_digits_and_underscores():
    formula = parse("GRDP_2020 + X9")
    assert formula.codes == {"GRDP_2020", "X9"}


def test_values_may_be_integers_but_never_floats():
    assert parse("A + 1").evaluate({"A": 2}) == D(3)
    with pytest.raises(TypeError, match="Decimal"):
        parse("A + 1").evaluate({"A": 2.5})


def test_the_formula_renders_back_to_normalised_text():
    assert str(parse("A÷(B−C)×100")) == "A / (B - C) * 100"
    assert str(parse("-(A + B) * C")) == "-(A + B) * C"
    assert str(parse("((A))")) == "A"


# --- syntax errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "position", "message"),
    [
        ("", "empty", None, "The formula is empty."),
        ("   ", "empty", None, "The formula is empty."),
        ("GRDP % 2", "unexpected_character", 5, "Unexpected character '%' at column 6."),
        ("grdp", "unexpected_character", 0, "Unexpected character 'g' at column 1."),
        ("1. + A", "unexpected_character", 1, "Unexpected character '.' at column 2."),
        (
            "A + * B",
            "expected_operand",
            4,
            "Expected a number, an indicator code or '(' at column 5, but found '*'.",
        ),
        (
            "A × ×",
            "expected_operand",
            4,
            "Expected a number, an indicator code or '(' at column 5, but found '×'.",
        ),
        (
            "A +",
            "expected_operand_at_end",
            3,
            "The formula ends where a number, an indicator code or '(' is expected.",
        ),
        ("A B", "expected_operator", 2, "Expected an operator at column 3, but found 'B'."),
        ("2 (A)", "expected_operator", 2, "Expected an operator at column 3, but found '('."),
        (
            "(A B)",
            "expected_operator_or_closing",
            3,
            "Expected an operator or ')' at column 4, but found 'B'.",
        ),
        (
            "(A + B",
            "unclosed_parenthesis",
            0,
            "The parenthesis opened at column 1 is never closed.",
        ),
        ("A + B)", "unmatched_closing", 5, "The ')' at column 6 closes no open parenthesis."),
        ("()", "expected_operand", 1, None),
    ],
)
def test_syntax_errors_say_what_and_where(text, kind, position, message):
    with pytest.raises(FormulaSyntaxError) as caught:
        parse(text)
    assert caught.value.kind == kind
    assert caught.value.position == position
    if message is not None:
        assert caught.value.message == message
        assert str(caught.value) == message


def test_deep_nesting_is_a_syntax_error_not_a_crash():
    with pytest.raises(FormulaSyntaxError) as caught:
        parse("(" * (MAX_DEPTH + 1) + "A" + ")" * (MAX_DEPTH + 1))
    assert caught.value.kind == "too_deep"
    assert caught.value.position == MAX_DEPTH  # the (MAX_DEPTH + 1)-th parenthesis
    with pytest.raises(FormulaSyntaxError):
        parse("-" * (MAX_DEPTH + 1) + "A")
    assert value_of("(" * MAX_DEPTH + "A" + ")" * MAX_DEPTH, A="1") == D(1)


def test_every_error_is_a_formula_error_with_a_template():
    for error_class in (
        FormulaSyntaxError,
        UnknownCodeError,
        CycleError,
        DivisionByZeroError,
        MissingValueError,
    ):
        assert issubclass(error_class, FormulaError)
    assert all(isinstance(template, str) for template in MESSAGES.values())


# --- unknown codes ------------------------------------------------------------------------


def test_validate_accepts_known_codes():
    validate(parse("MFG_VA / GRDP * 100"), {"MFG_VA", "GRDP", "OTHER"})


def test_validate_names_the_first_unknown_code():
    with pytest.raises(UnknownCodeError) as caught:
        validate(parse("MFG_VA / GRDPP * 100 + XYZ"), ["MFG_VA", "GRDP"])
    assert caught.value.code == "GRDPP"
    assert caught.value.position == 9
    assert caught.value.message == "Unknown indicator code GRDPP at column 10."


# --- cycles -------------------------------------------------------------------------------


def test_a_formula_using_itself_is_a_cycle_of_one():
    with pytest.raises(CycleError) as caught:
        check_cycles({"A": parse("A + 1")})
    assert caught.value.path == ["A", "A"]
    assert caught.value.message == "The derived indicators depend on each other in a cycle: A → A."


def test_two_formulas_using_each_other_are_a_cycle_of_two():
    with pytest.raises(CycleError) as caught:
        check_cycles({"A": parse("B * 2"), "B": parse("A / 2 + BASE")})
    assert caught.value.path == ["A", "B", "A"]


def test_a_cycle_of_three_is_named_in_full():
    formulas = {"A": parse("B + 1"), "B": parse("C + 1"), "C": parse("A + GRDP")}
    with pytest.raises(CycleError) as caught:
        check_cycles(formulas)
    assert caught.value.path == ["A", "B", "C", "A"]
    assert str(caught.value).endswith("A → B → C → A.")


def test_the_path_leaves_out_what_leads_into_the_cycle():
    formulas = {"A": parse("B"), "B": parse("C"), "C": parse("B")}
    with pytest.raises(CycleError) as caught:
        check_cycles(formulas)
    assert caught.value.path == ["B", "C", "B"]


def test_without_cycles_the_order_puts_dependencies_first():
    formulas = {
        "SHARE": parse("MFG_VA / GRDP_TOTAL * 100"),
        "GRDP_TOTAL": parse("GRDP_A + GRDP_B"),
        "MFG_VA": parse("MFG_GO - MFG_IC"),
        "GAP": parse("SHARE - 15"),
    }
    check_cycles(formulas)
    order = evaluation_order(formulas)
    assert sorted(order) == sorted(formulas)
    assert order.index("GRDP_TOTAL") < order.index("SHARE") < order.index("GAP")
    assert order.index("MFG_VA") < order.index("SHARE")


# --- runtime errors -----------------------------------------------------------------------


def test_division_by_a_zero_code_names_it():
    with pytest.raises(DivisionByZeroError) as caught:
        value_of("MFG_VA / GRDP * 100", MFG_VA="5", GRDP="0")
    assert caught.value.divisor == "GRDP"
    assert caught.value.position == 9
    assert caught.value.message == "Division by zero: the divisor GRDP at column 10 is zero."


def test_division_by_a_zero_expression_names_the_expression():
    with pytest.raises(DivisionByZeroError) as caught:
        value_of("A / (B - C)", A="1", B="2", C="2")
    assert caught.value.divisor == "B - C"
    with pytest.raises(DivisionByZeroError):
        value_of("1 / 0")


def test_a_code_without_a_value_is_named():
    with pytest.raises(MissingValueError) as caught:
        value_of("A + B", A="1")
    assert caught.value.code == "B"
    assert caught.value.position == 4
    assert caught.value.message == "No value for B."


# --- series -------------------------------------------------------------------------------


def test_a_series_is_computed_for_years_with_every_operand():
    series = {
        "MFG_VA": {2022: D("11.5"), 2023: D("12.3"), 2024: D("24.86")},
        "GRDP": {2021: D("100"), 2022: D("100"), 2023: D("0"), 2024: D("200")},
    }
    result = evaluate_series(parse("MFG_VA / GRDP * 100"), series)
    assert result.values == {2022: D("11.5"), 2024: D("12.43")}  # 24.86 / 200 * 100
    assert set(result.skipped) == {2021, 2023}
    assert isinstance(result.skipped[2021], MissingValueError)  # no MFG_VA in 2021
    assert result.skipped[2021].code == "MFG_VA"
    assert isinstance(result.skipped[2023], DivisionByZeroError)  # GRDP is 0 in 2023
    assert result.skipped[2023].divisor == "GRDP"


def test_a_series_with_an_absent_operand_is_empty_but_explained():
    result = evaluate_series(parse("A + B"), {"A": {2024: D(1)}})
    assert result.values == {}
    assert result.skipped[2024].message == "No value for B."


def test_a_constant_formula_has_no_years():
    assert evaluate_series(parse("2 + 2"), {}).values == {}


# --- property: text and tree agree --------------------------------------------------------

leaves = st.one_of(
    st.integers(0, 50).map(lambda n: Number(D(n), 0)),
    st.sampled_from(["A", "B", "C"]).map(lambda name: Code(name, 0)),
)
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        children.map(lambda node: Negate(node, 0)),
        st.tuples(st.sampled_from("+-*/"), children, children).map(
            lambda parts: BinaryOp(parts[0], parts[1], parts[2], 0)
        ),
    ),
    max_leaves=12,
)


@given(tree=trees)
def test_the_rendered_text_parses_back_to_the_same_value(tree):
    values = {"A": D(3), "B": D(-7), "C": D("0.5")}
    reparsed = parse(str(tree))
    assert str(reparsed) == str(tree)
    try:
        # Through Formula, so both sides evaluate in the same 50-digit context.
        expected = Formula("", tree, frozenset()).evaluate(values)
    except DivisionByZeroError:
        with pytest.raises(DivisionByZeroError):
            reparsed.evaluate(values)
    else:
        assert reparsed.evaluate(values) == expected
