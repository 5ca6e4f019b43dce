"""Investor accounts: my company, its projects, its people, and invitations."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from xuctien.investments.models import Investor
from xuctien.portal import membership, ratelimit, services
from xuctien.portal.forms import AcceptInvitationForm, InviteForm, StaffInviteForm
from xuctien.portal.models import Invitation, Membership
from xuctien.portal.permissions import invites_owners
from xuctien.portal.views.base import RateLimitedFormView


class InvestorRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Signed-in investor accounts only."""

    def test_func(self) -> bool:
        return membership.is_investor(self.request.user)


class AccountView(InvestorRequiredMixin, TemplateView):
    """My companies, their projects, their people and pending invitations."""

    template_name = "portal/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        companies = list(membership.companies_for(user))
        owned = [c for c in companies if membership.is_owner(user, c)]
        return super().get_context_data(
            companies=companies,
            owned=owned,
            projects=membership.projects_for(user).select_related("sector", "zone"),
            members=Membership.objects.filter(investor__in=companies).select_related(
                "user", "investor"
            ),
            invitations=Invitation.objects.usable().filter(investor__in=owned),
            invite_form=InviteForm(),
            **kwargs,
        )


class MyProjectView(InvestorRequiredMixin, DetailView):
    """One of my company's projects: its public facts and our own (no Centre notes)."""

    template_name = "portal/my_project.html"
    context_object_name = "project"

    def get_queryset(self) -> QuerySet:
        return membership.projects_for(self.request.user).select_related("sector", "zone")


def _company_or_404(user: Any, pk: int) -> Investor:
    """One of the user's companies; another company's id is a 404, never a 403."""
    return get_object_or_404(membership.companies_for(user), pk=pk)


class InviteView(InvestorRequiredMixin, RateLimitedFormView):
    """An owner invites a colleague to the company's account."""

    form_class = InviteForm
    template_name = "portal/invite.html"
    limit = ratelimit.INVITE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.company = _company_or_404(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: InviteForm) -> HttpResponse:
        try:
            services.invite(
                self.request.user, investor=self.company, email=form.cleaned_data["email"]
            )
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("The invitation was sent."))
        return HttpResponseRedirect(reverse("portal:account"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(company=self.company, **kwargs)


class RevokeInvitationView(LoginRequiredMixin, View):
    """Withdraw an unused invitation of one's own company."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        owned = [
            c.pk
            for c in membership.companies_for(request.user)
            if membership.is_owner(request.user, c)
        ]
        if invites_owners(request.user):
            invitations = Invitation.objects.all()
        else:
            invitations = Invitation.objects.filter(investor__in=owned)
        invitation = get_object_or_404(invitations.usable(), pk=pk)
        services.revoke_invitation(request.user, invitation)
        messages.success(request, _("The invitation was withdrawn."))
        return HttpResponseRedirect(reverse("portal:account"))


class StaffInviteView(LoginRequiredMixin, UserPassesTestMixin, FormView):
    """The Centre invites a company's owner (or staff) to the portal."""

    form_class = StaffInviteForm
    template_name = "portal/staff_invite.html"

    def test_func(self) -> bool:
        return invites_owners(self.request.user)

    def form_valid(self, form: StaffInviteForm) -> HttpResponse:
        data = form.cleaned_data
        link = services.invite(
            self.request.user, investor=data["investor"], email=data["email"], role=data["role"]
        )
        messages.success(self.request, _("The invitation was sent: %(link)s") % {"link": link})
        return HttpResponseRedirect(reverse("portal:staff-invite"))


class AcceptInvitationView(RateLimitedFormView):
    """The invited person sets a password; an expired or used link is refused."""

    form_class = AcceptInvitationForm
    template_name = "portal/accept_invitation.html"
    limit = ratelimit.ACCEPT_INVITATION

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.invitation = Invitation.find(kwargs["token"])
        if self.invitation is None and request.method != "POST":
            return self.invalid()
        return super().dispatch(request, *args, **kwargs)

    def invalid(self) -> HttpResponse:
        return render(self.request, "portal/invitation_invalid.html", status=410)

    def form_valid(self, form: AcceptInvitationForm) -> HttpResponse:
        if form.is_spam() or self.invitation is None:
            return self.invalid()
        data = form.cleaned_data
        try:
            user = services.accept_invitation(
                self.kwargs["token"],
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
            )
        except ValidationError:
            return self.invalid()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome. Your account is ready."))
        return HttpResponseRedirect(reverse("portal:account"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(invitation=self.invitation, **kwargs)
