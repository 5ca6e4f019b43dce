"""The reports pages: the list with downloads, a draft's page and form, issuing, previews,
and the history export. Views check the permission and call ``services``."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from xuctien.core.exports import history_sheet, xlsx_response
from xuctien.core.forms import form_status
from xuctien.models import StaleObjectError
from xuctien.reports import history, pdf, permissions, services
from xuctien.reports.forms import DraftForm, HistoryForm, IssueForm, NewReportForm
from xuctien.reports.models import Report
from xuctien.reports.periods import parse
from xuctien.reports.sentences import bilingual, status_label


class ReportAccess(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.reads_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_report(self, action: str = "view") -> Report:
        report = get_object_or_404(
            Report.objects.restrict(self.request.user, "view").select_related(
                "programme", "agency", "issued_by"
            ),
            pk=self.kwargs["pk"],
        )
        if action != "view" and not Report.permits(self.request.user, action, report):
            raise PermissionDenied(_("You may not change this report."))
        return report


class ReportListView(ReportAccess, ListView):
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return (
            Report.objects.restrict(self.request.user, "view")
            .select_related("programme", "agency", "issued_by")
            .prefetch_related("files")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_draft"] = Report.permits(self.request.user, "add", None)
        return context


class ReportCreateView(ReportAccess, View):
    template_name = "reports/report_new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not Report.permits(request.user, "add", None):
            raise PermissionDenied
        initial = {"period": str(timezone.localdate().year - 1), "programme": _first_programme()}
        form = NewReportForm(user=request.user, initial=initial)
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not Report.permits(request.user, "add", None):
            raise PermissionDenied
        form = NewReportForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.create_draft(
                    request.user, data["programme"], data["period"], data.get("agency")
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The draft was created: write its parts, then issue it.")
                )
                return HttpResponseRedirect(report.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


def _first_programme() -> Any:
    from xuctien.programmes.models import Programme

    return Programme.objects.first()  # ordered by issue date: Resolution 01 first


class ReportDetailView(ReportAccess, View):
    """The report as it stands: its header, the figures it is made of, and what to do next."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report()
        snapshot = services.snapshot_for(report)
        context = {
            "report": report,
            "snapshot": snapshot,
            "as_of": date.fromisoformat(snapshot["as_of"]),
            "period_label": parse(report.period).label(),
            "indicators": [_indicator_row(i) for i in snapshot.get("indicators", [])],
            "task_rows": [
                {**row, "agency": bilingual(row, "agency")} for row in snapshot["tasks"]["rows"]
            ],
            "may_change": Report.permits(request.user, "change", report),
            "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
            "has_converter": pdf.converter() is not None,
            "files": list(report.files.all()),
        }
        return render(request, "reports/report_detail.html", context)


def _indicator_row(indicator: dict) -> dict:
    return {
        **indicator,
        "name": bilingual(indicator, "name"),
        "unit": bilingual(indicator, "unit"),
        "breakthrough_name": bilingual(indicator, "breakthrough"),
        "status_label": status_label(indicator["status"]),
    }


class ReportUpdateView(ReportAccess, View):
    template_name = "reports/report_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report("change")
        return render(
            request, self.template_name, {"form": DraftForm(instance=report), "report": report}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report("change")
        form = DraftForm(request.POST, instance=report)
        if form.is_valid():
            try:
                services.save_draft(request.user, form.instance, form.cleaned_data["version"])
            except StaleObjectError:
                form.add_stale_error(report)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft was saved."))
                return HttpResponseRedirect(report.get_absolute_url())
        context = {"form": form, "report": report}
        return render(request, self.template_name, context, status=form_status(form, 400))


class ReportIssueView(ReportAccess, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report(permissions.ISSUE)
        form = IssueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.issue(request.user, report, data.get("number"), data.get("issued_on"))
            except (ValidationError, pdf.ConverterMissing, pdf.ConversionFailed) as error:
                text = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                messages.error(request, text)
            else:
                messages.success(request, _("The report was issued."))
        else:
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        return HttpResponseRedirect(report.get_absolute_url())


class ReportPreviewView(ReportAccess, View):
    """The draft's document from today's figures (an issued report: its kept files)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        fmt = request.GET.get("format", "docx")
        if fmt not in ("docx", "pdf"):
            raise Http404
        report = self.get_report()
        if report.is_issued:
            return HttpResponseRedirect(report.files.get(format=fmt).get_absolute_url())
        try:
            data = services.render(report, fmt)
        except (pdf.ConverterMissing, pdf.ConversionFailed) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(report.get_absolute_url())
        content_type = services.DOCX_TYPE if fmt == "docx" else "application/pdf"
        response = HttpResponse(data, content_type=content_type)
        name = f"du-thao-{report.symbol}-{report.period}.{fmt}".replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class HistoryExportView(ReportAccess, View):
    """Who changed what, when, before and after: a record's, or a period's, as Excel."""

    def get(self, request: HttpRequest) -> HttpResponse:
        asked = any(request.GET.get(name) for name in ("period", "kind", "record"))
        form = HistoryForm(request.GET if asked else None)
        if not asked or not form.is_valid():
            status = 400 if asked else 200
            return render(request, "reports/history.html", {"form": form}, status=status)
        data = form.cleaned_data
        if data.get("kind") and data.get("record"):
            changes = history.record_changes(request.user, data["kind"], data["record"])
            if changes is None:
                raise Http404
            title = changes[0].object_repr
        else:
            period = parse(data["period"])
            changes = history.period_changes(request.user, period)
            title = period.label()
        with translation.override(translation.get_language()):
            sheet = history_sheet(changes, _("History"))
        sheet.notes = [_("History") + f": {title}"]
        if len(changes) >= history.LIMIT:
            sheet.notes.append(
                _("Only the latest %(n)s changes: choose a shorter period.") % {"n": history.LIMIT}
            )
        return xlsx_response("history", [sheet])
