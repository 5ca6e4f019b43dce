"""The screening's pages: a project's screening, its facts, the decision, the criteria."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.exports import Sheet, wants_export, xlsx_response
from xuctien.core.forms import form_status
from xuctien.investments.models import Project
from xuctien.investments.views.common import visible_or_404
from xuctien.models import StaleObjectError
from xuctien.screening import analytics, criteria, engine, explain, feeds, permissions, services
from xuctien.screening.forms import (
    FACT_FIELDS,
    CriteriaForm,
    DecisionForm,
    FactsForm,
    ZoneNormForm,
)
from xuctien.screening.models import (
    CriteriaSet,
    IndicatorFeed,
    ProjectFacts,
    Recommendation,
    Screening,
    ZoneNorm,
)


def _project(request: HttpRequest, pk: int) -> Project:
    """The project, if the user sees its confidential side (screenings are confidential)."""
    queryset = Project.objects.select_related("sector", "zone__parent")
    project = visible_or_404(queryset, request, pk=pk)
    if not project.sees_confidential(request.user):
        raise Http404
    return project


def project_context(user: Any, project: Project) -> dict[str, Any]:
    """What the project's screening panel and page show."""
    score = services.preview(project)
    screenings = list(
        project.screenings.select_related("criteria_set", "screened_by", "decided_by")
    )
    return {
        "project": project,
        "score": score,
        "score_label": Recommendation(score.recommendation).label if score else "",
        "lines": services.lines(list(score.results)) if score else [],
        "unknown_note": explain.unknown_count(list(score.results)) if score else "",
        "tier": explain.size_tier_text(
            engine.size_tier(
                project.capital_vnd or project.expected_capital_vnd, project.jobs_planned
            )
        ),
        "screenings": [(s, services.lines(s.result_objects)) for s in screenings],
        "may_screen": permissions.may_screen(user, project),
        "may_screen_now": services.may_screen_now(user, project),
        "facts": services.facts_for(project),
        "criteria_set": criteria.current_set(criteria.province_of(project)),
    }


