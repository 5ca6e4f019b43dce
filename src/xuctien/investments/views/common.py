"""Helpers the pipeline's pages share: access checks and htmx awareness."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def visible_or_404(queryset: Any, request: HttpRequest, **lookup: Any) -> Any:
    """The record if the user may see it; a 404 otherwise, so its existence is not told."""
    obj = queryset.restrict(request.user, "view").filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require(request: HttpRequest, action: str, obj: Any) -> None:
    """Refuse the request unless the user may ``action`` the record (or model)."""
    model = obj if isinstance(obj, type) else type(obj)
    if not model.permits(request.user, action, None if isinstance(obj, type) else obj):
        raise PermissionDenied
