"""Every translatable text is where ``makemessages`` finds it.

xgettext does not read inside an f-string: a ``gettext("synthetic")`` written in one was left
out of the extraction, and the next ``makemessages`` dropped "synthetic", "reference" and
"late" from the Vietnamese catalogue (the row writers of decisions 38-46 showed them in
English from then on). The words are read into a variable first.
"""

import ast
from pathlib import Path

import xuctien

CALLS = {"gettext", "pgettext", "ngettext", "npgettext", "_", "gettext_lazy", "pgettext_lazy"}
SOURCE = Path(xuctien.__file__).parent


def calls_inside_f_strings(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    name = getattr(inner.func, "id", getattr(inner.func, "attr", ""))
                    if name in CALLS:
                        found.append(inner.lineno)
    return found


def test_no_translation_call_is_written_inside_an_f_string():
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(SOURCE)}:{line}" for line in calls_inside_f_strings(tree)]
    assert found == []


def test_the_check_finds_a_call_inside_an_f_string():
    tree = ast.parse('x = f\'<span>{_text(gettext("synthetic"))}</span>\'\ny = f"{n}"')
    assert calls_inside_f_strings(tree) == [1]
