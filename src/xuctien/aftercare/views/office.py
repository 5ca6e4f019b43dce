"""The province's side: routing table, escalation queue, patterns, early warning, scorecard."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from xuctien.actions.forms import ScorecardForm
from xuctien.actions.scorecard import agency_names, named, reading_provinces, synthetic_shown
from xuctien.aftercare import flags, patterns, permissions, scorecard, services, warnings
from xuctien.aftercare.forms import ReformTaskForm, RoutingRuleFormSet
from xuctien.aftercare.models import Category, Escalation, Request, RoutingRule, Status
from xuctien.aftercare.models.requests import WAITING
from xuctien.aftercare.views.base import AftercareAccessMixin, ManagerMixin, ReadAllMixin
from xuctien.core import scope
from xuctien.core.permissions import manages_programme
from xuctien.investments import access


class RoutingRuleView(AftercareAccessMixin, TemplateView):
    """The category → agency table; the secretariat edits it, internal people read it."""

    template_name = "aftercare/routing_rules.html"

    def allowed(self, user: Any) -> bool:
        return RoutingRule.permits(user, "view", None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_edit"] = manages_programme(self.request.user)
        context.setdefault("formset", RoutingRuleFormSet(initial=_initial_rules()))
        context["rules"] = RoutingRule.objects.select_related("agency")
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        if not manages_programme(request.user):
            return HttpResponse(status=403)
        formset = RoutingRuleFormSet(request.POST, initial=_initial_rules())
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        for form in formset:
            data = form.cleaned_data
            services.save_rule(
                request.user,
                data["category"],
                data.get("agency"),
                data.get("working_days"),
                data.get("note", ""),
            )
        messages.success(request, _("The routing rules were saved."))
        return HttpResponseRedirect(reverse("aftercare:routing"))


def _initial_rules() -> list[dict[str, Any]]:
    rules = {rule.category: rule for rule in RoutingRule.objects.all()}
    rows = []
    for category, label in Category.choices:
        rule = rules.get(category)
        rows.append(
            {
                "category": category,
                "label": label,
                "agency": rule.agency_id if rule else None,
                "working_days": rule.working_days if rule else None,
                "note": rule.note if rule else "",
            }
        )
    return rows


class EscalationQueueView(ReadAllMixin, TemplateView):
    """Escalated requests by level, unrouted ones, and answered ones nobody confirmed."""

    template_name = "aftercare/escalations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        waiting = (
            Request.objects.restrict(self.request.user, "view")
            .filter(status__in=WAITING)
            .select_related("enterprise")
            .prefetch_related("assignments__agency")
        )
        answered = Request.objects.filter(status=Status.ANSWERED).select_related("enterprise")
        today = timezone.localdate()
        unconfirmed = [
            r
            for r in answered
            if (services.may_close_from(r, refuse_uncovered=False) or today) <= today
        ]
        context.update(
            today=today,
            leadership=waiting.filter(escalation=Escalation.LEADERSHIP),
            secretariat=waiting.filter(escalation=Escalation.SECRETARIAT),
            unrouted=waiting.filter(status=Status.RECEIVED),
            unconfirmed=unconfirmed,
        )
        return context


class PatternListView(ReadAllMixin, TemplateView):
    """Requests of one category that keep reaching one agency; turn one into a task."""

    template_name = "aftercare/patterns.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        from xuctien.aftercare import policy

        found = patterns.find_patterns(timezone.localdate())
        for pattern in found:
            pattern.form = ReformTaskForm(
                initial={"category": pattern.category, "agency": pattern.agency_id}
            )
        context.update(
            patterns=found, policy=policy.current(), can_act=manages_programme(self.request.user)
        )
        return context


class ReformTaskView(ManagerMixin, View):
    """One step: the pattern's requests become a linked task of the action programme."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReformTaskForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The pattern could not be read; reload the page."))
            return HttpResponseRedirect(reverse("aftercare:patterns"))
        data = form.cleaned_data
        found = [
            p
            for p in patterns.find_patterns(timezone.localdate())
            if p.category == data["category"] and p.agency_id == data["agency"].pk
        ]
        if not found:
            messages.error(request, _("This pattern is no longer there."))
            return HttpResponseRedirect(reverse("aftercare:patterns"))
        task = services.turn_into_task(
            request.user,
            found[0].requests,
            data["agency"],
            data.get("title_vi") or "",
            data.get("working_days"),
        )
        messages.success(request, _("The task was added to the action programme."))
        return HttpResponseRedirect(reverse("actions:task-detail", args=[task.pk]))


class WarningListView(AftercareAccessMixin, TemplateView):
    """Projects at risk (confidential: the pipeline's people, in their provinces): each
    kind of warning with its count and the worst few; ``?kind=`` pages through one kind."""

    template_name = "aftercare/warnings.html"
    top = 10
    paginate_by = 50

    def allowed(self, user: Any) -> bool:
        return access.sees_all(user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today, projects = timezone.localdate(), self.projects()
        kind = self.request.GET.get("kind")
        if kind in flags.KINDS:
            page = self.request.GET.get("page")
            sections = [flags.one_kind(kind, today, projects, page, self.paginate_by)]
            context.update(kind=kind, page_obj=sections[0].page)
        else:
            sections = flags.cached_top(today, reading_provinces(self.request.user), self.top)
        context.update(sections=sections, limits=warnings.stage_limits())
        return context

    def projects(self) -> Any:
        """The projects of the person's provinces (a national role: every province)."""
        from xuctien.investments.models import Project

        user = self.request.user
        if scope.narrows(user):
            return Project.objects.filter(province__in=scope.province_ids(user))
        return Project.objects.all()


class ScorecardView(AftercareAccessMixin, TemplateView):
    """On-time answers and ratings per agency and period (internal people)."""

    template_name = "aftercare/scorecard.html"
    agencies_per_page = 25

    def allowed(self, user: Any) -> bool:
        return permissions.reads_all(user) or permissions.officer_agency_id(user) is not None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        initial = {"year": today.year, "period": "quarter"}  # what the table shows
        form = ScorecardForm(self.request.GET or None, initial=initial)
        data = form.cleaned_data if form.is_valid() else {}
        year, by = data.get("year") or today.year, data.get("period") or "quarter"
        english = self.request.LANGUAGE_CODE == "en"
        found = scorecard.folded(reading_provinces(self.request.user), year, today, by)
        lists = (found["year"], found[by], found["synthetic"])
        ids = {score.agency_id for scores in lists for score in scores}
        names = agency_names(ids, english)
        totals = scorecard.ranked(named(found["year"], names))
        page = Paginator(totals, self.agencies_per_page).get_page(self.request.GET.get("page"))
        shown = {total.agency_id for total in page.object_list}
        scores = named(found[by], names)
        context.update(
            form=form,
            year=year,
            by=by,
            scores=[score for score in scores if score.agency_id in shown],
            totals=page.object_list,
            page_obj=page,
            **synthetic_shown(
                named(found["synthetic"], names), scorecard.ranked, found["synthetic_count"]
            ),
        )
        return context
