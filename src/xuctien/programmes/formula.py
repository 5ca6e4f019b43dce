"""Derived indicators: a small, safe arithmetic language over indicator codes.

A derived indicator is defined by a formula such as ``MFG_VA / GRDP * 100``. The language has
indicator codes (``[A-Z][A-Z0-9_]*``), decimal numbers, ``+ - * /`` (also ``−``, ``×``, ``÷``),
unary minus and parentheses; ``*`` and ``/`` bind tighter than ``+`` and ``-``, and operators of
one level group from the left. Text is read by a tokenizer and a recursive-descent parser into a
small tree; nothing is ever handed to Python's ``eval`` or ``ast``, so a formula can do nothing
but arithmetic.

Every error is a :class:`FormulaError` with a ``kind``, a ``message`` in plain English built from
the matching template in :data:`MESSAGES` (so the UI can translate it), the template's
``params``, and a 0-based ``position`` in the text where one applies (messages show the 1-based
column).

Arithmetic runs in a 50-digit decimal context; results are not rounded (the caller quantizes
for storage or display).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

_CONTEXT = Context(prec=50)
# Deep enough for any real formula, shallow enough never to reach Python's recursion limit.
MAX_DEPTH = 100


def gettext_noop(text: str) -> str:
    """Mark text for the translation catalogue without importing Django (the UI translates it)."""
    return text


MESSAGES: dict[str, str] = {
    "empty": gettext_noop("The formula is empty."),
    "unexpected_character": gettext_noop("Unexpected character '{char}' at column {column}."),
    "expected_operand": gettext_noop(
        "Expected a number, an indicator code or '(' at column {column}, but found '{found}'."
    ),
    "expected_operand_at_end": gettext_noop(
        "The formula ends where a number, an indicator code or '(' is expected."
    ),
    "expected_operator": gettext_noop(
        "Expected an operator at column {column}, but found '{found}'."
    ),
    "expected_operator_or_closing": gettext_noop(
        "Expected an operator or ')' at column {column}, but found '{found}'."
    ),
    "unclosed_parenthesis": gettext_noop(
        "The parenthesis opened at column {column} is never closed."
    ),
    "unmatched_closing": gettext_noop("The ')' at column {column} closes no open parenthesis."),
    "too_deep": gettext_noop(
        "The formula is nested more than {limit} levels deep at column {column}."
    ),
    "unknown_code": gettext_noop("Unknown indicator code {code} at column {column}."),
    "cycle": gettext_noop("The derived indicators depend on each other in a cycle: {path}."),
    "division_by_zero": gettext_noop(
        "Division by zero: the divisor {divisor} at column {column} is zero."
    ),
    "missing_value": gettext_noop("No value for {code}."),
}


class FormulaError(Exception):
    """Base of every formula error: a kind, its parameters, a position and a message."""

    def __init__(self, kind: str, position: int | None = None, **params: object) -> None:
        self.kind = kind
        self.position = position
        self.params = params
        column = {} if position is None else {"column": position + 1}
        self.message = MESSAGES[kind].format(**params, **column)
        super().__init__(self.message)


class FormulaSyntaxError(FormulaError):
    """The text is not a well-formed formula."""


class UnknownCodeError(FormulaError):
    """The formula refers to an indicator that does not exist."""

    def __init__(self, code: str, position: int) -> None:
        super().__init__("unknown_code", position, code=code)
        self.code = code


class CycleError(FormulaError):
    """Derived indicators depend on each other in a circle."""

    def __init__(self, path: list[str]) -> None:
        super().__init__("cycle", path=" → ".join(path))
        self.path = path


class DivisionByZeroError(FormulaError):
    """A divisor evaluated to zero."""

    def __init__(self, divisor: str, position: int) -> None:
        super().__init__("division_by_zero", position, divisor=divisor)
        self.divisor = divisor


class MissingValueError(FormulaError):
    """An indicator the formula needs has no value."""

    def __init__(self, code: str, position: int) -> None:
        super().__init__("missing_value", position, code=code)
        self.code = code


# --- syntax tree ----------------------------------------------------------------------------

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


@dataclass(frozen=True)
class Number:
    """A decimal literal."""

    value: Decimal
    position: int

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return self.value

    def __str__(self) -> str:
        return format(self.value, "f")


@dataclass(frozen=True)
class Code:
    """A reference to another indicator's value."""

    name: str
    position: int

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        if self.name not in values:
            raise MissingValueError(self.name, self.position)
        value = values[self.name]
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise TypeError(f"The value of {self.name} must be a Decimal, not {type(value)}")
        return Decimal(value)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Negate:
    """Unary minus."""

    operand: Node
    position: int

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return -self.operand.evaluate(values)

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"-({inner})" if isinstance(self.operand, BinaryOp) else f"-{inner}"


