"""The project filters, shared by the list page, its Excel export and the API."""

from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.filters import (
    BoundedMultiSelect,
    MultiSelect,
    RecordsFilter,
    Select,
    YesNoFilter,
)
from xuctien.core.forms import Form
from xuctien.core.models import User, Zone
from xuctien.core.search import fold, search_q
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
#: The same, by the table each name lives in (``search_projects``).
PROJECT_OWN_SEARCH = ("name", "irc_number", "sector_text", "place_text")
PROJECT_INVESTOR_SEARCH = ("name", "parent_group")
PROJECT_ZONE_SEARCH = ("code", "name_vi", "name_en")
PROJECT_SECTOR_SEARCH = ("name_vi", "name_en")


def search_projects(queryset: QuerySet, value: str) -> QuerySet:
    """The projects of ``queryset`` in which every word of ``value`` is found in one of the
    ``PROJECT_SEARCH`` fields (accent- and case-blind).

    Each word is looked up table by table (the project's own names, its investors, its zone,
    its sector) and the matches are joined as project ids, so the query needs no DISTINCT
    over every column and each table's trigram index can answer (decision record 0026).
    The parts by the project's own columns, zone and sector look among ``queryset`` only:
    a province's search does not gather the nation's projects of a common sector first.
    Zones and sectors are a few hundred rows: they are matched here, in Python, and the
    query names their ids, which the indexes on ``zone`` and ``sector`` answer (folding
    every zone's and sector's names in SQL, twice a word, cost more than the search).
    """
    # a part of a UNION takes no ORDER BY; the matches are ids, not rows with their relations
    projects = queryset.order_by().select_related(None).prefetch_related(None)
    words = fold(value).split()
    zones = found_in(Zone.objects.all(), PROJECT_ZONE_SEARCH, words)
    sectors = found_in(Sector.objects.all(), PROJECT_SECTOR_SEARCH, words)
    for word in words:
        investors = Investor.objects.filter(search_q(word, PROJECT_INVESTOR_SEARCH))
        parts = [
            Project.investors.through.objects.order_by()
            .filter(investor__in=investors.order_by().values("pk"))
            .values("project_id")
        ]
        if zones[word]:
            parts.append(projects.filter(zone__in=zones[word]).values("pk"))
        if sectors[word]:
            parts.append(projects.filter(sector__in=sectors[word]).values("pk"))
        matches = projects.filter(search_q(word, PROJECT_OWN_SEARCH)).values("pk").union(*parts)
        queryset = queryset.filter(pk__in=matches)
    return queryset


def found_in(records: QuerySet, fields: tuple[str, ...], words: list[str]) -> dict[str, list]:
    """Per folded word, the ids of ``records`` (a small table) with the word in one of
    ``fields``, folded by ``fold`` as the database folds them (``core.search``)."""
    rows = [
        (pk, [fold(text) for text in texts])
        for pk, *texts in records.order_by().values_list("pk", *fields)
    ]
    return {
        word: [pk for pk, texts in rows if any(word in text for text in texts)] for word in words
    }


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
        queryset=Sector.objects.all(),
        method="in_sector",
        label=_("Sector (VSIC 2018)"),
        widget=Select,
    )
    priority_group = django_filters.ModelChoiceFilter(
        field_name="priority_groups",
        queryset=PriorityGroup.objects.all(),
        label=_("Priority group"),
        widget=Select,
    )
    country = django_filters.MultipleChoiceFilter(
        choices=country_choices, method="of_country", label=_("Country"), widget=MultiSelect
    )
    zone = django_filters.ModelChoiceFilter(
        # a national reader is offered the nation's ~300 zones: their names only
        queryset=Zone.objects.only("pk", "name_vi", "name_en"),
        method="in_zone",
        label=_("Zone"),
        widget=Select,
    )
    fdi = YesNoFilter(label=_("Investment"), yes=_("Foreign (FDI)"), no=_("Domestic"))
    owner = django_filters.ModelChoiceFilter(
        queryset=visible_owners, label=_("Owner"), widget=Select
    )
    investor = RecordsFilter(
        queryset=visible_investors,
        method="of_investors",
        label=_("Investor"),
        widget=BoundedMultiSelect,
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
        return search_projects(queryset, value)

    def of_country(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Projects with an investor from any of the countries (ids, so no DISTINCT)."""
        links = Project.investors.through.objects.filter(investor__country__in=value)
        return queryset.filter(pk__in=links.values("project_id"))

    def of_investors(self, queryset: QuerySet, name: str, value: list[Investor]) -> QuerySet:
        """Projects of any of the investors."""
        if not value:  # the field cleans "none chosen" to an empty queryset
            return queryset
        links = Project.investors.through.objects.filter(investor__in=value)
        return queryset.filter(pk__in=links.values("project_id"))

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


def unfiltered(filterset: django_filters.FilterSet) -> bool:
    """Whether ``filterset`` filters nothing (a page number is no filter): its counts are
    then those of everything the person sees, which the pipeline's aggregates cache."""
    data = filterset.form.data if filterset.is_bound else {}
    return not any(data.get(name) for name in filterset.filters)


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
