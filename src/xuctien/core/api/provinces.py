"""``?province=CODE`` on every list of records that belong to a province.

A filter backend, so every list endpoint gets the parameter (and its place in the schema)
without a line in its filterset. Records that belong to no province (investors, shared by
all) do not offer it. An unknown code gives an empty list, as any filter matching nothing.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

PARAMETER = "province"


def province_path(model: Any) -> str | None:
    """The lookup from ``model`` to its province's code, or None for shared records."""
    if model is None:
        return None
    try:
        model._meta.get_field("province")
    except FieldDoesNotExist:
        return None
    return "province__code"


#: The longest province code (``Province.code``).
MAX_CODE = 40


class ProvinceFilterBackend:
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        code = request.query_params.get(PARAMETER, "").strip()
        path = province_path(getattr(queryset, "model", None))
        if not code or path is None:
            return queryset
        if "\x00" in code or len(code) > MAX_CODE:  # no province has such a code
            return queryset.none()
        return queryset.filter(**{path: code})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        queryset = getattr(view, "queryset", None)
        if province_path(getattr(queryset, "model", None)) is None:
            return []
        return [
            {
                "name": PARAMETER,
                "required": False,
                "in": "query",
                "description": "Only the records of this province (its code, e.g. from "
                "/api/v1/provinces/).",
                "schema": {"type": "string", "maxLength": MAX_CODE},
            }
        ]
