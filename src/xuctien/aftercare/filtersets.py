"""The request filters, shared by the request list page and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuctien.aftercare import enterprises
from xuctien.aftercare.forms import lookup_input
from xuctien.aftercare.models import Category, Channel, Escalation, Request, Status
from xuctien.core import scope
from xuctien.core.filters import BoundedSelect, MultiSelect, YesNoFilter
from xuctien.core.forms import Form
from xuctien.core.models import Agency
from xuctien.core.search import search_q

#: What a request is found by: its text, the company and the project it concerns.
REQUEST_SEARCH = (
    "title",
    "description",
    "enterprise__name",
    "project__name",
    "project__irc_number",
)


def _visible(request) -> QuerySet:  # type: ignore[no-untyped-def]
    user = getattr(request, "user", None)
    return Request.objects.restrict(user, "view").values("pk")


def _enterprises(request) -> QuerySet:  # type: ignore[no-untyped-def]
    """Only the companies whose requests the person may see: the list leaks no names."""
    from xuctien.investments.models import Investor

    return Investor.objects.filter(aftercare_requests__in=_visible(request)).distinct()


def _projects(request) -> QuerySet:  # type: ignore[no-untyped-def]
    from xuctien.investments.models import Project

    return Project.objects.filter(aftercare_requests__in=_visible(request)).distinct()


def _agencies(request) -> QuerySet:  # type: ignore[no-untyped-def]
    """The agencies of the person's provinces (a national role: every province's, listed
    while they are a few hundred: ``BoundedSelect``)."""
    user = getattr(request, "user", None)
    if scope.narrows(user):
        return Agency.objects.filter(province__in=scope.province_ids(user))
    return Agency.objects.all()


class RequestFilterSet(django_filters.FilterSet):
    """Search, category, status, escalation, channel, agency, dates and lateness."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"), choices=Category.choices, widget=MultiSelect
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=MultiSelect
    )
    escalation = django_filters.ChoiceFilter(label=_("Escalation"), choices=Escalation.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=_agencies, method="by_agency", widget=BoundedSelect
    )
    received_after = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte"
    )
    received_before = django_filters.DateFilter(
        label=_("Received until"), field_name="received_on", lookup_expr="lte"
    )
    overdue = YesNoFilter(label=_("Past its deadline"), method="by_overdue")
    # The page types the enterprise (``company``); ``enterprise`` takes its id (the API).
    company = django_filters.CharFilter(
        label=_("Enterprise"),
        method="by_company",
        widget=lookup_input("company-suggestions"),
        help_text=_("Its name or its tax code."),
    )
    enterprise = django_filters.ModelChoiceFilter(label=_("Enterprise"), queryset=_enterprises)
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=_projects)

    class Meta:
        form = Form  # date pickers that show and send ISO dates
        model = Request
        fields = ["enterprise", "project"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value, REQUEST_SEARCH))

    def by_company(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(enterprises.text_q(value, "enterprise__")) if value else queryset

    def by_agency(self, queryset: QuerySet, name: str, value: Agency) -> QuerySet:
        held = Request.objects.filter(assignments__agency=value, assignments__withdrawn=False)
        return queryset.filter(pk__in=held.values("pk"))

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Request.objects.filter(
            assignments__withdrawn=False,
            assignments__answered_on__isnull=True,
            assignments__deadline__lt=timezone.localdate(),
        )
        condition = Q(pk__in=late.values("pk"))
        return queryset.filter(condition if value else ~condition)
