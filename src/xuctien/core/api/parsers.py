"""The API reads JSON with every string in Unicode NFC, as the pages read forms."""

from typing import Any

from rest_framework.parsers import JSONParser

from xuctien.core import text


class NFCJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        return text.nfc(super().parse(stream, media_type, parser_context))
