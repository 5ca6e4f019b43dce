"""The task filters, shared by the task list page and the API."""

from datetime import date

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.actions.models import Recurrence, Status, Task, TaskGroup
from xuctien.core import scope
from xuctien.core.filters import BoundedSelect, MultiSelect, Select, YesNoFilter
from xuctien.core.forms import Form
from xuctien.core.models import Agency
from xuctien.core.search import search_q
from xuctien.programmes.models import SolutionGroup

#: What a task is found by: its titles and texts, and the agency that leads it.
TASK_SEARCH = (
    "title_vi",
    "title_en",
    "description",
    "expected_output",
    "lead_agency__code",
    "lead_agency__name_vi",
    "lead_agency__name_en",
)
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE]
OUTCOMES = [
    ("on_time", _("Done on time")),
    ("late", _("Done late")),
    ("overdue", _("Overdue")),
    ("open", _("Not yet due")),
]


#: What an option of a record reads: its name in either language.
NAMED = ("pk", "name_vi", "name_en")


def _agencies(request) -> QuerySet:  # type: ignore[no-untyped-def]
    """The agencies of the person's provinces (a national role: every province's, listed
    while they are a few hundred: ``BoundedSelect``)."""
    user = getattr(request, "user", None)
    agencies = Agency.objects.only(*NAMED)  # an option is its name
    if scope.narrows(user):
        return agencies.filter(province__in=scope.province_ids(user))
    return agencies


def _solution_groups(request) -> QuerySet:  # type: ignore[no-untyped-def]
    """The solution groups of the programmes of the person's provinces."""
    user = getattr(request, "user", None)
    groups = SolutionGroup.objects.only(*NAMED)  # an option is its name
    if scope.narrows(user):
        return groups.filter(programme__province__in=scope.province_ids(user))
    return groups


class TaskFilterSet(django_filters.FilterSet):
    """Search, agency, status and the due-date window of the task's occurrences.

    ``due_after``, ``due_before`` and ``outcome`` select tasks by the same occurrences
    (one due in the window with that outcome), which is what the scorecard links to.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    lead_agency = django_filters.ModelChoiceFilter(
        label=_("Lead agency"), queryset=_agencies, widget=BoundedSelect
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Lead or coordinating agency"),
        queryset=_agencies,
        method="by_agency",
        widget=BoundedSelect,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=MultiSelect
    )
    # Options written in Python (``Select``): a national reader lists every programme's.
    solution_group = django_filters.ModelChoiceFilter(
        label=_("Solution group"), queryset=_solution_groups, widget=Select
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Task group"), queryset=TaskGroup.objects.all(), widget=Select
    )
    recurrence = django_filters.ChoiceFilter(
        label=_("Recurrence"), choices=Recurrence.choices, widget=Select
    )
    due_after = django_filters.DateFilter(label=_("Due from"), method="by_occurrence")
    due_before = django_filters.DateFilter(label=_("Due until"), method="by_occurrence")
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=OUTCOMES, method="by_occurrence"
    )
    is_reference = YesNoFilter(label=_("Reference directive"))

    class Meta:
        form = Form  # date pickers that show and send ISO dates
        model = Task
        fields = ["programme", "breakthrough"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value, TASK_SEARCH)).distinct()

    def by_agency(self, queryset: QuerySet, name: str, value: Agency) -> QuerySet:
        return queryset.filter(Q(lead_agency=value) | Q(coordinating_agencies=value)).distinct()

    def by_occurrence(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        # Applied once, for all three fields together, in filter_queryset.
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        condition = occurrence_condition(
            self.form.cleaned_data.get("due_after"),
            self.form.cleaned_data.get("due_before"),
            self.form.cleaned_data.get("outcome") or "",
            timezone.localdate(),
        )
        if condition is None:
            return queryset
        return queryset.filter(pk__in=Task.objects.filter(condition).values("pk"))


def occurrence_condition(
    after: date | None, before: date | None, outcome: str, today: date
) -> Q | None:
    """A condition on ``occurrences__`` matching one occurrence by due window and outcome."""
    parts = []
    if after:
        parts.append(Q(occurrences__due_date__gte=after))
    if before:
        parts.append(Q(occurrences__due_date__lte=before))
    outcomes = {
        "on_time": Q(occurrences__status=Status.DONE),
        "late": Q(occurrences__status=Status.DONE_LATE),
        "overdue": Q(occurrences__due_date__lt=today) & Q(occurrences__status__in=OPEN),
        "open": Q(occurrences__due_date__gte=today) & Q(occurrences__status__in=OPEN),
    }
    if outcome in outcomes:
        parts.append(outcomes[outcome])
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition &= part
    return condition


def filters_nothing(filterset: django_filters.FilterSet) -> bool:
    """Whether ``filterset`` filters nothing (a page number is no filter): the list is then
    every task the reader reads, which their provinces' cached counts count."""
    data = filterset.form.data if filterset.is_bound else {}
    return not any(data.get(name) for name in filterset.filters)
