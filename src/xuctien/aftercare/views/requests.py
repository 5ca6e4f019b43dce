"""Requests: the list, a new request, one request's page and the steps taken from it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from xuctien.aftercare import counts, enterprises, permissions, services
from xuctien.aftercare.filtersets import RequestFilterSet
from xuctien.aftercare.forms import (
    AnswerForm,
    RatingForm,
    ReassignForm,
    ReopenForm,
    RequestForm,
    RouteForm,
)
from xuctien.aftercare.models import Assignment, Request
from xuctien.aftercare.models.requests import ANSWERED
from xuctien.aftercare.rows import LISTED, assignments_of
from xuctien.aftercare.views.base import AftercareAccessMixin, call
from xuctien.core.exports import ExportMixin, Sheet
from xuctien.core.permissions import manages_programme


def visible(user: Any) -> QuerySet:
    return Request.objects.restrict(user, "view")


class RequestListView(AftercareAccessMixin, ExportMixin, ListView):
    """The requests the person may see, filtered by the same filterset as the API."""

    template_name = "aftercare/request_list.html"
    context_object_name = "requests"
    paginate_by = 50
    export_name = "requests"

    def export_sheets(self) -> list[Sheet]:
        """Every request the filters select, an agency and deadline per line of its cell."""
        headers = [_("Request"), _("Enterprise"), _("Category"), _("Received")]
        rows = (
            [
                f"#{req.pk} {req.title}",
                str(req.enterprise),
                req.get_category_display(),
                req.received_on,
                "\n".join(
                    f"{a.agency}: {a.deadline:%d/%m/%Y}"
                    for a in assignments_of(req)
                    if a.round == req.round
                ),
                req.get_status_display(),
            ]
            for req in self.get_queryset()
        )
        headers += [_("Agencies and deadlines"), _("Status")]
        return [Sheet(_("Requests"), headers, rows)]

    def get_queryset(self) -> QuerySet:
        queryset = visible(self.request.user).select_related("enterprise")
        current = Assignment.objects.filter(withdrawn=False).select_related("agency")
        queryset = queryset.prefetch_related(Prefetch("assignments", current, to_attr=LISTED))
        self.filterset = RequestFilterSet(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        return self.filterset.qs if self.filterset.is_bound else queryset

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> Any:
        """A national reader's unfiltered list is counted from the cache (``counts``)."""
        return super().paginate_queryset(counts.counted(queryset), page_size)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["can_add"] = Request.permits(self.request.user, "add", None)
        context["today"] = timezone.localdate()
        return context


