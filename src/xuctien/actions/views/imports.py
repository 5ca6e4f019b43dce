"""Import of an action plan: upload, preview and answer the questions, then confirm.

The steps of ``xuctien.importing``: the upload is staged (bound to the session and the
user), every row previewed with its action, names the import cannot resolve asked, and
nothing written until the user confirms a preview without errors or open questions.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from xuctien.actions import importer
from xuctien.actions.forms import AnswersForm, ImportForm
from xuctien.actions.models import Task
from xuctien.actions.views.base import TaskAccessMixin
from xuctien.importing import Staging
from xuctien.programmes.models import Programme

KIND = "action-plan"


class ImportAccessMixin(TaskAccessMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not Task.permits(request.user, "add", None):
            raise PermissionDenied(_("Only the programme secretariat imports action plans."))
        return super().dispatch(request, *args, **kwargs)


class ImportUploadView(ImportAccessMixin, View):
    """Upload an annex; it waits, staged, for the preview."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "actions/import_upload.html", {"form": ImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "actions/import_upload.html", {"form": form}, status=400)
        data = form.cleaned_data
        staging = Staging(request, KIND)
        programme = data["programme"].pk if data["programme"] else None
        staging.stage(
            data["file"], year=data["year"], plan=data["plan"], programme=programme, answers={}
        )
        result = _preview(staging.get())
        if result.problems:  # the file itself is refused: say so on the upload page
            staging.discard()
            context = {"form": form, "errors": result.problems}
            return render(request, "actions/import_upload.html", context, status=400)
        return HttpResponseRedirect(reverse("actions:import-confirm"))


def _preview(staged: dict[str, Any]) -> importer.PlanPreview:
    extra = staged["extra"]
    return importer.preview(
        staged["path"],
        extra["year"],
        extra["plan"],
        extra.get("answers") or {},
        programme=_programme(extra),
    )


def _programme(extra: dict[str, Any]) -> Programme | None:
    return Programme.objects.filter(pk=extra.get("programme")).first()


class ImportConfirmView(ImportAccessMixin, View):
    """The preview: each row's action, the questions, then confirm (all or nothing)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        staged = Staging(request, KIND).get()
        if staged is None:
            return self.expired()
        result = _preview(staged)
        return self.show(staged, result, AnswersForm(questions=result.questions.values()))

    def post(self, request: HttpRequest) -> HttpResponse:
        staging = Staging(request, KIND)
        staged = staging.get(request.POST.get("token"))
        if staged is None:
            return self.expired()
        if request.POST.get("action") == "cancel":
            staging.discard()
            messages.info(request, _("Import cancelled; nothing was written."))
            return HttpResponseRedirect(reverse("actions:import"))
        result = _preview(staged)
        if request.POST.get("action") == "answer":
            return self.answer(staging, staged, result)
        if not result.ok:
            form = AnswersForm(questions=result.questions.values())
            return self.show(staged, result, form, status=400)
        try:
            counts = importer.commit(
                request.user, result, staged["extra"]["plan"], programme=_programme(staged["extra"])
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("actions:import-confirm"))
        staging.discard()
        messages.success(
            request,
            _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.")
            % {"c": counts["create"], "u": counts["update"], "n": counts["unchanged"]},
        )
        return HttpResponseRedirect(reverse("actions:task-list"))

    def answer(self, staging: Staging, staged: dict, result: importer.PlanPreview) -> HttpResponse:
        form = AnswersForm(self.request.POST, questions=result.questions.values())
        if not form.is_valid():
            return self.show(staged, result, form, status=400)
        answers = {**(staged["extra"].get("answers") or {}), **form.answers()}
        staging.update(answers=answers)
        if form.cleaned_data.get("remember"):
            for question in result.questions.values():
                question.answer = answers.get(question.key, "")
            province = importer.current_province()
            if province is not None:
                importer.remember(province, result.questions, self.request.user)
        return HttpResponseRedirect(reverse("actions:import-confirm"))

    def show(self, staged: dict, result: Any, form: AnswersForm, status: int = 200):
        context = {
            "result": result,
            "rows": [r for r in result.rows if r.action != "skipped"],
            "skipped": [r for r in result.rows if r.action == "skipped"],
            "form": form,
            "token": staged["token"],
            "name": staged["name"],
            "plan": staged["extra"]["plan"],
        }
        return render(self.request, "actions/import_preview.html", context, status=status)

    def expired(self) -> HttpResponse:
        messages.error(self.request, _("This import expired. Upload the file again."))
        return HttpResponseRedirect(reverse("actions:import"))
