"""Shared view pieces: rate-limited forms with a honeypot, and the editors' access mixin."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import FormView

from xuctien.portal import ratelimit
from xuctien.portal.permissions import edits_content


class RateLimitedFormView(FormView):
    """A form whose submissions are counted per address; over the limit, a 429 page.

    A filled honeypot is handled by ``form_valid`` (silently dropped, answered as success).
    """

    limit: ratelimit.Limit

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ratelimit.hit(request, self.limit):
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def refuse(self) -> HttpResponse:
        minutes = max(1, self.limit.seconds // 60)
        message = _(
            "Too many submissions from your address. Please try again in %(minutes)s minutes."
        ) % {"minutes": minutes}
        response = render(
            self.request, "portal/rate_limited.html", {"message": message}, status=429
        )
        response["Retry-After"] = str(self.limit.seconds)
        return response


class EditorRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """The Centre's content editors only (403 for other signed-in users)."""

    raise_exception = False

    def test_func(self) -> bool:
        return edits_content(self.request.user)