@dataclass(frozen=True)
class BinaryOp:
    """One of + - * / applied to two sub-expressions; ``position`` is where the left starts."""

    op: str
    left: Node
    right: Node
    position: int

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        left, right = self.left.evaluate(values), self.right.evaluate(values)
        if self.op == "+":
            return left + right
        if self.op == "-":
            return left - right
        if self.op == "*":
            return left * right
        if right == 0:
            raise DivisionByZeroError(str(self.right), self.right.position)
        return left / right

    def __str__(self) -> str:
        own = _PRECEDENCE[self.op]
        left, right = str(self.left), str(self.right)
        if isinstance(self.left, BinaryOp) and _PRECEDENCE[self.left.op] < own:
            left = f"({left})"
        # a - (b - c) and a / (b / c) need their parentheses; a + (b + c) would not, but keep
        # them anyway so the rendering parses back to the same tree.
        if isinstance(self.right, BinaryOp) and _PRECEDENCE[self.right.op] <= own:
            right = f"({right})"
        return f"{left} {self.op} {right}"


Node = Number | Code | Negate | BinaryOp


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Negate):
        yield from _walk(node.operand)
    elif isinstance(node, BinaryOp):
        yield from _walk(node.left)
        yield from _walk(node.right)


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its source text, its tree and the codes it refers to."""

    text: str
    root: Node
    codes: frozenset[str]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """The formula's value, given a value for each code it refers to."""
        with localcontext(_CONTEXT):
            return self.root.evaluate(values)

    def __str__(self) -> str:
        return str(self.root)


# --- tokenizer ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    r"|(?P<code>[A-Z][A-Z0-9_]*)"
    r"|(?P<op>[-+*/()×÷−])"
)
# The typographic signs people paste from documents mean the same as their ASCII forms.
_SYNONYMS = {"×": "*", "÷": "/", "−": "-"}


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "code", "op" or "end"
    text: str  # with typographic signs replaced by their ASCII forms
    position: int
    raw: str  # as typed, for messages


