"""Monitoring pages: the programme dashboard, one indicator's assessment, and its export.

Public: anyone may read approved figures. The views only fetch and arrange; the figures
come from ``monitoring`` (which picks the observations and runs the assessment engine) and
``exports`` (the Excel file and the chart series).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from xuctien.core import aggregates
from xuctien.core.changes import readable_history
from xuctien.core.exports import ExportMixin, Sheet, history_sheet
from xuctien.core.models import Agency, ChangeRecord, Province
from xuctien.core.permissions import is_active
from xuctien.programmes import caching, computed, exports
from xuctien.programmes.models import Indicator, Observation, Programme
from xuctien.programmes.monitoring import (
    ALONG,
    IndicatorReport,
    assess_indicators,
    province_report,
    target_prefetches,
    with_targets,
)

#: The approved figures the indicator page lists beyond those of the assessment (a
#: locality's, a zone's, replaced estimates), latest first; the Excel export lists all.
OTHER_SHOWN = 100

STATUS_ORDER = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_determinable",
    "to_date",
    "no_data",
)


def forecast_panel_url() -> str | None:
    """The investments app's forecast panel, when that app provides one."""
    try:
        return reverse("investments:forecast-panel")
    except NoReverseMatch:
        return None


def group_by_breakthrough(
    breakthroughs: Iterable[Any], reports: list[IndicatorReport]
) -> list[dict[str, Any]]:
    """One card per breakthrough (the programme's, in order); indicators without one in a
    last card."""
    by_breakthrough: dict[int | None, list[IndicatorReport]] = defaultdict(list)
    for item in reports:
        by_breakthrough[item.indicator.breakthrough_id].append(item)
    groups = [{"breakthrough": b, "reports": by_breakthrough.get(b.pk, [])} for b in breakthroughs]
    if by_breakthrough.get(None):
        groups.append({"breakthrough": None, "reports": by_breakthrough[None]})
    return groups


def status_counts(reports: Iterable[IndicatorReport]) -> list[tuple[str, int]]:
    """(status, how many indicators) for the statuses that occur, best first."""
    counts: dict[str, int] = defaultdict(int)
    for item in reports:
        if item.spec is not None:
            counts[item.status] += 1
    return [(status, counts[status]) for status in STATUS_ORDER if counts[status]]


#: The summary and the cards of a dashboard (``DashboardView.draw_body``).
BODY_TEMPLATE = "programmes/partials/dashboard_body.html"


