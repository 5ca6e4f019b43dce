"""Pages of the core app: home, language choice, and the zones and agencies reference lists."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from xuctien.core import home
from xuctien.core.forms import AgencyFilterForm, LanguageForm, SearchFilterForm
from xuctien.core.middleware import remember_language
from xuctien.core.models import Agency, Zone


class HomeView(TemplateView):
    """The intro for visitors; for a signed-in user, their own work (see ``core.home``)."""

    template_name = "core/home.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        landing = home.landing_url_name(request.user)
        if landing:
            return redirect(landing)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        user = self.request.user
        panels = home.panels(user, timezone.localdate()) if user.is_authenticated else []
        return super().get_context_data(panels=panels, **kwargs)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """No icon, said once a day: pages declare an empty one (``data:,``), but a browser
    opening a fragment on its own (the forecast panel) or a bot asks for /favicon.ico,
    which was a 404 in the console and the log."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and go back to the page it was chosen on."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(_safe_next(request))
    if form.is_valid():
        remember_language(response, form.cleaned_data["language"])
    return response


def _safe_next(request: HttpRequest) -> str:
    """The page to return to: ``next``, else the referrer, if on this site; else home."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return _without_lang(candidate)
    return reverse("home")


def _without_lang(url: str) -> str:
    """Drop ``?lang=`` so the address does not override the language just chosen."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode(query)))


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out (POST only) and say so on the next page."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


class FilteredListView(ListView):
    """A list narrowed by a GET filter form, shown above the list."""

    filter_form_class: type[SearchFilterForm]

    def get_queryset(self) -> QuerySet:
        self.filter_form = self.filter_form_class(self.request.GET or None)
        queryset = super().get_queryset().restrict(self.request.user, "view")
        return self.filter_form.filter(queryset)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ZoneListView(ListView):
    """Economic zones, industrial parks and clusters, grouped by kind; filtered by the
    filterset the zones API shares (``sites.filtersets``). A hundred a page: the nation has
    thousands."""

    template_name = "core/zone_list.html"
    paginate_by = 100

    def get_queryset(self) -> QuerySet:
        from xuctien.sites.filtersets import ZoneFilterSet

        zones = Zone.objects.select_related("locality", "parent").restrict(
            self.request.user, "view"
        )
        self.filterset = ZoneFilterSet(self.request.GET or None, queryset=zones)
        found = self.filterset.qs if self.filterset.is_bound else zones
        return found.order_by("kind", "name_vi", "pk")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(filter_form=self.filterset.form, **kwargs)
        context["groups"] = _group_by_kind(context["object_list"])
        return context


def _group_by_kind(zones: QuerySet) -> list[tuple[str, str, list[Zone]]]:
    """(kind, label, zones) in the order economic zone, park, cluster; empty kinds left out."""
    groups: dict[str, list[Zone]] = {kind: [] for kind in Zone.Kind.values}
    for zone in zones:
        groups.setdefault(zone.kind, []).append(zone)
    labels = dict(Zone.Kind.choices)
    return [(kind, labels.get(kind, kind), rows) for kind, rows in groups.items() if rows]


class ZoneDetailView(DetailView):
    """One zone's facts, the parks inside it, its sources and, for staff, its history."""

    queryset = Zone.objects.select_related("locality", "parent")
    slug_field = slug_url_kwarg = "code"
    template_name = "core/zone_detail.html"
    context_object_name = "zone"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(self.request.user, "view")

    def get_object(self, queryset: QuerySet | None = None) -> Zone:
        """Codes are unique per province: the first province's zone of that code."""
        queryset = queryset if queryset is not None else self.get_queryset()
        zone = queryset.filter(code=self.kwargs["code"]).order_by("pk").first()
        if zone is None:
            raise Http404
        return zone

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.children.select_related("locality")
        if self.request.user.is_authenticated:
            context["history"] = self.object.history()
        return context


class AgencyListView(FilteredListView):
    """The bodies that carry the programme's work, with their role and successors."""

    queryset = Agency.objects.select_related("locality", "successor")
    filter_form_class = AgencyFilterForm
    template_name = "core/agency_list.html"
    context_object_name = "agencies"
    paginate_by = 100
