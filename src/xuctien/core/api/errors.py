"""Answers of the API for what no API view handles, in JSON like the rest of the API."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # it changes nothing; a POST to a wrong path gets the same 404 as a GET
def not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """A path under /api/v1/ that names no endpoint (``/projects/0.5/``): 404 in JSON."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
