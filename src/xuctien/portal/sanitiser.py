"""The allow-list HTML sanitiser for article bodies, on nh3 (the Rust ammonia library).

Parsing and re-serialising HTML safely is work for a widely reviewed library, so the
parsing is ammonia's (an HTML5 parser, as browsers parse); this module only says what is
allowed. Only the tags below survive; the contents of ``script``, ``style`` and similar
elements are dropped with them, the text of any other unknown element is kept, escaped.
Links may point to http(s) addresses with a host or to mailto addresses and get
``rel="noopener noreferrer"``; images may only come from this site's own uploads, and an
image without an allowed source is dropped. Event handlers, ``style``, ``javascript:`` and
``data:`` URLs never pass, and every open tag is closed.
"""

import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "img", "blockquote", "br"}
)
#: Per tag; "*" (every tag) is empty, so ammonia's default title and lang go too.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "img": {"src", "alt"}}
#: Elements dropped with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
        "title", "svg", "math", "select", "frameset", "frame", "applet", "xmp",
        "noembed", "noframes", "plaintext",
    }
)  # fmt: skip
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Our own uploaded images, served by the portal (and the media URL, where it is served).
IMAGE_SRC = re.compile(r"^/(?:portal/images/\d+/|media/portal/images/[0-9a-f]+\.[a-z]{3,4})$")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
#: An image left without a source by the filter (nh3's output is well-formed, so a
#: pattern over it is exact): dropped, as an empty ``<img>`` shows nothing useful.
_IMAGE_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def safe_link(value: str) -> str | None:
    """The href if it is an http(s) address with a host or a mailto address, else None."""
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


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return safe_link(value)
    if tag == "img" and name == "src":
        return safe_image_src(value)
    return value


def sanitise(html: str) -> str:
    """``html`` reduced to the allowed tags and attributes (see the module docstring)."""
    if not html:
        return ""
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMAGE_WITHOUT_SRC.sub("", clean)
