"""Lead routing rules: who takes a new lead from the portal, by sector and country."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.investments import routing
from xuctien.investments.forms import LeadRouteForm
from xuctien.investments.models import LeadRoute
from xuctien.investments.views.common import require


def _page(request: HttpRequest, form: LeadRouteForm) -> HttpResponse:
    context = {
        "routes": LeadRoute.objects.select_related("owner"),
        "form": form,
        "may_change": LeadRoute.permits(request.user, "change", None),
    }
    return render(request, "investments/lead_routes.html", context)


class LeadRouteView(LoginRequiredMixin, View):
    """The rules, read by the pipeline's people; a rule added by those who work it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request, "view", LeadRoute)
        return _page(request, LeadRouteForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request, "change", LeadRoute)
        form = LeadRouteForm(request.POST)
        if not form.is_valid():
            return _page(request, form)
        try:
            routing.save_route(request.user, form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
            return _page(request, form)
        messages.success(request, _("The routing rule was saved."))
        return redirect("investments:lead-routes")


class LeadRouteDeleteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        route = get_object_or_404(LeadRoute, pk=pk)
        require(request, "delete", route)
        routing.delete_route(request.user, route)
        messages.success(request, _("The routing rule was removed."))
        return redirect("investments:lead-routes")
