"""Import of an action plan: upload and check, preview the matches, then confirm."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from xuctien.actions import importer
from xuctien.actions.forms import ImportForm
from xuctien.actions.models import Task
from xuctien.actions.views.base import TaskAccessMixin

SESSION_KEY = "actions_import"


class ImportAccessMixin(TaskAccessMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not Task.permits(request.user, "add", None):
            raise PermissionDenied(_("Only the programme secretariat imports action plans."))
        return super().dispatch(request, *args, **kwargs)


class ImportUploadView(ImportAccessMixin, View):
    """Upload a workbook; show its errors, or the matched rows for confirmation."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "actions/import_upload.html", {"form": ImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "actions/import_upload.html", {"form": form})
        upload = form.cleaned_data["file"]
        rows, errors = importer.parse_workbook(upload, form.cleaned_data["year"])
        if errors:
            context = {"form": form, "errors": errors, "rows": rows}
            return render(request, "actions/import_upload.html", context, status=400)
        token = uuid.uuid4().hex
        request.session[SESSION_KEY] = {
            "token": token,
            "rows": importer.rows_to_session(rows),
            "name": upload.name,
        }
        context = {"rows": rows, "token": token, "name": upload.name}
        return render(request, "actions/import_preview.html", context)


class ImportConfirmView(ImportAccessMixin, View):
    """Write the previewed plan, all or nothing."""

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(SESSION_KEY) or {}
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(request, _("This import expired. Upload the workbook again."))
            return HttpResponseRedirect(reverse("actions:import"))
        rows = importer.rows_from_session(pending["rows"])
        try:
            tasks = importer.commit(request.user, rows, source=pending.get("name", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("actions:import"))
        del request.session[SESSION_KEY]
        messages.success(request, _("%(count)d tasks were imported.") % {"count": len(tasks)})
        return HttpResponseRedirect(reverse("actions:task-list"))
