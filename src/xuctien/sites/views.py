"""The sites app's pages: the site finder, a zone's report (page and Excel), the reviews."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from xuctien.core.exports import wants_export, xlsx_response
from xuctien.core.models import Zone
from xuctien.investments.models import Project
from xuctien.sites import facts as site_facts
from xuctien.sites import permissions, services, sheets
from xuctien.sites.forms import (
    ChooseSiteForm,
    ImportForm,
    NeedsForm,
    ReportForm,
    ReviewForm,
    plot_formset,
)
from xuctien.sites.maps import map_context
from xuctien.sites.models import SiteReport, State


def finder_context(
    request: HttpRequest, initial: dict[str, Any] | None = None, province: Any = None
) -> dict[str, Any]:
    """The needs form and, once needs are stated, the ranked sites with the map."""
    bound = any(key in request.GET for key in NeedsForm.base_fields)
    form = NeedsForm(request.GET if bound else None, initial=initial or {})
    context: dict[str, Any] = {"form": form, "matches": None}
    if bound and form.is_valid():
        matches, found = services.match(form.needs(), province)
        context["matches"] = matches
        context["query"] = request.GET.urlencode()
        context.update(map_context([found[m.site.zone_id] for m in matches], matches=matches))
    return context


class FinderView(LoginRequiredMixin, TemplateView):
    """Staff's site finder; from a pipeline project, its needs start from the project."""

    template_name = "sites/finder.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        initial, project = {}, None
        if self.request.GET.get("project"):
            project = (
                Project.objects.restrict(self.request.user, "view")
                .filter(pk=self.request.GET["project"])
                .select_related("sector")
                .first()
                if self.request.GET["project"].isdigit()
                else None
            )
            if project is not None:
                initial = {
                    "land_min_ha": project.land_ha,
                    "sector": project.sector,
                    "workforce": project.jobs_planned,
                }
        context = finder_context(self.request, initial)
        context["may_choose"] = project is not None and Project.permits(
            self.request.user, "change", project
        )
        return super().get_context_data(project=project, **context, **kwargs)


class ChooseSiteView(LoginRequiredMixin, View):
    """ "Choose this site for the project": sets the pipeline project's zone (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ChooseSiteForm(request.POST)
        if not form.is_valid():
            raise Http404
        project = (
            Project.objects.restrict(request.user, "view")
            .filter(pk=form.cleaned_data["project"])
            .first()
        )
        zone = Zone.objects.filter(code=form.cleaned_data["zone"]).first()
        if project is None or zone is None:
            raise Http404
        try:
            services.choose_site(request.user, project, zone)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("sites:finder") + f"?project={project.pk}")
        messages.success(
            request,
            _("%(zone)s is now the site of this project.") % {"zone": zone.name},
        )
        return HttpResponseRedirect(reverse("investments:project-detail", args=[project.pk]))


class ZoneReportView(LoginRequiredMixin, View):
    """A zone's open report: the form, its Excel sheet out and back in, and "submit"."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.zone = get_object_or_404(Zone.objects.select_related("parent"), code=kwargs["code"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not permissions.writes_zone(request.user, self.zone):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = services.open_report(self.zone)
        if wants_export(request):
            current = site_facts.facts_of(self.zone)
            return xlsx_response(f"site-{self.zone.code}", sheets.export_sheets(report, current))
        form = ReportForm(instance=report or SiteReport(zone=self.zone))
        return self.render(form, report)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = services.open_report(self.zone)
        if "import" in request.POST:
            return self.import_sheet(report)
        form = ReportForm(request.POST, instance=report or SiteReport(zone=self.zone))
        # A post without the plot rows (an older page, a script) leaves the plots alone.
        plots = plot_formset(report, request.POST) if "plots-TOTAL_FORMS" in request.POST else None
        if not form.is_valid() or (plots is not None and not plots.is_valid()):
            return self.render(form, report, plots=plots, status=400)
        try:
            report = services.save_report(
                request.user,
                self.zone,
                form.values(),
                sectors=list(form.cleaned_data["sectors"]),
                plots=plots.plots() if plots is not None else None,
                report=report,
            )
            if "submit" in request.POST:
                services.submit(request.user, report)
                messages.success(request, _("Report submitted to the economic zone authority."))
                return HttpResponseRedirect(reverse("sites:report", args=[report.pk]))
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render(form, report, plots=plots, status=400)
        messages.success(request, _("Draft saved. Submit it when the figures are complete."))
        return HttpResponseRedirect(request.path)

    def import_sheet(self, report: SiteReport | None) -> HttpResponse:
        upload = ImportForm(self.request.POST, self.request.FILES)
        form = ReportForm(instance=report or SiteReport(zone=self.zone))
        if not upload.is_valid():
            return self.render(form, report, upload=upload, status=400)
        try:
            sheet_form, plots = sheets.read(upload.cleaned_data["file"], report)
            services.save_report(
                self.request.user,
                self.zone,
                sheet_form.values(),
                sectors=list(sheet_form.cleaned_data["sectors"]),
                plots=plots,
                report=report,
            )
        except sheets.ImportErrors as error:
            return self.render(form, report, upload=upload, import_errors=error.errors, status=400)
        except ValidationError as error:
            return self.render(
                form, report, upload=upload, import_errors=error.messages, status=400
            )
        messages.success(self.request, _("Sheet imported into the draft."))
        return HttpResponseRedirect(self.request.path)

    def render(self, form: ReportForm, report: SiteReport | None, status: int = 200, **extra: Any):
        context = {
            "zone": self.zone,
            "form": form,
            "report": report,
            "upload": extra.pop("upload", None) or ImportForm(),
            "plots": extra.pop("plots", None) or plot_formset(report),
            "pending": services.pending_report(self.zone),
            "current": site_facts.facts_of(self.zone),
            **extra,
        }
        return render(self.request, "sites/report_form.html", context, status=status)