def body_key(
    programme: Programme,
    indicators: list[Indicator],
    current: dict[str, int],
    breakthroughs: list[Any],
    context: dict[str, Any],
    forecast_url: str | None,
) -> str:
    """The cache key of a dashboard's summary and cards: each indicator's report key (its
    generations, the language and the day, ``caching.key``), the indicators' and the
    breakthroughs' columns, and what the cards add around the reports (the links' province,
    the forecast panels)."""
    parts = (
        list(caching.keys(indicators, current).values()),
        [(aggregates.columns(i), computed.is_computed(i)) for i in indicators],
        [aggregates.columns(b) for b in breakthroughs],
        context["province_query"],
        forecast_url,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"xt:dashboard:{programme.pk}:{digest}"


def in_province(request: HttpRequest, queryset: Any) -> Any:
    """``?province=CODE`` narrows to that province's records (codes are per province)."""
    code = request.GET.get("province", "").strip()
    if not code:
        return queryset
    if "\x00" in code or len(code) > 40:  # no province has such a code
        return queryset.none()
    return queryset.filter(province__code=code)


class DashboardView(ExportMixin, TemplateView):
    """Where each of a programme's indicators stands, one card per breakthrough.

    One province's programmes at a time: the reader's own (``?province=`` for another
    they may read), with the other provinces listed, each a link to its dashboard."""

    template_name = "programmes/dashboard.html"
    export_name = "dashboard"

    def export_sheets(self) -> list[Sheet]:
        return [exports.dashboard_sheet(self.get_context_data(cards=True).get("groups", []))]

    def chosen_province(
        self, provinces: dict[int, Province], readable: list[Programme]
    ) -> Province | None:
        """``?province=``'s, else the reader's own when it has the programme named (or any,
        when none is), else the province of the first such programme issued: a national
        reader's ``/programmes/p/<code>/`` is a province's programme of that code, not a 404
        because the first province they read has none."""
        code = self.request.GET.get("province", "").strip()
        if code:
            chosen = next((p for p in provinces.values() if p.code == code), None)
            if chosen is None:
                raise Http404
            return chosen
        own = getattr(self.request.user, "province_id", None)
        named = self.kwargs.get("programme")
        having = [p.province_id for p in readable if not named or p.code == named]
        if own in having or not having:
            return provinces.get(own) or next(iter(provinces.values()), None)
        return provinces[having[0]]

    def chosen_programme(self, programmes: list[Programme]) -> Programme | None:
        """The named programme, or the first one issued (Resolution 01 first)."""
        code = self.kwargs.get("programme")
        if code:
            programme = next((p for p in programmes if p.code == code), None)
            if programme is None:
                raise Http404
            return programme
        return programmes[0] if programmes else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Every readable programme, once (a few per province): the province and programme
        # shown are picked from them, and the others listed.
        readable = list(
            Programme.objects.restrict(self.request.user, "view").select_related("province")
        )
        provinces = {p.province_id: p.province for p in readable}
        context["provinces"] = sorted(provinces.values(), key=lambda p: (p.name, p.code))
        context["province"] = province = self.chosen_province(provinces, readable)
        programmes = [p for p in readable if province and p.province_id == province.pk]
        context["programmes"] = programmes
        context["programme"] = programme = self.chosen_programme(programmes)
        if programme is None:
            return context
        # Links name the province when the reader reads several (codes are per province).
        several = len(provinces) > 1
        context["province_query"] = f"?province={quote(province.code)}" if several else ""
        # The workbook names the issuing body by its agency code (TINH-UY); show its name.
        issuers = Agency.objects.filter(province=programme.province_id)
        context["issuer"] = issuers.filter(code=programme.issuing_body).first()
        # The summary and the cards, drawn from the indicators' reports alone: their text
        # is cached under everything it shows (``body_key``). A hit reads the indicators
        # and their generations, not their targets, reports or figures.
        indicators = list(
            Indicator.objects.filter(programme__in=[programme.pk]).select_related(*ALONG)
        )
        breakthroughs = list(programme.breakthroughs.all())
        current = caching.generations(s for i in indicators for s in caching.scopes_for(i))
        forecast_url = forecast_panel_url()
        key = body_key(programme, indicators, current, breakthroughs, context, forecast_url)
        store = caching.cache()
        body = None if kwargs.get("cards") else store.get(key)
        if body is None:
            body = self.draw_body(context, indicators, current, breakthroughs, forecast_url)
            store.set(key, body, caching.TIMEOUT)
        context["body"] = mark_safe(body)
        return context

    @staticmethod
    def draw_body(
        context: dict[str, Any],
        indicators: list[Indicator],
        current: dict[str, int],
        breakthroughs: list[Any],
        forecast_url: str | None,
    ) -> str:
        """The summary and the cards (``context`` gets what they are drawn from)."""
        prefetch_related_objects(indicators, *target_prefetches())
        reports = assess_indicators(indicators, current=current)
        for item in reports:
            item.chart = exports.chart_series(item)
            has_panel = forecast_url and computed.is_computed(item.indicator)
            item.forecast_url = forecast_url if has_panel else None
            item.latest = _latest_figure(item)
        context["groups"] = group_by_breakthrough(breakthroughs, reports)
        context["counts"] = status_counts(reports)
        context["untargeted"] = sum(1 for item in reports if item.spec is None)
        shown = ("groups", "counts", "untargeted", "province_query")
        return render_to_string(BODY_TEMPLATE, {name: context[name] for name in shown})


def find_indicator(request: HttpRequest, code: str) -> Indicator:
    """The readable indicator of that code (of ``?province=``; codes are per province),
    with its targets and baselines."""
    visible = in_province(request, Indicator.objects.restrict(request.user, "view"))
    indicator = with_targets(visible.filter(code=code)).order_by("pk").first()
    if indicator is None:
        raise Http404
    return indicator


class IndicatorView(ExportMixin, TemplateView):
    """One indicator: the chart, the assessment year by year, its targets and every figure."""

    template_name = "programmes/indicator.html"

    @property
    def export_name(self) -> str:
        return f"{self.kwargs['code']}-figures"

    def export_sheets(self) -> list[Sheet]:
        """Every figure the page lists and, for those signed in, the figures' history."""
        context = self.get_context_data(every_figure=True)
        figures = [obs for group in context["figures"].values() for obs in group]
        sheets = [exports.figures_sheet(figures + context["pending"])]
        if context["show_history"]:
            changes = sorted(
                (c for obs in figures + context["pending"] for c, _rows in obs.changes),
                key=lambda c: (c.at, c.pk),
                reverse=True,
            )
            sheets.append(history_sheet(changes))
        return sheets

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Codes are unique per province: the reader's province's indicator of that code.
        indicator = find_indicator(self.request, self.kwargs["code"])
        assessment = province_report(indicator)
        every = kwargs.get("every_figure", False)
        shown, other_count = self._public_figures(indicator, assessment, every)
        shown = _label_periods(shown)
        pending = self._pending(indicator)
        context.update(
            indicator=indicator,
            report=assessment,
            chart=exports.chart_series(assessment, with_revised=True),
            targets=_approved(indicator.targets.all(), province_only=True),
            baselines=_approved(indicator.baselines.all()),
            figures=shown,
            other_count=other_count,
            pending=pending,
            # The history shows every earlier value, unapproved ones too: signed-in users only.
            show_history=is_active(self.request.user),
        )
        if context["show_history"]:
            attach_history([obs for group in shown.values() for obs in group] + pending)
        return context

    @staticmethod
    def _public_figures(
        indicator: Indicator, assessment: IndicatorReport, every: bool = False
    ) -> tuple[dict[str, list], int]:
        """The approved figures: used, partial-period, rivals, and the others not used (the
        latest ``OTHER_SHOWN`` of them, ``every`` for all), with how many others there are."""
        seen = {o.pk for o in (*assessment.used, *assessment.rivals)}
        others = (
            Observation.objects.filter(indicator=indicator, status=Observation.Status.APPROVED)
            .exclude(pk__in=seen)
            .select_related("locality", "zone")
            .order_by("-year", "-period", "-pk")
        )
        other = list(others if every else others[: OTHER_SHOWN + 1])
        count = len(other) if every or len(other) <= OTHER_SHOWN else others.count()
        other = sorted(
            other[: None if every else OTHER_SHOWN], key=lambda o: (o.year, o.period, o.pk)
        )
        figures = {
            "used": [o for o in assessment.used if o not in assessment.partial],
            "partial": assessment.partial,
            "rivals": assessment.rivals,
            "other": other,
        }
        return figures, count

    def _pending(self, indicator: Indicator) -> list[Observation]:
        """Drafts and submitted figures this user may see, awaiting approval."""
        if not is_active(self.request.user):
            return []
        queryset = (
            Observation.objects.restrict(self.request.user, "view")
            .filter(indicator=indicator)
            .exclude(status=Observation.Status.APPROVED)
            .select_related("locality", "zone", "submitted_by")
            .order_by("year", "period")
        )
        return _label_periods({"pending": list(queryset)})["pending"]


class AssessmentExportView(View):
    """The assessment table of one indicator as an Excel file."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        indicator = find_indicator(request, code)
        content = exports.assessment_workbook(province_report(indicator))
        response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        filename = f"{indicator.code}-assessment.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _approved(records: Iterable[Any], province_only: bool = False) -> list[Any]:
    """Approved baselines or targets, current and superseded, in year order."""
    kept = [
        r for r in records if r.is_approved and not (province_only and r.locality_id is not None)
    ]
    return sorted(kept, key=lambda r: (getattr(r, "year", 0), getattr(r, "start_year", 0), r.pk))


def _latest_figure(item: IndicatorReport) -> Observation | None:
    """The most recent figure that counts, of any period (a 9-month figure after the year's)."""
    if not item.used:
        return None
    latest = item.used[-1]
    latest.period_label = exports.period_label(latest)
    return latest


def _label_periods(groups: dict[str, list[Observation]]) -> dict[str, list[Observation]]:
    for observations in groups.values():
        for obs in observations:
            obs.period_label = exports.period_label(obs)
    return groups


def attach_history(observations: list[Observation]) -> None:
    """Give each observation its changes, newest first, in one query for all of them."""
    if not observations:
        return
    content_type = ContentType.objects.get_for_model(Observation, for_concrete_model=False)
    changes = ChangeRecord.objects.filter(
        content_type=content_type, object_id__in=[str(o.pk) for o in observations]
    ).select_related("user")
    by_object: dict[str, list] = defaultdict(list)
    for change, rows in readable_history(changes):  # linked names read once for all
        by_object[change.object_id].append((change, rows))
    for obs in observations:
        obs.changes = by_object.get(str(obs.pk), [])
