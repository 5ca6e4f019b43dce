"""The import page: upload a register, see what it would do, then confirm.

The steps of ``xuctien.importing``: the upload is staged, bound to the session and the
user; every row is checked and previewed; nothing is written before the confirmation,
and then every row or none.
"""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.spreadsheets import SpreadsheetError
from xuctien.importing import Staging
from xuctien.investments import access, register_import
from xuctien.investments.forms import ImportForm

KIND = "projects"


class ImportView(LoginRequiredMixin, View):
    """Upload → preview (every error, or every row's effect) → confirm; nothing before."""

    template_name = "investments/import.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Only those who write the whole pipeline import registers."""
        if request.user.is_authenticated and not access.writes_all(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        if "token" in request.POST:
            return self._confirm(request, request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        staging = Staging(request, KIND)
        token = staging.stage(form.cleaned_data["file"])
        plan = self._read(staging.get()["path"])
        context = {"form": ImportForm(), "plan": plan, "token": token if plan.ok else ""}
        if not plan.ok:
            staging.discard()
        return render(request, self.template_name, context)

    def _read(self, path: Path) -> register_import.ImportPlan:
        try:
            return register_import.read(path)
        except SpreadsheetError as error:
            plan = register_import.ImportPlan()
            plan.errors.append(register_import.RowError(1, "—", str(error)))
            return plan

    def _confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        staging = Staging(request, KIND)
        staged = staging.get(token)
        if staged is None:
            messages.error(request, _("The upload has expired; upload the file again."))
            return redirect("investments:import")
        plan = self._read(staged["path"])
        if plan.ok:
            result = register_import.apply(plan, request.user)
            messages.success(
                request,
                _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.")
                % {"c": result.created, "u": result.updated, "n": result.unchanged},
            )
        staging.discard()
        return redirect("investments:project-list")