class ReportListView(LoginRequiredMixin, ListView):
    """Reports the user may see beyond the published: their park's, or all for the authority."""

    template_name = "sites/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self) -> QuerySet:
        if not (
            permissions.writes_any(self.request.user) or permissions.reads_drafts(self.request.user)
        ):
            raise PermissionDenied
        reports = SiteReport.objects.restrict(self.request.user, "view")
        if not permissions.reads_drafts(self.request.user):
            own = permissions.developer_zone_id(self.request.user)
            reports = reports.filter(zone_id=own) | reports.filter(zone__parent_id=own)
        state = self.request.GET.get("state")
        if state in State.values:
            reports = reports.filter(state=state)
        return reports.select_related("zone").order_by("state", "-updated_at")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        own = permissions.developer_zone_id(self.request.user)
        return super().get_context_data(
            states=State.choices,
            state=self.request.GET.get("state", ""),
            own_zone=Zone.objects.filter(pk=own).first() if own else None,
            **kwargs,
        )


class ReportDetailView(DetailView):
    """One report: its figures, sources, plots and history; the authority reviews it here."""

    template_name = "sites/report_detail.html"
    context_object_name = "report"

    def get_queryset(self) -> QuerySet:
        return (
            SiteReport.objects.restrict(self.request.user, "view")
            .select_related("zone", "submitted_by", "reviewed_by")
            .prefetch_related("sectors", "plots")
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.object = report = self.get_object()
        if not permissions.is_authority(request.user):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review(
                    request.user,
                    report,
                    publish=form.cleaned_data["decision"] == "publish",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Review recorded."))
                return HttpResponseRedirect(request.path)
        context = self.get_context_data(object=report, review_form=form)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        context["rows"] = [
            (label, unit, getattr(report, key)) for key, label, unit in site_facts.FIGURES
        ]
        if permissions.is_authority(user) and report.state == State.SUBMITTED:
            context.setdefault("review_form", ReviewForm())
        context["may_edit"] = report.is_open and permissions.writes_zone(user, report.zone)
        if user.is_authenticated:
            from xuctien.core.models import ChangeRecord

            context["history"] = ChangeRecord.objects.for_objects([report, *report.plots.all()])
        context["boundary_json"] = json.dumps(report.boundary) if report.boundary else ""
        return context


def zone_or_404(code: str) -> Zone:
    zone = Zone.objects.filter(code=code).first()
    if zone is None:
        raise Http404
    return zone
