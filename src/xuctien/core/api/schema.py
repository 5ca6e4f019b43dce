"""The OpenAPI document tells every answer an operation can give, errors included.

drf-spectacular documents the success answer of each operation; clients (and schemathesis)
also meet 400, 401, 403 and 404, and on writes 409 (edited by someone else since read) and
428 (the version read is missing). ``XuctienAutoSchema`` adds them to every operation,
with DRF's error bodies: ``{"detail": "..."}``, or for a 400 the fields' messages (an object)
or the record's (a list).
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

_DETAIL = inline_serializer("Error", {"detail": serializers.CharField()})
_COMMON = {
    "400": OpenApiResponse(
        description="The request is not valid: messages by field, or a list of messages."
    ),
    "401": OpenApiResponse(_DETAIL, "No or a bad API token, where one is needed."),
    "403": OpenApiResponse(_DETAIL, "The caller may not do this."),
    "404": OpenApiResponse(_DETAIL, "No such record, or none the caller may see."),
}
_WRITES = {
    "409": OpenApiResponse(_DETAIL, "Changed by someone else since read; read it again."),
    "428": OpenApiResponse(_DETAIL, "The version read is missing; send it with the change."),
}


class XuctienAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        """Fields a serializer names in ``optional_in_schema`` may be absent from an answer."""
        result = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "optional_in_schema", ()))
        if optional and "required" in result:
            result["required"] = [name for name in result["required"] if name not in optional]
            if not result["required"]:
                del result["required"]
        return result

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors = dict(_COMMON)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(_WRITES)
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
