"""The project filters, shared by the list page, its Excel export and the API."""

from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.filters import MultiSelect, RecordsFilter, YesNoFilter
from xuctien.core.forms import Form
from xuctien.core.models import User, Zone
from xuctien.core.search import search_q
from xuctien.investments import access
from xuctien.investments.countries import country_choices
from xuctien.investments.models import Investor, PriorityGroup, Project, Sector, Stage

#: What a project is found by: its own names, and the names a user expects beside it.
PROJECT_SEARCH = (
    "name",
    "irc_number",
    "sector_text",
    "place_text",
    "investors__name",
    "investors__parent_group",
    "zone__code",
    "zone__name_vi",
    "zone__name_en",
    "sector__name_vi",
    "sector__name_en",
)


def _visitor(request: Any) -> Any:
    return getattr(request, "user", None) or AnonymousUser()


def visible_investors(request: Any) -> QuerySet:
    """Only investors the visitor may see can be filtered on: a confidential investor's id
    answers exactly as an id that does not exist."""
    return Investor.objects.restrict(_visitor(request), "view").order_by("name", "pk")


def visible_owners(request: Any) -> QuerySet:
    """Owners are confidential: only those who see them filter on them."""
    if not access.sees_all(_visitor(request)):
        return User.objects.none()
    return User.objects.filter(owned_projects__isnull=False).distinct()


class ProjectFilterSet(django_filters.FilterSet):
    """Stage, sector, priority group, country, zone, FDI or domestic, owner, and a search."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    stage = django_filters.MultipleChoiceFilter(
        choices=Stage.choices, label=_("Stage"), widget=MultiSelect
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), method="in_sector", label=_("Sector (VSIC 2018)")
    )
    priority_group = django_filters.ModelChoiceFilter(
        field_name="priority_groups",
        queryset=PriorityGroup.objects.all(),
        label=_("Priority group"),
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="investors__country",
        choices=country_choices,
        label=_("Country"),
        distinct=True,
        widget=MultiSelect,
    )
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), method="in_zone", label=_("Zone")
    )
    fdi = YesNoFilter(label=_("Investment"), yes=_("Foreign (FDI)"), no=_("Domestic"))
    owner = django_filters.ModelChoiceFilter(queryset=visible_owners, label=_("Owner"))
    investor = RecordsFilter(
        field_name="investors",
        queryset=visible_investors,
        label=_("Investor"),
        distinct=True,
        widget=MultiSelect,
    )

    class Meta:
        model = Project
        form = Form  # record choices of the reader's provinces
        fields = [
            "q",
            "stage",
            "sector",
            "priority_group",
            "country",
            "zone",
            "fdi",
            "owner",
            "investor",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """By the project's names, its IRC number, its investors, its zone and sector."""
        return queryset.filter(search_q(value, PROJECT_SEARCH)).distinct()

    def in_sector(self, queryset: QuerySet, name: str, value: Sector) -> QuerySet:
        """A section takes in its divisions."""
        if value.level == Sector.Level.SECTION:
            return queryset.filter(sector__section=value.section)
        return queryset.filter(sector=value)

    def in_zone(self, queryset: QuerySet, name: str, value: Zone) -> QuerySet:
        """A zone takes in the parks and clusters within it."""
        return queryset.filter(
            Q(zone=value) | Q(zone__parent=value) | Q(zone__parent__parent=value)
        )


def filtered_projects(request, queryset: QuerySet | None = None) -> ProjectFilterSet:
    """The filter set bound to the request, over the projects the user may see."""
    base = queryset if queryset is not None else Project.objects.all()
    base = base.restrict(request.user, "view").select_related("sector", "zone", "owner")
    queryset = base.prefetch_related("investors")
    return ProjectFilterSet(request.GET or None, queryset=queryset, request=request)


class InvestorFilterSet(django_filters.FilterSet):
    """Search by any of an investor's names or its group; countries (any of several)."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.MultipleChoiceFilter(
        choices=country_choices, label=_("Country"), widget=MultiSelect
    )

    class Meta:
        model = Investor
        form = Form  # record choices of the reader's provinces
        fields = ["q", "country"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value, INVESTOR_SEARCH))


#: What an investor is found by: its names in every script, its group, its tax code.
INVESTOR_SEARCH = (
    "name",
    "name_zh",
    "name_ko",
    "name_ja",
    "parent_group",
    "country_text",
    "tax_code",
)
