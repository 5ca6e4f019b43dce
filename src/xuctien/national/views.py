"""The national pages: the provinces compared, one province drilled into, onboarding."""

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.models import Province
from xuctien.core.spreadsheets import SpreadsheetError
from xuctien.national import comparison
from xuctien.national.models import CatalogueIndicator
from xuctien.national.onboarding import import_province, read_province_workbook
from xuctien.national.permissions import onboards, sees_nation
from xuctien.programmes.forms import UploadForm
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.models import Indicator


class NationalAccess(AccessMixin, View):
    """Sign in first; then only national roles and administrators (403 for the others)."""

    def allowed(self, user: Any) -> bool:
        return sees_nation(user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied(_("You may not do this."))
        return super().dispatch(request, *args, **kwargs)


class NationalView(NationalAccess):
    """Every province on every national indicator: status, latest figure, gap, rank."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "body": drawn(list(Province.objects.all())),
            "can_onboard": onboards(request.user),
        }
        return render(request, "national/index.html", context)


#: The provinces' summaries and the comparisons of the national page (``drawn``).
BODY_TEMPLATE = "national/partials/index_body.html"


def drawn(provinces: list[Province]) -> SafeString:
    """The national page's summaries and comparisons as drawn, cached under everything they
    show: the assessment generations of every indicator (``comparison.assessment_digest``),
    each province's pipeline and aftercare generations (``comparison.register_keys``), the
    columns of the provinces and the catalogue, the mappings, the language and the day. A
    hit reads those (six queries whatever the number of provinces) and draws nothing; a
    change to any of them draws the body again from the cached summaries."""
    from xuctien.core import aggregates
    from xuctien.programmes import caching

    mappings = comparison.mappings_of(provinces)
    entries = list(CatalogueIndicator.objects.all())
    digest = comparison.assessment_digest()
    parts = (
        [aggregates.columns(p) for p in provinces],
        [aggregates.columns(e) for e in entries],
        mappings,
        digest,
        [sorted(aggregates.generations(k, provinces).items()) for k in comparison.register_keys()],
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    key = "xt:national-body:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    store = caching.cache()
    body = store.get(key)
    if body is None:
        reports = comparison.assessed_nation(provinces, digest)
        context = {
            "comparisons": comparison.compare(provinces, reports, mappings, entries),
            "summaries": comparison.summaries(provinces, reports),
        }
        body = render_to_string(BODY_TEMPLATE, context)
        store.set(key, body, caching.TIMEOUT)
    return mark_safe(body)


class ProvinceView(NationalAccess):
    """One province: its standing on the catalogue, and every indicator of its programmes."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        province = get_object_or_404(Province.objects.select_related("successor"), code=code)
        reports = comparison.assess(Indicator.objects.filter(province=province))
        standings = [
            (c.catalogue, next((s for s in c.standings if s.province == province), None))
            for c in comparison.compare([province], reports)
        ]
        context = {
            "province": province,
            "standings": [(entry, s) for entry, s in standings if s is not None],
            "summary": comparison.summaries([province], reports)[0],
            "reports": list(reports.values()),  # in the indicators' order
            "predecessors": list(province.predecessors.all()),
        }
        return render(request, "national/province.html", context)


class ImportView(NationalAccess):
    """A national administrator onboards (or updates) a province from its workbook."""

    def allowed(self, user: Any) -> bool:
        return onboards(user)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"form": UploadForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render({"form": form}, status=422)
        try:
            sheets = read_province_workbook(form.cleaned_data["file"])
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.render({"form": form}, status=422)
        try:
            result = import_province(sheets, request.user)
        except ImportRejected as rejected:
            return self.render({"form": form, "errors": rejected.errors}, status=422)
        created, updated, unchanged = result.totals
        messages.success(
            request,
            _("%(province)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "province": result.province.name,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
            },
        )
        return redirect("national:province", code=result.province.code)

    def render(self, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context["provinces"] = Province.objects.all()
        return render(self.request, "national/import.html", context, status=status)
