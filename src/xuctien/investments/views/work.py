"""Pages that change the pipeline: edit a project, add capital, record an interaction,
and each person's own list of next steps."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.forms import form_status
from xuctien.investments import services
from xuctien.investments.forms import CapitalEventForm, InteractionForm, ProjectEditForm
from xuctien.investments.models import Interaction, Investor, Project
from xuctien.investments.views.common import require, visible_or_404
from xuctien.models import StaleObjectError


class ProjectUpdateView(LoginRequiredMixin, View):
    """Edit a project's facts with the form the Excel import also validates rows with."""

    template_name = "investments/project_edit.html"

    def _project(self, request: HttpRequest, pk: int) -> Project:
        project = visible_or_404(Project.objects, request, pk=pk)
        require(request, "change", project)
        return project

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self._project(request, pk)
        return self._render(request, project, ProjectEditForm(instance=project))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self._project(request, pk)
        form = ProjectEditForm(request.POST, instance=Project.objects.get(pk=pk))
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.update_project(request.user, project, expected_version=version, **data)
                return redirect("investments:project-detail", pk=pk)
            except StaleObjectError:
                form.add_stale_error(project)
        return self._render(request, project, form, status=form_status(form, invalid=400))

    def _render(self, request, project, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
        context = {"project": project, "form": form}
        return render(request, self.template_name, context, status=status)


class CapitalEventCreateView(LoginRequiredMixin, View):
    """Record capital on a project; the service converts and keeps the rate."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = visible_or_404(Project.objects, request, pk=pk)
        require(request, "change", project)
        return self._render(request, project, CapitalEventForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = visible_or_404(Project.objects, request, pk=pk)
        require(request, "change", project)
        form = CapitalEventForm(request.POST)
        if not form.is_valid():
            return self._render(request, project, form)
        services.add_capital_event(request.user, project, **form.cleaned_data)
        return redirect("investments:project-detail", pk=pk)

    def _render(self, request: HttpRequest, project: Project, form: Any) -> HttpResponse:
        context = {"form": form, "project": project, "title": _("Record capital")}
        return render(request, "investments/simple_form.html", context)


class InteractionCreateView(LoginRequiredMixin, View):
    """Record a meeting, call or visit with an investor, and the next step."""

    def _form(self, request: HttpRequest, investor: Investor, data: Any = None) -> Any:
        form = InteractionForm(data, initial={"date": timezone.localdate()})
        projects = investor.projects.restrict(request.user, "change")
        form.fields["project"].queryset = projects
        form.fields["contacts"].queryset = investor.contacts.restrict(request.user, "view")
        return form

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        investor = visible_or_404(Investor.objects, request, pk=pk)
        require(request, "add", Interaction)
        return self._render(request, investor, self._form(request, investor))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        investor = visible_or_404(Investor.objects, request, pk=pk)
        require(request, "add", Interaction)
        form = self._form(request, investor, request.POST)
        if not form.is_valid():
            return self._render(request, investor, form)
        services.record_interaction(request.user, investor=investor, **form.cleaned_data)
        return redirect("investments:investor-detail", pk=pk)

    def _render(self, request: HttpRequest, investor: Investor, form: Any) -> HttpResponse:
        context = {"form": form, "investor": investor, "title": _("Record an interaction")}
        return render(request, "investments/simple_form.html", context)


class NextStepsView(LoginRequiredMixin, View):
    """The next steps the user owns, soonest first; each can be marked done."""

    def get(self, request: HttpRequest) -> HttpResponse:
        steps = (
            Interaction.objects.filter(next_step_owner=request.user, next_step_done=False)
            .exclude(next_step="")
            .select_related("investor", "project")
            .order_by("next_step_due", "date")
        )
        context = {"steps": steps, "today": timezone.localdate()}
        return render(request, "investments/next_steps.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        interaction = visible_or_404(Interaction.objects, request, pk=request.POST.get("pk"))
        services.complete_next_step(request.user, interaction)
        return redirect("investments:next-steps")
