"""One portal per province, under its slug; ``/portal/`` lists the provinces."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from xuctien.core.models import Province


class ProvincePortal:
    """The province of the address (``/portal/<slug>/…``), as ``self.province`` and, in
    every template, ``portal_province``; an unknown slug is a 404."""

    province: Province

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.province = get_object_or_404(Province, slug=kwargs.get("province", ""))
        request.portal_province = self.province  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("province", None)
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["portal_province"] = self.province
        return context


def sole_province() -> Province | None:
    """The province, when the installation has exactly one."""
    provinces = list(Province.objects.all()[:2])
    return provinces[0] if len(provinces) == 1 else None


class ProvinceListView(View):
    """Every province's portal; straight to it when there is only one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # Every province in one query (a few dozen rows): the sole one, else the current ones.
        provinces = list(Province.objects.all())
        if len(provinces) == 1:
            return HttpResponseRedirect(reverse("portal:home", args=[provinces[0].slug]))
        current = [province for province in provinces if province.valid_to is None]
        return render(request, "portal/index.html", {"provinces": current})


class LegacyView(View):
    """An address from before provinces had their own portal: the same page of the only
    province (query kept), or the list of provinces."""

    url_name = ""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        only = sole_province()
        if only is None:
            return HttpResponseRedirect(reverse("portal:index"))
        url = reverse(f"portal:{self.url_name}", kwargs={"province": only.slug, **kwargs})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(f"{url}?{query}" if query else url)
