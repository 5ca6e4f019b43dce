"""Reporting progress on an occurrence, and commenting on a task."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView

from xuctien.actions import permissions, services
from xuctien.actions.forms import CommentForm, ReportForm
from xuctien.actions.models import Occurrence, Task
from xuctien.actions.views.base import TaskAccessMixin, add_errors
from xuctien.core.forms import form_status

REPORT_REFUSED = _lazy(
    "Only the lead agency, the secretariat and administrators report on this task."
)


class ReportView(TaskAccessMixin, FormView):
    """The lead agency's (or the secretariat's) progress report on one occurrence."""

    template_name = "actions/report_form.html"
    form_class = ReportForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            visible = Occurrence.objects.restrict(request.user, "view").select_related("task")
            self.occurrence = get_object_or_404(visible, pk=kwargs["pk"])
            if not Task.permits(request.user, permissions.REPORT, self.occurrence.task):
                raise PermissionDenied(REPORT_REFUSED)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"percent": self.occurrence.percent}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "record": self.occurrence}

    def form_invalid(self, form: ReportForm) -> HttpResponse:
        current = Occurrence.objects.get(pk=self.occurrence.pk) if form.is_stale else None
        context = self.get_context_data(form=form, current=current)
        return self.render_to_response(context, status=form_status(form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["occurrence"] = kwargs.get("current") or self.occurrence
        context["task"] = self.occurrence.task
        context["last_report"] = context["occurrence"].reports.select_related("author").first()
        return context

    def form_valid(self, form: ReportForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.report_progress(
                self.request.user,
                self.occurrence,
                text=data["text"],
                percent=data["percent"],
                reported_on=data["reported_on"],
                version=data.get("version"),
                files=data.get("files") or [],
            )
        except services.EditConflict as conflict:
            form.add_stale_error(conflict.current, conflict.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your progress report was saved."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[self.occurrence.task_id]))


class CommentView(TaskAccessMixin, View):
    """A comment on a task by its lead or a coordinating agency, or the secretariat (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = get_object_or_404(Task.objects.restrict(request.user, "view"), pk=pk)
        if not Task.permits(request.user, permissions.COMMENT, task):
            raise PermissionDenied(
                _("Only the agencies of this task and the secretariat comment on it.")
            )
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.add_comment(request.user, task, form.cleaned_data["text"])
                messages.success(request, _("Your comment was added."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Write a comment."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[task.pk]) + "#comments")
