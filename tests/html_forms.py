"""Read an HTML form the way a browser submits it, for tests that post a page's form back.

``browser_submission(html, button=...)`` finds the page's form (the one holding the named
submit button, else the largest POST form) and returns the (name, value) pairs a browser
would send when that button is pressed: text-like inputs and hidden ones with their value,
checked checkboxes and radios (``on`` when they have no value), every selected option of a
select (its first option when none is selected and it takes one value), textareas with
their text (less the newline that follows the opening tag), the pressed button. Disabled
controls, file inputs and other buttons are left out, as the HTML standard says.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}

# The HTML standard's value sanitisation: a browser empties a value that is not valid for
# its input type, so "31/03/2021" in a date input or "12,5" in a number input is lost.
_VALID = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "week": re.compile(r"\d{4,}-W\d{2}"),
    "number": re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?"),
    "range": re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?"),
}


def sanitised(kind: str, value: str) -> str:
    """The value a browser keeps for an input of type ``kind`` (the HTML standard's rules)."""
    if kind in ("text", "search", "tel", "password"):
        return value.replace("\r", "").replace("\n", "")
    if kind in ("email", "url"):
        return value.replace("\r", "").replace("\n", "").strip()
    pattern = _VALID.get(kind)
    if pattern is not None and not pattern.fullmatch(value):
        return ""
    return value


@dataclass
class _Select:
    name: str
    multiple: bool
    disabled: bool
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # value, selected, off
    _text: str | None = None  # the text of an option without a value attribute

    def pairs(self) -> list[tuple[str, str]]:
        if self.disabled:
            return []
        chosen = [value for value, selected, off in self.options if selected and not off]
        if not self.multiple:
            chosen = chosen[-1:]  # the last selected option wins in a single select
            if not chosen:  # a browser selects the first enabled option
                chosen = [value for value, _selected, off in self.options if not off][:1]
        return [(self.name, value) for value in chosen]


@dataclass
class HtmlForm:
    method: str
    action: str
    controls: list = field(default_factory=list)  # (name, value) pairs, _Select, buttons
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def submission(self, button: str | None = None) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for control in self.controls:
            if isinstance(control, _Select):
                pairs.extend(control.pairs())
            else:
                pairs.append(control)
        pressed = [b for b in self.buttons if button is None or b == button or b[1] == button]
        if pressed and pressed[0][0]:
            pairs.append(pressed[0])
        return pairs


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: _Select | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form":
            self._form = HtmlForm(attrs.get("method", "get").lower(), attrs.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            if "disabled" not in attrs:
                self._form.buttons.append((attrs.get("name", ""), attrs.get("value", "")))
        elif tag == "select":
            self._select = _Select(attrs.get("name", ""), "multiple" in attrs, "disabled" in attrs)
            if self._select.name:
                self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs,
                            "off": "disabled" in attrs, "text": ""}  # fmt: skip
        elif tag == "textarea":
            self._textarea = {"name": attrs.get("name", ""), "off": "disabled" in attrs, "text": ""}

    def _input(self, attrs: dict) -> None:
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name", "")
        if not name or "disabled" in attrs:
            return
        if kind in ("submit", "image"):
            self._form.buttons.append((name, attrs.get("value", "")))
        elif kind in SKIPPED_INPUTS:
            return
        elif kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form.controls.append((name, attrs.get("value", "on")))
        else:
            self._form.controls.append((name, sanitised(kind, attrs.get("value", ""))))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "option":
            self._end_option()
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            text = text[1:] if text.startswith("\n") else text
            if self._textarea["name"] and not self._textarea["off"] and self._form is not None:
                self._form.controls.append((self._textarea["name"], text.replace("\r\n", "\n")))
            self._textarea = None

    def _end_option(self) -> None:
        if self._option is None or self._select is None:
            return
        option = self._option
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self._select.options.append((value, option["selected"], option["off"]))
        self._option = None


def forms_of(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def browser_submission(html: str, button: str | None = None) -> list[tuple[str, str]]:
    """What a browser posts when ``button`` (a value or name; default the first) is pressed
    in the page's edit form: the POST form with that button, else the one with most fields."""
    candidates = [form for form in forms_of(html) if form.method == "post"]
    if button is not None:
        candidates = [f for f in candidates if any(button in b for b in f.buttons)]
    if not candidates:
        raise AssertionError("the page has no POST form to submit")
    form = max(candidates, key=lambda f: len(f.controls))
    return form.submission(button)


def as_multidict(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The pairs as the test client takes them: a name maps to all of its values."""
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