class EnterpriseSearchView(AftercareAccessMixin, View):
    """The first enterprises matching what is typed, as the options of a datalist (htmx):
    any enterprise for the secretariat, who records requests for anyone; for anybody else,
    the companies of the requests they may see."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from xuctien.investments.models import Investor

        text = next(
            (request.GET[k] for k in ("q", "enterprise", "company") if k in request.GET), ""
        )
        investors = Investor.objects.all()
        if not manages_programme(request.user):
            investors = investors.filter(pk__in=visible(request.user).values("enterprise"))
        found = enterprises.suggestions(investors, text)
        options = [enterprises.label(investor) for investor in found]
        return render(request, "aftercare/partials/enterprise_options.html", {"options": options})


class RequestCreateView(AftercareAccessMixin, FormView):
    """An investor files for their company; the secretariat records a letter or a call."""

    template_name = "aftercare/request_form.html"
    form_class = RequestForm

    def allowed(self, user: Any) -> bool:
        return Request.permits(user, "add", None)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: RequestForm) -> HttpResponse:
        try:
            request = services.submit_request(
                self.request.user,
                form.cleaned_data["enterprise"],
                files=form.cleaned_data.get("files") or [],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The request was received."))
        return HttpResponseRedirect(reverse("aftercare:request-detail", args=[request.pk]))


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class RequestDetailView(AftercareAccessMixin, DetailView):
    """One request: facts, assignments with deadlines, timeline, the forms the person may use."""

    template_name = "aftercare/request_detail.html"
    context_object_name = "req"

    def get_queryset(self) -> QuerySet:
        return visible(self.request.user).select_related("enterprise", "project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        req, user = self.object, self.request.user
        assignments = list(req.assignments.select_related("agency", "answered_by"))
        for assignment in assignments:
            assignment.can_answer = assignment.is_open and permissions.may_answer(user, assignment)
        context.update(
            today=timezone.localdate(),
            assignments=assignments,
            events=req.events.select_related("agency", "by"),
            attachments=req.attachments.all(),
            ratings=req.ratings.all(),
            **self._forms(req, user),
        )
        # Tasks and the record history are internal: not for the enterprise's eyes.
        context["internal"] = permissions.reads_all(user) or bool(
            permissions.officer_agency_id(user)
        )
        if context["internal"]:
            context["history"] = req.history()[:50]
        return context

    def _forms(self, req: Request, user: Any) -> dict[str, Any]:
        enterprise = permissions.is_enterprise_member(user, req)
        manager = manages_programme(user)
        rated = req.ratings.filter(round=req.round).exists()
        return {
            "answer_form": AnswerForm(),
            "rating_form": RatingForm()
            if enterprise and req.status in ANSWERED and not rated
            else None,
            "reopen_form": ReopenForm()
            if (enterprise or manager) and req.status in ANSWERED
            else None,
            "can_confirm": req.status == "answered" and (enterprise or manager),
            "may_close_from": services.may_close_from(req, refuse_uncovered=False)
            if manager
            else None,
            "route_form": RouteForm(province=req.province_id)
            if manager and req.status != "closed"
            else None,
            "reassign_form": ReassignForm(province=req.province_id) if manager else None,
        }


class RequestActionView(AftercareAccessMixin, View):
    """A POST-only step on a request the person can see (anything else: 404)."""

    form_class: type[Form] | None = None
    success_message = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        form = self.form_class(request.POST, **self.form_kwargs(obj)) if self.form_class else None
        if form is not None and not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        elif call(request, self.act, obj, form.cleaned_data if form else {}):
            messages.success(request, self.success_message)
        return HttpResponseRedirect(
            reverse("aftercare:request-detail", args=[self.request_pk(obj)])
        )

    def get_object(self, pk: int) -> Any:
        return get_object_or_404(visible(self.request.user), pk=pk)

    def request_pk(self, obj: Any) -> int:
        return obj.pk

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def act(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError


class AssignmentActionView(RequestActionView):
    """A step on one assignment of a request the person can see."""

    def get_object(self, pk: int) -> Any:
        assignments = Assignment.objects.select_related("request", "agency")
        return get_object_or_404(assignments.filter(request__in=visible(self.request.user)), pk=pk)

    def request_pk(self, obj: Any) -> int:
        return obj.request_id


class RouteView(RequestActionView):
    form_class = RouteForm

    def form_kwargs(self, obj: Request) -> dict[str, Any]:
        return {"province": obj.province_id}

    @property
    def success_message(self) -> str:
        return _("The request was assigned.")

    def act(self, obj: Request, data: dict[str, Any]) -> Any:
        return services.route(
            self.request.user, obj, list(data["agencies"]), data.get("working_days")
        )


class ReassignView(AssignmentActionView):
    form_class = ReassignForm

    def form_kwargs(self, obj: Assignment) -> dict[str, Any]:
        return {"province": obj.request.province_id}

    @property
    def success_message(self) -> str:
        return _("The request was reassigned.")

    def act(self, obj: Assignment, data: dict[str, Any]) -> Any:
        return services.reassign(self.request.user, obj, data["agency"])


class StartView(AssignmentActionView):
    @property
    def success_message(self) -> str:
        return _("Work on the request has started.")

    def act(self, obj: Assignment, data: dict[str, Any]) -> Any:
        return services.start(self.request.user, obj)


class AnswerView(AssignmentActionView):
    form_class = AnswerForm

    @property
    def success_message(self) -> str:
        return _("The answer was sent to the enterprise.")

    def act(self, obj: Assignment, data: dict[str, Any]) -> Any:
        return services.answer(self.request.user, obj, data["answer"])


class CloseView(RequestActionView):
    @property
    def success_message(self) -> str:
        return _("The request was closed.")

    def act(self, obj: Request, data: dict[str, Any]) -> Any:
        return services.close(self.request.user, obj)


class ReopenView(RequestActionView):
    form_class = ReopenForm

    @property
    def success_message(self) -> str:
        return _("The request was reopened.")

    def act(self, obj: Request, data: dict[str, Any]) -> Any:
        return services.reopen(self.request.user, obj, data["reason"])


class RateView(RequestActionView):
    form_class = RatingForm

    @property
    def success_message(self) -> str:
        return _("Thank you for your rating.")

    def act(self, obj: Request, data: dict[str, Any]) -> Any:
        return services.rate(self.request.user, obj, data["score"], data.get("comment", ""))
