"""The overdue list and the agency scorecard with its chart."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from xuctien.actions import overdue, scorecard_sections
from xuctien.actions.forms import ScorecardForm
from xuctien.actions.models import Occurrence
from xuctien.actions.scorecard import (
    CACHE_KEY,
    SYNTHETIC_SHOWN,
    Score,
    agency_names,
    fold,
    folds,
    in_rank_order,
    named,
    province_groups,
    ranked,
    reading_provinces,
    synthetic_shown,
)
from xuctien.actions.views.base import TaskAccessMixin
from xuctien.core import aggregates
from xuctien.core.exports import ExportMixin, Sheet


class OverdueView(TaskAccessMixin, ListView):
    """Every open occurrence past its due date, the longest overdue first."""

    template_name = "actions/overdue.html"
    context_object_name = "occurrences"
    paginate_by = 100

    def get_queryset(self) -> QuerySet:
        self.today = timezone.localdate()
        user = self.request.user
        occurrences = (
            overdue.overdue(Occurrence.objects.restrict(user, "view"), self.today)
            .order_by("due_date", "pk")
            .values_list(*overdue.ROW_COLUMNS)
        )
        # A reader of tasks reads every task of their provinces: the count is theirs.
        return aggregates.counted(occurrences, overdue.count(reading_provinces(user), self.today))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The page's rows as plain values (``overdue.rows``), not model instances.
        found = overdue.rows(context["occurrences"], self.today)
        if context.get("page_obj") is not None:
            context["page_obj"].object_list = found
        context.update(occurrences=found, object_list=found)
        return context


class ScorecardView(TaskAccessMixin, ExportMixin, TemplateView):
    """How each lead agency keeps its deadlines: the agencies ranked, a page at a time."""

    template_name = "actions/scorecard.html"
    export_name = "scorecard"
    agencies_per_page = 25

    def export_sheets(self) -> list[Sheet]:
        """The scorecard's table, then each section's table, as the page shows them."""
        context = self.get_context_data()
        headers = [
            _("Lead agency"),
            _("Period"),
            _("Due"),
            _("Done on time"),
            _("Done late"),
            _("Overdue"),
            _("Not yet due"),
            _("Median delay (days)"),
        ]
        rows = [
            [s.agency, s.period, s.due, s.on_time, s.late, s.overdue, s.not_yet_due, s.median_delay]
            for s in context["all_scores"]
        ]
        title = _("Agency scorecard") + f" {context['year']}"
        sections = scorecard_sections.section_sheets(context["sections"])
        return [Sheet(title, headers, rows), *sections]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # The form shows what the table shows, also before the first "Show".
        initial = {"year": today.year, "period": "quarter"}
        form = ScorecardForm(self.request.GET or None, initial=initial)
        data = form.cleaned_data if form.is_valid() else {}
        year, by = data.get("year") or today.year, data.get("period") or "quarter"
        provinces = reading_provinces(self.request.user)
        found = folds(CACHE_KEY, provinces, province_groups, fold, year, today, by, SYNTHETIC_SHOWN)
        lists = (found["year"], found[by], found["synthetic"])
        ids = {score.agency_id for scores in lists for score in scores}
        names = agency_names(ids, self.request.LANGUAGE_CODE == "en")
        # Synthetic (demo) tasks never count in a real agency's score: shown apart, marked.
        totals = ranked(named(found["year"], names))
        page = Paginator(totals, self.agencies_per_page).get_page(self.request.GET.get("page"))
        shown = {total.agency_id for total in page.object_list}
        all_scores = in_rank_order(named(found[by], names), totals)
        scores = [score for score in all_scores if score.agency_id in shown]
        url = reverse("actions:task-list")
        for score in [*scores, *page.object_list]:
            score.links = drill_down_links(score, url)
        context.update(
            form=form,
            year=year,
            by=by,
            scores=scores,
            all_scores=all_scores,
            totals=page.object_list,
            page_obj=page,
            **synthetic_shown(named(found["synthetic"], names), ranked, found["synthetic_count"]),
            chart=chart_options(list(page.object_list)),
            sections=scorecard_sections.sections(self.request, year),
        )
        return context


def drill_down_links(score: Score, url: str = "") -> dict[str, str]:
    """Task-list URLs for each figure of a score: the agency's tasks due in the period
    (``url``: the task list's, reversed once for a page of scores)."""
    first, last = score.bounds
    url = url or reverse("actions:task-list")
    base = {"lead_agency": score.agency_id, "due_after": first, "due_before": last}
    due = f"{url}?{urlencode(base)}"
    links = {"due": due}
    for outcome in ("on_time", "late", "overdue", "open"):
        links[outcome] = f"{due}&outcome={outcome}"
    return links


def chart_options(totals: list[Score]) -> dict[str, Any]:
    """An ECharts stacked horizontal bar: each agency's occurrences by outcome.

    The colours are those of the status badges (app.css ``--status-*``), so the chart
    and the table agree.
    """
    series = [
        (_("Done on time"), "on_time", "#17603a"),
        (_("Done late"), "late", "#7a5200"),
        (_("Overdue"), "overdue", "#a4241b"),
        (_("Not yet due"), "not_yet_due", "#586271"),
    ]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 32, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [s.agency for s in totals], "inverse": True},
        "series": [
            {
                "name": str(name),
                "type": "bar",
                "stack": "total",
                "itemStyle": {"color": colour},
                "data": [getattr(s, attr) for s in totals],
            }
            for name, attr, colour in series
        ],
    }
