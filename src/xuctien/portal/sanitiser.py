"""An allow-list HTML sanitiser for article bodies, on Python's own ``html.parser``.

Only the tags and attributes below survive; everything else is dropped. The contents of
``script``, ``style`` and similar elements are dropped with them; the text of any other
unknown element is kept, escaped. Links may point to http, https or mailto addresses and
get ``rel="noopener noreferrer"``; images may only come from this site's own uploads.
Event handlers (``on*``), ``style``, ``javascript:`` and ``data:`` URLs never pass.
The output is re-serialised from the parsed pieces, so malformed markup cannot smuggle a
tag through, and every open tag is closed.
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "img", "blockquote", "br"}
)
VOID_TAGS = frozenset({"br", "img"})
#: Elements dropped with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
        "title", "svg", "math", "select", "head", "frameset", "frame", "applet", "xmp",
        "noembed", "noframes", "plaintext",
    }
)  # fmt: skip
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Our own uploaded images, served by the portal (and the media URL, where it is served).
IMAGE_SRC = re.compile(r"^/(?:portal/images/\d+/|media/portal/images/[0-9a-f]+\.[a-z]{3,4})$")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def safe_link(value: str) -> str | None:
    """The href if it is an http(s) or mailto address, else None."""
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    compact = _INVISIBLE.sub("", value or "")
    try:
        parts = urlsplit(compact)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return None
    return compact


def safe_image_src(value: str) -> str | None:
    """The src if it names one of our uploaded images, else None."""
    compact = _INVISIBLE.sub("", value or "")
    return compact if IMAGE_SRC.match(compact) else None


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in DROP_WITH_CONTENT:
            if tag in DROP_WITH_CONTENT and tag not in VOID_TAGS:
                self.dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        rendered = _attributes(tag, dict(attrs))
        if rendered is None:
            return
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS or tag not in ALLOWED_TAGS:
            self.handle_starttag(tag, attrs)
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        closing = [f"</{tag}>" for tag in reversed(self.open)]
        return "".join(self.out + closing)


def _attributes(tag: str, attrs: dict[str, str | None]) -> str | None:
    """The allowed attributes rendered, or None when the tag must be dropped."""
    if tag == "a":
        href = safe_link(attrs.get("href") or "")
        if href is None:
            return ""  # keep the text, lose the link target
        return f' href="{escape(href)}" rel="noopener noreferrer"'
    if tag == "img":
        src = safe_image_src(attrs.get("src") or "")
        if src is None:
            return None
        return f' src="{escape(src)}" alt="{escape(attrs.get("alt") or "")}"'
    return ""


def sanitise(html: str) -> str:
    """``html`` reduced to the allowed tags and attributes (see the module docstring)."""
    if not html:
        return ""
    parser = _Sanitiser()
    parser.feed(html)
    return parser.result()
