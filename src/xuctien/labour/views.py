"""The labour pages: needs, the gap with its drill-down and tasks, supply, jobs, workforce."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from xuctien.core.forms import form_status
from xuctien.core.models import Province
from xuctien.core.permissions import manages_programme
from xuctien.investments import access
from xuctien.labour import charts, importer, jobs, permissions, services
from xuctien.labour.filtersets import GapFilterSet, NeedFilterSet, SupplyFilterSet
from xuctien.labour.forms import GapTaskForm, NeedForm, SurveyImportForm
from xuctien.labour.indicators import measures
from xuctien.labour.models import (
    Channel,
    Institution,
    Need,
    Partnership,
    ProgrammeYear,
    SkillLevel,
)
from xuctien.models import StaleObjectError
from xuctien.portal.views.provinces import ProvincePortal


def current_province(user: Any = None, required: bool = True) -> Province | None:
    """The province these pages serve: the person's home province, else the first loaded
    (the public pages, and people with a national role)."""
    province = getattr(user, "province", None) if user is not None else None
    province = province or Province.objects.order_by("pk").first()
    if province is None and required:
        raise Http404
    return province


class GateMixin(LoginRequiredMixin):
    """Signed in, and allowed by the page's own rule."""

    def allowed(self, user: Any) -> bool:
        return permissions.reads_gaps(user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_needs(user: Any) -> QuerySet:
    return Need.objects.restrict(user, "view").select_related(
        "enterprise", "occupation", "zone", "project"
    )


#: Needs per page of their list.
NEEDS_PAGE = 50


class NeedListView(GateMixin, TemplateView):
    """The needs the person may see, filtered like the gap."""

    template_name = "labour/need_list.html"

    def allowed(self, user: Any) -> bool:
        return permissions.reads_gaps(user) or permissions.enters_needs(user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = NeedFilterSet(self.request.GET, queryset=visible_needs(user))
        page_obj = Paginator(filterset.qs, NEEDS_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            filterset=filterset,
            needs=page_obj,
            page_obj=page_obj,
            can_add=permissions.enters_needs(user),
            can_import=manages_programme(user) or permissions.is_officer(user),
        )
        return context


class NeedEditView(GateMixin, TemplateView):
    """Add or change a need: the enterprise on the portal, or an agency officer."""

    template_name = "labour/need_form.html"

    def allowed(self, user: Any) -> bool:
        return permissions.enters_needs(user)

    def get_need(self) -> Need:
        pk = self.kwargs.get("pk")
        if pk is None:
            channel = (
                Channel.PORTAL if permissions.company_ids(self.request.user) else Channel.OFFICER
            )
            return Need(province=current_province(self.request.user), channel=channel)
        return get_object_or_404(Need.objects.restrict(self.request.user, "change"), pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        need = kwargs.get("need") or self.get_need()
        context.setdefault("form", NeedForm(instance=need, user=self.request.user))
        context["need"] = need
        return context

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        need = self.get_need()
        form = NeedForm(request.POST, instance=need, user=request.user)
        if form.is_valid():
            try:
                services.save_need(request.user, form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            except StaleObjectError as error:
                form.add_stale_error(error.instance)
            else:
                messages.success(request, _("The need was saved."))
                return HttpResponseRedirect(reverse("labour:need-list"))
        context = self.get_context_data(form=form, need=need)
        return self.render_to_response(context, status=form_status(form))


class NeedImportView(GateMixin, TemplateView):
    """The yearly survey workbook: all rows or none, an error per bad row."""

    template_name = "labour/need_import.html"

    def allowed(self, user: Any) -> bool:
        return manages_programme(user) or permissions.is_officer(user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SurveyImportForm())
        context["headers"] = importer.HEADERS
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SurveyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        outcome = importer.import_survey(
            request.user, current_province(request.user), form.cleaned_data["file"]
        )
        if outcome.errors:
            context = self.get_context_data(form=form, errors=outcome.errors)
            return self.render_to_response(context, status=400)
        messages.success(request, _("%(n)d needs were imported.") % {"n": outcome.created})
        return HttpResponseRedirect(reverse("labour:need-list"))


def _gap_view(request: HttpRequest) -> tuple[Any, GapFilterSet]:
    filterset = GapFilterSet(request.GET, queryset=visible_needs(request.user))
    filters = filterset.form.cleaned_data if filterset.is_valid() else {}
    synthetic = filters.get("data") == "synthetic"
    view = services.load_gap(
        current_province(request.user, required=False), filterset.qs, filters, synthetic=synthetic
    )
    return view, filterset


class GapView(GateMixin, TemplateView):
    """Demand against staying graduates: table, heat map, assumptions, proposed tasks."""

    template_name = "labour/gaps.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        view, filterset = _gap_view(self.request)
        threshold = view.assumptions.threshold
        for cell in view.cells:
            cell.proposed = cell.proposes(threshold)
            cell.tasks = view.tasks.get(cell.key, [])
            cell.label = view.occupations.get(cell.occupation)
            cell.level_label = SkillLevel(cell.level).label
            cell.form = GapTaskForm(
                initial={"occupation": cell.occupation, "level": cell.level, "year": cell.year}
            )
        found = measures(current_province(self.request.user, required=False))
        context.update(
            filterset=filterset,
            view=view,
            query=self.request.GET.urlencode(),
            heatmap=charts.heatmap(view),
            can_act=manages_programme(self.request.user),
            measures=found,
            has_figures=any(m.figures for m in found),
        )
        return context


class GapCellView(GateMixin, TemplateView):
    """One cell's enterprises and institutions."""

    template_name = "labour/gap_cell.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        view, _filterset = _gap_view(self.request)
        try:
            year = int(self.request.GET.get("cell_year", ""))
        except ValueError as error:
            raise Http404 from error
        code, level = (
            self.request.GET.get("cell_occupation", ""),
            self.request.GET.get("cell_level", ""),
        )
        cell = services.find_cell(view, code, level, year)
        if cell is None:
            raise Http404
        context.update(
            cell=cell,
            occupation=view.occupations.get(code),
            level_label=SkillLevel(level).label,
            needs=services.needs_of(cell),
            programme_years=services.programmes_of(cell, year),
            view=view,
        )
        return context


class GapTaskView(GateMixin, View):
    """The secretariat turns a gap above the threshold into a task for the training agency."""

    def allowed(self, user: Any) -> bool:
        return manages_programme(user)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = GapTaskForm(request.POST)
        back = reverse("labour:gaps") + ("?" + request.GET.urlencode() if request.GET else "")
        if not form.is_valid():
            messages.error(request, _("The gap could not be read; reload the page."))
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        view, filterset = _gap_view(request)
        cell = services.find_cell(view, data["occupation"], data["level"], data["year"])
        if cell is None:
            messages.error(request, _("This gap is no longer there."))
            return HttpResponseRedirect(back)
        zone = filterset.form.cleaned_data.get("zone") if filterset.is_valid() else None
        synthetic = filterset.is_valid() and filterset.form.cleaned_data.get("data") == "synthetic"
        try:
            task = services.propose_task(
                request.user,
                current_province(request.user),
                cell,
                zone=zone,
                title_vi=data.get("title_vi") or "",
                working_days=data.get("working_days"),
                synthetic=synthetic,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back)
        messages.success(request, _("The task was added to the action programme."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[task.pk]))


def institutions_with_figures(filterset: SupplyFilterSet) -> list[Institution]:
    """The province's institutions, each with the programme years the filters keep."""
    province = current_province()
    years = filterset.qs.filter(programme__institution__province=province).select_related(
        "programme__occupation"
    )
    programmes: dict[int, list[ProgrammeYear]] = {}
    for row in years:
        programmes.setdefault(row.programme.institution_id, []).append(row)
    institutions = list(
        Institution.objects.filter(province=province).prefetch_related(
            Prefetch("partnerships", Partnership.objects.select_related("enterprise"))
        )
    )
    for institution in institutions:
        institution.rows = programmes.get(institution.pk, [])
    return institutions


class SupplyView(TemplateView):
    """Institutions, their programmes and yearly figures: public facts, unknown where unknown."""

    template_name = "labour/supply.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset = SupplyFilterSet(self.request.GET, queryset=ProgrammeYear.objects.all())
        if current_province(required=False) is None:
            context.update(filterset=filterset, institutions=[])
            return context
        context.update(filterset=filterset, institutions=institutions_with_figures(filterset))
        return context


#: Projects per page of the jobs page (its zones and sectors are summed over every project).
JOBS_PAGE = 50


class JobsView(GateMixin, TemplateView):
    """Jobs planned at the IRC against the workers reported, per project, zone and sector."""

    template_name = "labour/jobs.html"

    def allowed(self, user: Any) -> bool:
        return access.sees_all(user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from xuctien.investments.models import Project

        context = super().get_context_data(**kwargs)
        synthetic = self.request.GET.get("data") == "synthetic"
        projects = jobs.with_reported(
            Project.objects.restrict(self.request.user, "view").filter(
                irc_date__isnull=False, is_aggregate=False, is_synthetic=synthetic
            ),
            synthetic,
        )
        shown = projects.select_related("zone", "sector").order_by("name", "pk")
        page_obj = Paginator(shown, JOBS_PAGE).get_page(self.request.GET.get("page"))
        context.update(lines=jobs.lines(projects, page_obj), synthetic=synthetic, page_obj=page_obj)
        return context


class WorkforceView(ProvincePortal, TemplateView):
    """The portal's page for investors: labour force, trained share, institutions' output."""

    template_name = "labour/workforce.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from xuctien.labour.workforce import facts

        context = super().get_context_data(**kwargs)
        context.update(facts(self.province))
        return context
