"""Project and investor pages: the filtered list and its Excel export, a project, an investor."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from xuctien.core.exports import wants_export, xlsx_response
from xuctien.investments import access, counting, exports, services
from xuctien.investments.aggregates import cached_listed, counted_investors
from xuctien.investments.charts import capital_chart
from xuctien.investments.filtersets import (
    InvestorFilterSet,
    filtered_projects,
    searched,
    unfiltered,
)
from xuctien.investments.forms import NewProjectForm
from xuctien.investments.models import Interaction, Investor, Project
from xuctien.investments.rows import ROW_FIELDS, investor_rows
from xuctien.investments.views.common import is_htmx, require, visible_or_404

PAGE_SIZE = 50


class ProjectListView(View):
    """Projects the user may see, filtered; public projects for everyone."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = filtered_projects(request)
        projects = filterset.qs
        cached = cached_listed(request.user) if unfiltered(filterset) else None
        few = counting.few_listed(projects) if not cached and searched(filterset) else None
        if cached:
            listed, counted = cached
        elif few:  # a search's matches read once: counted here, the page read by their ids
            ids, listed, counted = few
            projects = projects.filter(pk__in=ids)
        else:
            listed, counted = counting.listed_and_counted(projects)
        paginator = Paginator(rows_of(projects).order_by("-irc_date", "name"), PAGE_SIZE)
        paginator.count = listed  # counted with the pipeline's (one scan) or cached
        page = paginator.get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "projects": page.object_list,
            "counted": counted,
            "may_add": Project.permits(request.user, "add", None) and request.user.is_authenticated,
            "may_import": access.writes_all(request.user),
            "waiting_for_rate": services.amounts_waiting_for_rate(request.user),
        }
        template = "investments/partials/project_table.html" if is_htmx(request) else None
        return render(request, template or "investments/project_list.html", context)


def rows_of(projects: QuerySet) -> QuerySet:
    """``projects`` with only what the list's rows show read (``rows.ROW_FIELDS``): no
    owner, none of the other columns, the investors' names alone."""
    investors = Prefetch("investors", queryset=Investor.objects.only("pk", "name"))
    return (
        projects.select_related(None)
        .select_related("sector", "zone")
        .only(*(field for field in ROW_FIELDS if field != "pk"))
        .prefetch_related(None)
        .prefetch_related(investors)
    )


class ProjectExportView(View):
    """The same filtered list as an Excel workbook (public columns for the public)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = filtered_projects(request).qs.order_by("-irc_date", "name")
        return exports.projects_response(projects, request.user)


class ProjectDetailView(View):
    """One project: public facts for all; stage history, people, notes for those allowed."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = Project.objects.select_related("sector", "zone", "locality", "owner")
        project = visible_or_404(queryset, request, pk=pk)
        confidential = project.sees_confidential(request.user)
        events = (
            project.capital_events.restrict(request.user, "view")
            .select_related("exchange_rate")
            .order_by("date", "id")
        )
        context: dict[str, Any] = {
            "project": project,
            "confidential": confidential,
            "events": events,
            "investors": project.investors.restrict(request.user, "view"),
            "capital_chart": capital_chart(events),
            "may_change": Project.permits(request.user, "change", project),
        }
        if confidential:
            context.update(_confidential_context(request, project))
        return render(request, "investments/project_detail.html", context)


def _confidential_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    user = request.user
    return {
        "stage_changes": project.stage_changes.select_related("by"),
        "interactions": project.interactions.restrict(user, "view").select_related(
            "next_step_owner", "event"
        ),
        "commitments": project.commitments.all(),
        "history": project.history()[:50],
    }


class ProjectCreateView(LoginRequiredMixin, View):
    """Register a new project (a lead, usually) through ``services.register_project``."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request, "add", Project)
        return render(request, "investments/project_form.html", {"form": NewProjectForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request, "add", Project)
        form = NewProjectForm(request.POST)
        if not form.is_valid():
            return render(request, "investments/project_form.html", {"form": form})
        data = dict(form.cleaned_data)
        project = services.register_project(
            request.user,
            name=data.pop("name"),
            investors=data.pop("investors"),
            priority_groups=data.pop("priority_groups"),
            stage=data.pop("stage"),
            **data,
        )
        return redirect("investments:project-detail", pk=project.pk)


class InvestorListView(View):
    """Investors the user may see, searched and filtered as the API does; Excel on request."""

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = Investor.objects.restrict(request.user, "view").order_by("name")
        filterset = InvestorFilterSet(request.GET or None, queryset=visible)
        if wants_export(request):
            return xlsx_response("investors", [exports.investor_sheet(filterset.qs)])
        investors = counted_investors(filterset.qs, request.user, filterset)
        page = Paginator(investors, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "investors": page,
            "investor_rows": investor_rows(page),
        }
        return render(request, "investments/investor_list.html", context)


class InvestorDetailView(View):
    """An investor's projects, and for those allowed its contacts and timeline."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        investor = visible_or_404(Investor.objects, request, pk=pk)
        user = request.user
        context = {
            "investor": investor,
            "projects": investor.projects.restrict(user, "view").select_related("sector", "zone"),
            "contacts": investor.contacts.restrict(user, "view"),
            "timeline": _timeline(investor, user),
            "may_record": user.is_authenticated and Interaction.permits(user, "add", None),
            # The history shows earlier values of every field: the pipeline's people only.
            "history": investor.history()[:50] if access.sees_all(user) else None,
        }
        return render(request, "investments/investor_detail.html", context)


def _timeline(investor: Investor, user: Any) -> list[tuple[Any, str, Any]]:
    """Interactions and promotion events, newest first: (date, kind, record)."""
    items = [
        (i.date, "interaction", i)
        for i in investor.interactions.restrict(user, "view").select_related("project")
    ]
    items += [(e.start_date, "event", e) for e in investor.events.restrict(user, "view")]
    return sorted(items, key=lambda item: item[0], reverse=True)