def _tokenize(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaSyntaxError("unexpected_character", position, char=text[position])
        kind, value = match.lastgroup or "", match.group()
        if kind != "space":
            tokens.append(_Token(kind, _SYNONYMS.get(value, value), position, value))
        position = match.end()
    tokens.append(_Token("end", "", len(text), ""))
    return tokens


# --- parser ---------------------------------------------------------------------------------


class _Parser:
    """Recursive descent: expression := term (+|- term)*, term := unary (*|/ unary)*,
    unary := - unary | primary, primary := number | code | ( expression )."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.current.text in ("+", "-"):
            op = self.advance().text
            node = BinaryOp(op, node, self.term(), node.position)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.text in ("*", "/"):
            op = self.advance().text
            node = BinaryOp(op, node, self.unary(), node.position)
        return node

    def unary(self) -> Node:
        if self.current.text == "-":
            start = self.advance().position
            return Negate(self.nested(self.unary, start), start)
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            return Number(Decimal(self.advance().text), token.position)
        if token.kind == "code":
            return Code(self.advance().text, token.position)
        if token.text == "(":
            self.advance()
            node = self.nested(self.expression, token.position)
            self.close(token)
            return node
        if token.kind == "end":
            raise FormulaSyntaxError("expected_operand_at_end", token.position)
        raise FormulaSyntaxError("expected_operand", token.position, found=token.raw)

    def nested(self, rule: Callable[[], Node], position: int) -> Node:
        # Counting depth turns a pathological nesting into a syntax error, not a RecursionError.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaSyntaxError("too_deep", position, limit=MAX_DEPTH)
        node = rule()
        self.depth -= 1
        return node

    def close(self, opening: _Token) -> None:
        token = self.current
        if token.kind == "end":
            raise FormulaSyntaxError("unclosed_parenthesis", opening.position)
        if token.text != ")":
            raise FormulaSyntaxError(
                "expected_operator_or_closing", token.position, found=token.raw
            )
        self.advance()


def parse(text: str) -> Formula:
    """Parse formula text; raises :class:`FormulaSyntaxError` saying what is wrong and where."""
    tokens = _tokenize(text)
    if tokens[0].kind == "end":
        raise FormulaSyntaxError("empty")
    parser = _Parser(tokens)
    root = parser.expression()
    token = parser.current
    if token.text == ")":
        raise FormulaSyntaxError("unmatched_closing", token.position)
    if token.kind != "end":
        raise FormulaSyntaxError("expected_operator", token.position, found=token.raw)
    codes = frozenset(node.name for node in _walk(root) if isinstance(node, Code))
    return Formula(text, root, codes)


# --- checks across indicators ---------------------------------------------------------------


def validate(formula: Formula, known_codes: Iterable[str]) -> None:
    """Raise :class:`UnknownCodeError` for the first code (in reading order) not known."""
    known = set(known_codes)
    references = (node for node in _walk(formula.root) if isinstance(node, Code))
    for node in sorted(references, key=lambda node: node.position):
        if node.name not in known:
            raise UnknownCodeError(node.name, node.position)


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Derived codes ordered so each comes after the derived codes it uses.

    Raises :class:`CycleError` naming the path, e.g. ``A → B → A``. Codes that are not keys of
    ``formulas`` are base indicators and end the search.
    """
    order: list[str] = []
    done: set[str] = set()

    def visit(code: str, path: list[str]) -> None:
        if code in done:
            return
        if code in path:
            raise CycleError([*path[path.index(code) :], code])
        for used in sorted(formulas[code].codes & formulas.keys()):
            visit(used, [*path, code])
        done.add(code)
        order.append(code)

    for code in sorted(formulas):
        visit(code, [])
    return order


def check_cycles(formulas: Mapping[str, Formula]) -> None:
    """Raise :class:`CycleError` if derived indicators depend on each other in a circle."""
    evaluation_order(formulas)


# --- series ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesResult:
    """Values of a formula by year, and the years that could not be computed with the reason."""

    values: dict[int, Decimal]
    skipped: dict[int, FormulaError]


def evaluate_series(formula: Formula, series: Mapping[str, Mapping[int, Decimal]]) -> SeriesResult:
    """Evaluate the formula for every year where every code it uses has a value.

    A year where some codes have a value and others do not is reported in ``skipped`` with a
    :class:`MissingValueError`; a year whose divisor is zero, with a
    :class:`DivisionByZeroError`.
    """
    years = sorted({year for code in formula.codes for year in series.get(code, {})})
    values: dict[int, Decimal] = {}
    skipped: dict[int, FormulaError] = {}
    for year in years:
        operands = {
            code: series[code][year] for code in formula.codes if year in series.get(code, {})
        }
        try:
            values[year] = formula.evaluate(operands)
        except (DivisionByZeroError, MissingValueError) as error:
            skipped[year] = error
    return SeriesResult(values, skipped)
