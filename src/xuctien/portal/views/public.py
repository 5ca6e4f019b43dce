"""The public portal: why the province, sectors, incentives, zones, opportunities, contacts,
and the inquiry form. No login; no private record reaches these pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView, TemplateView

from xuctien.core.models import Province, Zone
from xuctien.investments.models import Sector
from xuctien.portal import facts, ratelimit, services
from xuctien.portal.forms import InquiryForm
from xuctien.portal.models import Article, InvestmentOpportunity, Page, PageSlot
from xuctien.portal.views.base import RateLimitedFormView
from xuctien.portal.views.provinces import ProvincePortal


def page_for(request: HttpRequest, slot: str, province: Province) -> Page | None:
    """The Centre's words for a page slot, if published (editors also see drafts)."""
    pages = Page.objects.restrict(request.user, "view").prefetch_related("translations")
    return pages.filter(province=province, slot=slot).first()


class HomeView(ProvincePortal, TemplateView):
    """Why invest in the province: its programme's targets, its zones, the latest news."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        programme = facts.resolution(self.province)
        latest = Article.objects.restrict(self.request.user, "view").filter(
            province=self.province, status="published"
        )
        return super().get_context_data(
            page=page_for(self.request, PageSlot.WHY, self.province),
            programme=programme,
            targets=facts.resolution_targets(programme),
            zone_kinds=facts.zone_summary(self.province),
            registered_projects=facts.registered_projects(self.province),
            articles=latest.prefetch_related("translations")[:3],
            **kwargs,
        )


class SectorsView(ProvincePortal, TemplateView):
    """The resolution's priority industry groups and the manufacturing divisions."""

    template_name = "portal/sectors.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            programme=facts.resolution(self.province),
            groups=facts.priority_groups(),
            divisions=Sector.objects.filter(section="C", level=Sector.Level.DIVISION),
            **kwargs,
        )


class IncentivesView(ProvincePortal, TemplateView):
    """Incentives as the Centre writes them; says so plainly while nothing is written."""

    template_name = "portal/incentives.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = page_for(self.request, PageSlot.INCENTIVES, self.province)
        return super().get_context_data(page=page, **kwargs)


class ZonesView(ProvincePortal, ListView):
    """Zones and parks with their land, what is still available, and a link to each."""

    template_name = "portal/zones.html"
    context_object_name = "zones"

    def get_queryset(self) -> QuerySet:
        zones = Zone.objects.restrict(self.request.user, "view").filter(province=self.province)
        zones = zones.select_related("parent")
        return zones.exclude(status=Zone.Status.REVOKED).order_by("kind", "name_vi")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from xuctien.sites.facts import facts_for

        context = super().get_context_data(**kwargs)
        found = facts_for(context["zones"])
        for zone in context["zones"]:
            zone.site = found[zone.pk]
            zone.available_ha = zone.site.available_ha
        context["with_plots"] = [z for z in context["zones"] if z.site.plots]
        context["zone_kinds"] = facts.zone_summary(self.province)
        return context


class OpportunityListView(ProvincePortal, ListView):
    """Projects calling for investment, newest first."""

    template_name = "portal/opportunity_list.html"
    context_object_name = "opportunities"
    paginate_by = 20

    def get_queryset(self) -> QuerySet:
        return (
            InvestmentOpportunity.objects.restrict(self.request.user, "view")
            .filter(province=self.province)
            .select_related("zone", "sector", "contact_agency")
            .prefetch_related("translations", "priority_groups")
        )


class OpportunityDetailView(ProvincePortal, DetailView):
    template_name = "portal/opportunity_detail.html"
    context_object_name = "opportunity"
    slug_field = slug_url_kwarg = "code"

    def get_queryset(self) -> QuerySet:
        return OpportunityListView.get_queryset(self)  # type: ignore[arg-type]


class ContactsView(ProvincePortal, TemplateView):
    """Whom to talk to: the promotion agencies, from the reference list with its sources."""

    template_name = "portal/contacts.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            page=page_for(self.request, PageSlot.CONTACTS, self.province),
            agencies=facts.promotion_agencies(self.province),
            **kwargs,
        )


class InquiryView(ProvincePortal, RateLimitedFormView):
    """The inquiry form: a lead in the pipeline, a thank-you page, staff notified."""

    template_name = "portal/inquiry.html"
    form_class = InquiryForm
    limit = ratelimit.INQUIRY

    def form_valid(self, form: InquiryForm) -> HttpResponse:
        if not form.is_spam():
            language = getattr(self.request, "LANGUAGE_CODE", "vi")
            services.submit_inquiry(form.cleaned_data, language=language, province=self.province)
        context = {"portal_province": self.province}
        return render(self.request, "portal/inquiry_thanks.html", context)


def zone_or_404(code: str) -> Zone:
    return get_object_or_404(Zone, code=code)
