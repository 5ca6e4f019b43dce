"""What every action programme page shares: sign-in, and no access for outsiders."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse

from xuctien.actions.permissions import reads_tasks


class TaskAccessMixin(LoginRequiredMixin):
    """Tasks are internal: sign-in required, and only the programme's own roles get in."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not reads_tasks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
