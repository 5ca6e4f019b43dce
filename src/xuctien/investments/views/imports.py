"""The import page: upload a register, see what it would do, then confirm."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.spreadsheets import SpreadsheetError
from xuctien.investments import access, register_import
from xuctien.investments.forms import ImportForm

UPLOADS = "imports"


def _upload_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOADS / f"{uuid.UUID(token).hex}.xlsx"


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
        token = uuid.uuid4().hex
        path = _upload_path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(form.cleaned_data["file"].read())
        plan = self._read(path)
        context = {"form": ImportForm(), "plan": plan, "token": token if plan.ok else ""}
        if not plan.ok:
            path.unlink(missing_ok=True)
        return render(request, self.template_name, context)

    def _read(self, path: Path) -> register_import.ImportPlan:
        try:
            return register_import.read(path)
        except SpreadsheetError as error:
            plan = register_import.ImportPlan()
            plan.errors.append(register_import.RowError(1, "—", str(error)))
            return plan

    def _confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            path = _upload_path(token)
        except ValueError:
            return redirect("investments:import")
        if not path.exists():
            messages.error(request, _("The upload has expired; upload the file again."))
            return redirect("investments:import")
        plan = self._read(path)
        if plan.ok:
            result = register_import.apply(plan, request.user)
            messages.success(
                request,
                _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.")
                % {"c": result.created, "u": result.updated, "n": result.unchanged},
            )
        path.unlink(missing_ok=True)
        return redirect("investments:project-list")
