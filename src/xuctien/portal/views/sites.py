"""The public site finder: needs in, matching parks on a map and in a list, an inquiry out."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import TemplateView

from xuctien.portal import ratelimit, services
from xuctien.portal.forms import InquiryForm
from xuctien.portal.views.base import RateLimitedFormView
from xuctien.portal.views.provinces import ProvincePortal
from xuctien.sites import facts as site_facts
from xuctien.sites import services as site_services
from xuctien.sites.forms import NeedsForm
from xuctien.sites.views import finder_context

NEEDS_PREFIX = "n"


class SiteFinderView(ProvincePortal, TemplateView):
    """The province's parks ranked on the needs an investor states."""

    template_name = "portal/site_finder.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        found = finder_context(self.request, province=self.province)
        return super().get_context_data(**found, **kwargs)


class SiteInquiryView(ProvincePortal, RateLimitedFormView):
    """The inquiry form about one site, carrying the needs stated in the finder."""

    template_name = "portal/site_inquiry.html"
    form_class = InquiryForm
    limit = ratelimit.INQUIRY

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.zone = get_object_or_404(
            site_services.candidate_zones(self.province), code=kwargs["code"]
        )
        if request.method == "POST":
            self.needs = NeedsForm(request.POST, prefix=NEEDS_PREFIX)
        else:
            self.needs = NeedsForm(request.GET)

    def get_initial(self) -> dict[str, Any]:
        if self.request.method == "GET" and self.needs.is_valid():
            data = self.needs.cleaned_data
            sector = data.get("sector")
            return {
                "sector": sector if sector and sector.level == "division" else None,
                "land_ha": data.get("land_min_ha"),
            }
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        needs_valid = self.needs.is_valid()
        fits = []
        if needs_valid:
            matches, _found = site_services.match(self.needs.needs(), self.province)
            fits = next((m for m in matches if m.site.zone_id == self.zone.pk), None)
        hidden = [(f"{NEEDS_PREFIX}-{field.name}", field.value()) for field in self.needs]
        return super().get_context_data(
            zone=self.zone,
            site=site_facts.facts_of(self.zone),
            needs_form=self.needs,
            needs_summary=self.needs.summary() if needs_valid else "",
            match=fits,
            hidden_needs=[(name, value) for name, value in hidden if value not in (None, "")],
            **kwargs,
        )

    def form_valid(self, form: InquiryForm) -> HttpResponse:
        if not form.is_spam():
            language = getattr(self.request, "LANGUAGE_CODE", "vi")
            needs_valid = self.needs.is_valid()
            data = {**form.cleaned_data, "zone": self.zone}
            inquiry = services.submit_inquiry(data, language=language, province=self.province)
            site_services.attach_needs(
                inquiry.project,
                self.zone,
                self.needs.as_record() if needs_valid else {},
                self.needs.summary(self.zone.name_vi) if needs_valid else "",
            )
        return render(
            self.request, "portal/inquiry_thanks.html", {"portal_province": self.province}
        )
