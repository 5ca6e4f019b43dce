"""The API's renderers: JSON written by orjson, and DRF's browsable API within the site's
Content-Security-Policy (``style-src 'self'``).

``JSONRenderer`` writes what DRF's writes (compact, UTF-8, U+2028 and U+2029 escaped, the
same values through DRF's encoder for what JSON has no type for) with orjson: a national
page of 100 indicators is 110 KB, which the standard library's encoder took about a
millisecond to write, some 8 % of the request (decision 54).

DRF's page styles two things inline: pygments' colours for the response, in a ``<style>``
block, and the right-floated "Filters" and "Extra Actions" buttons, in a ``style``
attribute. The colours come from ``static/css/api.css`` instead, and the attribute is
swapped for a data attribute that file styles, so the page needs no exception to the policy.
"""

from typing import Any

import orjson
from rest_framework import renderers

#: orjson's options: keys that are not text written as text (``json.dumps`` does that),
#: and dates, times and dataclasses handed to DRF's encoder, which writes them its own way.
OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
#: U+2028 and U+2029 in UTF-8, and as DRF writes them (JavaScript reads them as line ends).
SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))

#: The one inline style of DRF's ``rest_framework/base.html``, and what replaces it.
INLINE_STYLE = ' style="float: right; margin-right: 10px"'
STYLED_BY_FILE = " data-xt-api-right"


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):  # type: ignore[no-untyped-def]
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = ""  # static/css/api.css holds the colours
        return context

    def render(self, data, accepted_media_type=None, renderer_context=None):  # type: ignore[no-untyped-def]
        html = super().render(data, accepted_media_type, renderer_context)
        return html.replace(INLINE_STYLE, STYLED_BY_FILE)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, written by orjson. What orjson would write otherwise than DRF goes to
    DRF's own ``render``, which writes it or raises as it always has: indented output asked
    for, text escaped to ASCII or spaced out by the settings, a whole number past 64 bits, a
    value DRF's encoder refuses. Floats are the one difference, and only of form: orjson
    writes ``1e16`` where DRF wrote ``1e+16``, and ``null`` for a value that is not a
    number, which DRF refused (the API's amounts are decimals, written as text)."""

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        indent = self.get_indent(accepted_media_type, renderer_context)
        if self.ensure_ascii or not self.compact or indent:
            return super().render(data, accepted_media_type, renderer_context)
        default = self.encoder_class().default
        try:
            written = orjson.dumps(data, default=default, option=OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        if b"\xe2\x80" in written:
            for raw, escaped in SEPARATORS:
                written = written.replace(raw, escaped)
        return written
