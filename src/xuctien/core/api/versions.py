"""Updates through the API carry the version the client read, as the pages' forms do.

A PUT or PATCH (and a stage move) without ``version`` is answered 428 Precondition
Required: an update that does not say what it was based on would silently overwrite
whatever someone saved since. A version older than the stored one is answered 409 with
the one stale-edit message (``core.conflicts``) and the current version, so the client
can read the change and send its update again.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from xuctien.core.conflicts import conflict_message

# The API's reference is in English, like the rest of its schema.
VERSION_HELP = (
    "The version of the record you read. Required on every update: without it the answer "
    "is 428; if someone saved the record since, 409 with the current version."
)


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        'Send "version": the version of the record you read, so that your update cannot '
        "overwrite someone else's change."
    )
    default_code = "version_required"


class Conflict(APIException):
    """409: the record was saved by someone else after the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record was changed by someone else; read it again.")
    default_code = "stale"

    def __init__(self, current: Any, message: str = "") -> None:
        current = type(current)._base_manager.get(pk=current.pk)
        super().__init__(message or conflict_message(current))
        # The stored version, so that the client can read the change and send it again.
        self.detail = {"detail": self.detail, "version": current.version}


def version_field(**kwargs: Any) -> serializers.IntegerField:
    """The ``version`` a client sends back (a positive whole number)."""
    return serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP, **kwargs
    )


def require_version(request: Request) -> None:
    data = request.data
    value = data.get("version") if hasattr(data, "get") else None
    if value is None or value == "":
        raise PreconditionRequired


class VersionedUpdatesMixin:
    """A viewset whose updates (PUT, PATCH, and the actions named in ``versioned_actions``)
    need the version read: checked after sign-in and permissions, before anything else."""

    versioned_actions: tuple[str, ...] = ("update", "partial_update")

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if self.action in self.versioned_actions:  # type: ignore[attr-defined]
            require_version(request)


VERSION_RESPONSES = {
    status.HTTP_409_CONFLICT: OpenApiResponse(
        description="Someone saved the record after you read it: "
        '{"detail": "...", "version": <current version>}. Read it again and resend.'
    ),
    status.HTTP_428_PRECONDITION_REQUIRED: OpenApiResponse(
        description='The update did not say which version it was based on ("version").'
    ),
}


def versioned_update(request: Any, response: Any) -> Any:
    """The OpenAPI description of an update that needs ``version``: 409 and 428 too."""
    return extend_schema(
        request=request,
        responses={status.HTTP_200_OK: response, **VERSION_RESPONSES},
        description=VERSION_HELP,
    )
