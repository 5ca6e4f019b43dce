"""Task list, detail, and the secretariat's (or lead agency's) task form."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from xuctien.actions import counts, permissions, services
from xuctien.actions.filtersets import TaskFilterSet, filters_nothing
from xuctien.actions.forms import CommentForm, TaskForm
from xuctien.actions.models import Occurrence, ProgressReport, Task
from xuctien.actions.scorecard import reading_provinces
from xuctien.actions.views.base import TaskAccessMixin, add_errors
from xuctien.core import aggregates
from xuctien.core.exports import ExportMixin, Sheet
from xuctien.core.forms import form_status

#: The phrase the import reads back for a recurring task typed in without one.
_PHRASES = {
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "half_yearly": "6 tháng",
    "yearly": "Hằng năm",
    "ongoing": "Thường xuyên",
}


def timing_as_written(task: Task) -> str:
    """The task's timing as the plan wrote it, or as the import would read it back."""
    if task.deadline_as_published:
        return task.deadline_as_published
    if task.recurrence in _PHRASES:
        return _PHRASES[task.recurrence]
    return f"{task.deadline:%d/%m/%Y}" if task.deadline else ""


#: The filters the page shows (the API takes every one).
SHOWN_FILTERS = [
    *("q", "lead_agency", "status", "solution_group"),
    *("due_after", "due_before", "outcome"),
]


#: What a row of the list reads (``rows.task_rows``): a page reads no more of its tasks.
ROW_FIELDS = (
    *("title_vi", "title_en", "is_reference", "is_synthetic", "deadline"),
    *("deadline_as_published", "recurrence", "percent", "status"),
    *("group", "group__number", "group__name_vi", "group__name_en"),
    *("lead_agency", "lead_agency__name_vi", "lead_agency__name_en"),
)


class TaskListView(TaskAccessMixin, ExportMixin, ListView):
    template_name = "actions/task_list.html"
    paginate_by = 50
    export_name = "tasks"

    def export_sheets(self) -> list[Sheet]:
        """Every task the filters select (not one page), in the columns the import reads.

        The names and timing stay as the plan wrote them (Vietnamese), so the file imports
        again as the same plan: every row unchanged.
        """
        headers = [
            _("No."),
            _("Task group"),
            _("Task (Vietnamese)"),
            _("Lead agency"),
            _("Coordinating agencies"),
            _("Deadline as published"),
            _("Expected output"),
            _("Recurrence"),
            _("Done (%)"),
            _("Status"),
        ]
        queryset = self.get_queryset().prefetch_related("coordinating_agencies")
        rows = (
            [
                task.plan_number,
                f"{task.group.number}. {task.group.name_vi}" if task.group else "",
                task.title_vi,
                task.lead_agency.name_vi,
                "; ".join(
                    [a.name_vi for a in task.coordinating_agencies.all()]
                    + ([task.coordinating_note] if task.coordinating_note else [])
                ),
                timing_as_written(task),
                task.expected_output,
                task.get_recurrence_display(),
                task.percent,
                task.get_status_display(),
            ]
            for task in queryset
        )
        return [Sheet(_("Tasks"), headers, rows)]

    def get_queryset(self) -> QuerySet:
        queryset = Task.objects.restrict(self.request.user, "view").select_related(
            "lead_agency", "group"
        )
        self.filterset = TaskFilterSet(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        return self.filterset.qs if self.filterset.is_bound else queryset

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> Any:
        rows = queryset.only(*ROW_FIELDS)
        if filters_nothing(self.filterset):
            # A reader of tasks reads every task of their provinces: the count is theirs,
            # cached (decision 0036; counting the nation's 50,000 tasks took ~15 ms).
            provinces = reading_provinces(self.request.user)
            rows = aggregates.counted(rows, counts.tasks(provinces))
        return super().paginate_queryset(rows, page_size)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        # A list, not a string: "agency" and "group" are in "lead_agency", "solution_group".
        context["shown_filters"] = SHOWN_FILTERS
        context["can_add"] = Task.permits(self.request.user, "add", None)
        return context


class TaskDetailView(TaskAccessMixin, DetailView):
    template_name = "actions/task_detail.html"
    context_object_name = "task"

    def get_queryset(self) -> QuerySet:
        reports = ProgressReport.objects.select_related("author", "agency").prefetch_related(
            "attachments"
        )
        occurrences = Occurrence.objects.prefetch_related(Prefetch("reports", queryset=reports))
        return (
            Task.objects.restrict(self.request.user, "view")
            .select_related("lead_agency", "programme", "breakthrough", "group")
            .prefetch_related(
                "coordinating_agencies", Prefetch("occurrences", queryset=occurrences)
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, task = self.request.user, self.object
        context.update(
            can_change=Task.permits(user, "change", task),
            can_report=Task.permits(user, permissions.REPORT, task) and task.status != "cancelled",
            can_comment=Task.permits(user, permissions.COMMENT, task),
            comments=task.comments.select_related("author", "agency"),
            comment_form=CommentForm(),
            history=task.history()[:50],
        )
        return context


class TaskCreateView(TaskAccessMixin, CreateView):
    template_name = "actions/task_form.html"
    form_class = TaskForm

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.is_authenticated and not Task.permits(request.user, "add", None):
            raise PermissionDenied(_("Only the programme secretariat assigns tasks."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: TaskForm) -> HttpResponse:
        try:
            task = services.create_task(
                self.request.user, form.instance, form.cleaned_data["coordinating_agencies"]
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The task was added."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[task.pk]))


class TaskUpdateView(TaskAccessMixin, UpdateView):
    template_name = "actions/task_form.html"
    form_class = TaskForm
    context_object_name = "task"

    def get_object(self, queryset: QuerySet | None = None) -> Task:
        task = get_object_or_404(
            Task.objects.restrict(self.request.user, "view"), pk=self.kwargs["pk"]
        )
        if not Task.permits(self.request.user, "change", task):
            raise PermissionDenied(_("You may not edit this task."))
        return task

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_invalid(self, form: TaskForm) -> HttpResponse:
        current = Task.objects.get(pk=form.instance.pk) if form.is_stale else None
        context = self.get_context_data(form=form, current=current)
        return self.render_to_response(context, status=form_status(form))

    def form_valid(self, form: TaskForm) -> HttpResponse:
        coordinating = form.cleaned_data.get("coordinating_agencies")
        try:
            services.update_task(
                self.request.user, form.instance, form.cleaned_data.get("version"), coordinating
            )
        except services.EditConflict as conflict:
            form.add_stale_error(conflict.current, conflict.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The task was saved."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[form.instance.pk]))
