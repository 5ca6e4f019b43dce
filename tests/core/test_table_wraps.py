"""Every table of every template scrolls inside its own .table-wrap, never the page."""

from html.parser import HTMLParser
from pathlib import Path

import xuctien

TEMPLATES = sorted(Path(xuctien.__file__).parent.glob("**/templates/**/*.html"))


class Tables(HTMLParser):
    """Line numbers of ``<table>`` tags with no open ``.table-wrap`` around them."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[bool] = []  # for each open <div>: is it a table-wrap?
        self.bare: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self.open.append("table-wrap" in (dict(attrs).get("class") or "").split())
        elif tag == "table" and not any(self.open):
            self.bare.append(self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.open:
            self.open.pop()


def test_every_table_sits_in_a_table_wrap():
    bare = []
    for template in TEMPLATES:
        parser = Tables()
        parser.feed(template.read_text())
        bare += [f"{template.name}:{line}" for line in parser.bare]

    assert TEMPLATES
    assert bare == []
