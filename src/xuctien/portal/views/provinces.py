"""One portal per province, under its slug; ``/portal/`` lists the provinces."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views import View

from xuctien.core.models import Province, in_language


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


def province_links(provinces: list[tuple[str, str, str]]) -> SafeString:
    """The list's items, ``(slug, name_vi, name_en)`` each: a link to the province's
    portal, named in the reader's language. Written here, not by the template: the
    nation's 34 links, each a ``{% url %}`` and a loop's turn, were a third of the page."""
    marker = "province-slug-marker"
    head, tail = reverse("portal:home", args=[marker]).split(marker)
    return format_html_join(
        "\n  ",
        '<li><a href="{}{}{}">{}</a></li>',
        ((head, slug, tail, in_language(vi, en)) for slug, vi, en in provinces),
    )


class ProvinceListView(View):
    """Every province's portal; straight to it when there is only one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # Every province in one query (a few dozen rows): the sole one, else the current ones.
        provinces = list(Province.objects.values_list("slug", "name_vi", "name_en", "valid_to"))
        if len(provinces) == 1:
            return HttpResponseRedirect(reverse("portal:home", args=[provinces[0][0]]))
        current = [(slug, vi, en) for slug, vi, en, valid_to in provinces if valid_to is None]
        return render(request, "portal/index.html", {"province_links": province_links(current)})


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
