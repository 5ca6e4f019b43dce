"""Declaring the project registry complete for a province and a year.

The registry's sum for a year (capital attracted, new jobs) is a lower bound: it knows some
projects, not necessarily all. The programme's managers may declare it complete for a year,
saying why; the sum is then the year's value. Everyone on the programme reads who declared
what, when and why, with each declaration's history.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.forms import form_status
from xuctien.investments import services
from xuctien.investments.forms import RegistryDeclarationEditForm, RegistryDeclarationForm
from xuctien.investments.models import RegistryDeclaration
from xuctien.investments.views.common import require, visible_or_404
from xuctien.models import StaleObjectError


def _page(request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
    declarations = (
        RegistryDeclaration.objects.restrict(request.user, "view")
        .select_related("province", "locality", "declared_by")
        .order_by("-year", "id")
    )
    context = {
        "declarations": declarations,
        "form": form,
        "may_declare": RegistryDeclaration.permits(request.user, "add", None),
    }
    return render(request, "investments/registry_declarations.html", context, status=status)


class RegistryDeclarationView(LoginRequiredMixin, View):
    """The declarations, read by the programme's people; a declaration by its managers."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request, "view", RegistryDeclaration)
        return _page(request, RegistryDeclarationForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request, "add", RegistryDeclaration)
        form = RegistryDeclarationForm(request.POST)
        if not form.is_valid():
            return _page(request, form, status=400)
        data = form.cleaned_data
        try:
            services.declare_registry_complete(
                request.user,
                data["year"],
                data["reason"],
                locality=data["locality"],
                province=data["province"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _page(request, form, status=400)
        messages.success(
            request,
            _("The registry is declared complete for %(year)s: its sum is now that year's value.")
            % {"year": data["year"]},
        )
        return redirect("investments:registry-declarations")


class RegistryDeclarationEditView(LoginRequiredMixin, View):
    """Change a declaration's reason, or withdraw it."""

    template_name = "investments/registry_declaration_edit.html"

    def _declaration(self, request: HttpRequest, pk: int) -> RegistryDeclaration:
        declaration = visible_or_404(RegistryDeclaration.objects, request, pk=pk)
        require(request, "change", declaration)
        return declaration

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        declaration = self._declaration(request, pk)
        return self._render(request, declaration, RegistryDeclarationEditForm(instance=declaration))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        declaration = self._declaration(request, pk)
        form = RegistryDeclarationEditForm(
            request.POST, instance=RegistryDeclaration.objects.get(pk=pk)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_registry_declaration(
                    request.user,
                    declaration,
                    reason=data["reason"],
                    is_withdrawn=data["is_withdrawn"],
                    expected_version=data["version"],
                )
                return redirect("investments:registry-declarations")
            except StaleObjectError:
                form.add_stale_error(declaration)
            except ValidationError as error:
                form.add_error(None, error)
        return self._render(request, declaration, form, status=form_status(form, invalid=400))

    def _render(
        self, request: HttpRequest, declaration: RegistryDeclaration, form: Any, status: int = 200
    ) -> HttpResponse:
        context = {
            "declaration": declaration,
            "form": form,
            "history": declaration.history()[:50],
        }
        return render(request, self.template_name, context, status=status)
