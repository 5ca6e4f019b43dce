"""The API's permission check: the same rules as the pages, asked of each record."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from xuctien.core.permissions import permits

_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class RolePermission(BasePermission):
    """Reads follow each model's visibility rules; every write needs a permitted user."""

    def _model(self, view: Any) -> Any:
        queryset = getattr(view, "queryset", None)
        return queryset.model if queryset is not None else None

    def has_permission(self, request: Any, view: Any) -> bool:
        model = self._model(view)
        if request.method in SAFE_METHODS:
            return True
        if model is None:
            return bool(request.user and request.user.is_authenticated)
        return permits(request.user, _ACTIONS.get(request.method, "change"), model)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        action = "view" if request.method in SAFE_METHODS else _ACTIONS.get(request.method)
        return permits(request.user, action or "change", obj)