class ProjectScreeningView(LoginRequiredMixin, View):
    """A project's score now, its recorded screenings and their decisions; POST screens it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = _project(request, pk)
        context = project_context(request.user, project)
        context["screenings"] = [(s, lines, s.history()[:20]) for s, lines in context["screenings"]]
        return render(request, "screening/project.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = _project(request, pk)
        try:
            services.screen(request.user, project)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Screened with the current criteria."))
        return redirect("screening:project", pk=pk)


class FactsEditView(LoginRequiredMixin, View):
    """The facts the screening needs beyond the registry's."""

    def _load(self, request: HttpRequest, pk: int) -> tuple[Project, ProjectFacts | None]:
        project = _project(request, pk)
        if not permissions.may_screen(request.user, project):
            raise PermissionDenied
        return project, services.facts_for(project)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project, facts = self._load(request, pk)
        return self._render(request, project, FactsForm(instance=facts))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project, facts = self._load(request, pk)
        form = FactsForm(request.POST, instance=facts)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in FACT_FIELDS}
            try:
                services.save_facts(request.user, project, form.cleaned_data.get("version"), **data)
                return redirect("screening:project", pk=pk)
            except StaleObjectError:
                form.add_stale_error(facts)
        return self._render(request, project, form, form_status(form, invalid=400))

    def _render(self, request, project, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
        context = {"project": project, "form": form, "title": _("Screening facts")}
        return render(request, "screening/form.html", context, status=status)


class DecisionEditView(LoginRequiredMixin, View):
    """Confirm the computed recommendation, or override it with a reason."""

    def _load(self, request: HttpRequest, pk: int) -> Screening:
        screening = get_object_or_404(
            Screening.objects.restrict(request.user, "view").select_related("project"), pk=pk
        )
        if not permissions.may_screen(request.user, screening.project):
            raise PermissionDenied
        return screening

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        screening = self._load(request, pk)
        initial = {
            "decision": screening.decision,
            "recommendation": screening.recommendation
            if screening.decision == Screening.Decision.OVERRIDDEN
            else "",
            "reason": screening.reason,
        }
        return self._render(request, screening, DecisionForm(record=screening, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        screening = self._load(request, pk)
        form = DecisionForm(request.POST, record=screening)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide(
                    request.user,
                    screening,
                    decision=data["decision"],
                    recommendation=data["recommendation"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                return redirect("screening:project", pk=screening.project_id)
            except StaleObjectError:
                form.add_stale_error(screening)
            except ValidationError as error:
                _add_errors(form, error)
        return self._render(request, screening, form, form_status(form, invalid=400))

    def _render(self, request, screening, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
        context = {
            "project": screening.project,
            "screening": screening,
            "form": form,
            "title": _("Decide on the recommendation"),
        }
        return render(request, "screening/form.html", context, status=status)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class CriteriaView(LoginRequiredMixin, View):
    """The current criteria and every earlier version (``?version=N``)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.reads_criteria(request.user):
            raise PermissionDenied
        province = criteria.province_of()
        versions = list(CriteriaSet.objects.filter(province=province).select_related("created_by"))
        shown = next((v for v in versions if v.is_current), versions[0] if versions else None)
        wanted = request.GET.get("version", "")
        if wanted:
            shown = next((v for v in versions if str(v.number) == wanted), None)
            if shown is None:
                raise Http404
        context = {
            "versions": versions,
            "shown": shown,
            "criteria": shown.criteria.prefetch_related("zone_norms__zone") if shown else [],
            "may_edit": permissions.edits_criteria(request.user),
        }
        return render(request, "screening/criteria.html", context)


class CriteriaEditView(LoginRequiredMixin, View):
    """The secretariat changes weights, thresholds and marks: a new version if used."""

    def _load(self, request: HttpRequest) -> CriteriaSet:
        if not permissions.edits_criteria(request.user):
            raise PermissionDenied
        current = criteria.current_set(criteria.province_of())
        if current is None:
            raise Http404
        return current

    def get(self, request: HttpRequest) -> HttpResponse:
        current = self._load(request)
        return self._render(request, current, CriteriaForm(criteria_set=current))

    def post(self, request: HttpRequest) -> HttpResponse:
        current = self._load(request)
        form = CriteriaForm(request.POST, criteria_set=current)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = criteria.revise(
                    request.user,
                    current,
                    recommend_at=data["recommend_at"],
                    discuss_at=data["discuss_at"],
                    changes=form.changes(),
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                if saved.pk != current.pk:
                    messages.success(
                        request,
                        _("Saved as version %(n)s: screenings keep the version they used.")
                        % {"n": saved.number},
                    )
                return redirect("screening:criteria")
            except StaleObjectError:
                form.add_stale_error(current)
            except ValidationError as error:
                _add_errors(form, error)
        return self._render(request, current, form, form_status(form, invalid=400))

    def _render(self, request, current, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
        context = {"form": form, "criteria_set": current, "title": _("Change the criteria")}
        return render(request, "screening/criteria_form.html", context, status=status)


class AnalyticsView(LoginRequiredMixin, View):
    """The quality of the pipeline and of the IRCs, and "brown to green" over time."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.reads_analytics(request.user):
            raise PermissionDenied
        visible = Project.objects.restrict(request.user, "view")
        result = analytics.quality(visible)
        shares = feeds.share_rows(province_id=getattr(request.user, "province_id", None))
        groups = [
            {
                "key": d,
                "title": analytics.dimension_title(d),
                "rows": result.groups[d],
                "chart": analytics.chart(result.groups[d]),
            }
            for d in analytics.DIMENSIONS
        ]
        context = {
            "quality": result,
            "groups": groups,
            "shares": shares,
            "share_chart": analytics.share_chart(shares),
            "any_share": any(row.value is not None for row in shares),
            "feeds": IndicatorFeed.objects.select_related("indicator"),
        }
        if wants_export(request):
            return xlsx_response("screening-quality", analytics_sheets(groups, shares))
        return render(request, "screening/analytics.html", context)


def analytics_sheets(groups: list[dict[str, Any]], shares: list[Any]) -> list[Sheet]:
    headers = [
        "",
        _("Pipeline: projects"),
        _("Pipeline: average score (%)"),
        _("IRCs: projects"),
        _("IRCs: average score (%)"),
        _("Green or high-tech"),
        _("Brown flagged"),
    ]
    sheets = [
        Sheet(
            group["title"],
            headers,
            [
                [
                    row.label,
                    row.pipeline.count,
                    row.pipeline.average,
                    row.ircs.count,
                    row.ircs.average,
                    row.pipeline.green_or_high_tech + row.ircs.green_or_high_tech,
                    row.pipeline.brown + row.ircs.brown,
                ]
                for row in group["rows"]
            ],
        )
        for group in groups
    ]
    sheets.append(
        Sheet(
            _("Brown to green"),
            [_("Year"), _("Share (%)"), _("How")],
            [[f.year, f.value, f.explanation] for f in shares],
        )
    )
    return sheets


class ZoneNormView(LoginRequiredMixin, View):
    """The parks' own norms per hectare in the current version; the secretariat sets one."""

    def _load(self, request: HttpRequest) -> CriteriaSet:
        if not permissions.edits_criteria(request.user):
            raise PermissionDenied
        current = criteria.current_set(criteria.province_of())
        if current is None:
            raise Http404
        return current

    def get(self, request: HttpRequest) -> HttpResponse:
        current = self._load(request)
        return self._render(request, current, ZoneNormForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        current = self._load(request)
        form = ZoneNormForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                criteria.set_zone_norm(
                    request.user,
                    current,
                    key=data["criterion"],
                    zone=data["zone"],
                    threshold=data["threshold"],
                    source_url=data["source_url"],
                    reason=data["reason"],
                )
                return redirect("screening:criteria")
            except ValidationError as error:
                _add_errors(form, error)
        return self._render(request, current, form, 400)

    def _render(self, request, current, form, status=200) -> HttpResponse:  # type: ignore[no-untyped-def]
        norms = ZoneNorm.objects.filter(criterion__criteria_set=current).select_related(
            "zone", "criterion"
        )
        context = {"form": form, "criteria_set": current, "norms": norms,
                   "title": _("Park norms")}  # fmt: skip
        return render(request, "screening/zone_norms.html", context, status=status)
