"""What every aftercare page shares: sign-in, the role gate, and service errors as messages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

from xuctien.aftercare import permissions
from xuctien.core.permissions import manages_programme


class AftercareAccessMixin(LoginRequiredMixin):
    """Signed-in people of a role that takes part in aftercare; a page may ask for more."""

    def allowed(self, user: Any) -> bool:
        return permissions.reads_aftercare(user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReadAllMixin(AftercareAccessMixin):
    """Pages for the secretariat, administrators and leadership."""

    def allowed(self, user: Any) -> bool:
        return permissions.reads_all(user)


class ManagerMixin(AftercareAccessMixin):
    """Pages for the secretariat and administrators only."""

    def allowed(self, user: Any) -> bool:
        return manages_programme(user)


def call(request: HttpRequest, function: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run a service; say what went wrong as a message. True when it went through."""
    try:
        function(*args, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True
