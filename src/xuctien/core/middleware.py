"""Request-wide context: the language, and the user every change is attributed to."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import LazyObject

from xuctien import history
from xuctien.core import text

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def remember_language(response: HttpResponse, language: str) -> None:
    """Keep the reader's language for a year (the switch, or a link with ?lang=)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


class LanguageMiddleware:
    """Vietnamese unless the person chose English; the browser's preference is ignored.

    Officials share computers set up in any language, so the choice is explicit (the
    switch on every page stores it in a cookie) and the default is the province's own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in _SUPPORTED:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so one request's choice
        # never leaks into the next one served by the same thread.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.GET.get("lang") == language:
            # A link with ?lang= (shared in English, say) sticks for the pages and the htmx
            # panels that follow, as the switch does.
            remember_language(response, language)
        return response


class ActorMiddleware:
    """Attribute the changes a request makes to its user, with one id per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject):
            # The user is read here anyway (is_authenticated); the view, the menu and the
            # templates then reach it directly rather than through the lazy wrapper, which
            # every attribute read (a few hundred a page) went through.
            user.is_authenticated  # noqa: B018 (loads it)
            user = request.user = user._wrapped
        with history.acting_as(user):
            return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response that has none.

    Scripts and styles come from this site's own files only: no inline code, no CDN, so an
    injected ``<script>`` or ``style=""`` does not run. A view may set a stricter policy of
    its own (the file downloads send ``default-src 'none'``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NormaliseTextMiddleware:
    """Posted form fields in Unicode NFC, before any view or form reads them.

    The API's JSON gets the same through ``core.api.parsers.NFCJSONParser``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            posted = request.POST.copy()
            for key in posted:
                posted.setlist(key, text.nfc(posted.getlist(key)))
            posted._mutable = False
            request.POST = posted
        return self.get_response(request)
