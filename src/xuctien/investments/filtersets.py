"""The project filters, shared by the list page, its Excel export and the API."""

from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction
from django.db.models import Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from xuctien.core.filters import (
    BoundedMultiSelect,
    CodedNamedFilter,
    MultiSelect,
    NamedFilter,
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


#: At most this many projects found by their own names or investors (every word together)
#: are read as ids; beyond, the search names them by subqueries (``search_projects``).
MATCHED_IDS = 5000


def search_projects(queryset: QuerySet, value: str) -> QuerySet:
    """The projects of ``queryset`` in which every word of ``value`` is found in one of the
    ``PROJECT_SEARCH`` fields (accent- and case-blind).

    Each word is looked up table by table (the project's own names, its investors, its zone,
    its sector), so the query needs no DISTINCT over every column and each table's trigram
    index can answer (decision record 0026). Zones and sectors are a few hundred rows:
    they are matched here, in Python, and the query names their ids, which the indexes on
    ``zone`` and ``sector`` answer (decision record 0035).

    The trigram parts (own names, investors) are asked once, in one query for every word,
    and come back as ids: the list then counts and pages on plain columns only (a word is
    ``id IN (…) OR zone IN (…) OR sector IN (…)``), which the indexes intersect without
    folding a name again or reading every project of a common sector; before, the count
    and the page each joined every word's matches to the nation's projects (decision record
    0041). When the names match more than ``MATCHED_IDS`` projects, the words name
    their matches by subqueries instead (``_search_by_subqueries``), as before.
    """
    # a part of a UNION takes no ORDER BY; the matches are ids, not rows with their relations
    projects = queryset.order_by().select_related(None).prefetch_related(None)
    words = list(dict.fromkeys(fold(value).split()))
    if not words:
        return queryset
    zones = found_in(Zone.objects.all(), PROJECT_ZONE_SEARCH, words)
    sectors = found_in(Sector.objects.all(), PROJECT_SECTOR_SEARCH, words)
    named = _named_ids(projects, words)
    if named is None:
        return _search_by_subqueries(queryset, projects, words, zones, sectors)
    every = Q()  # every word found, by the named ids, the zone or the sector
    for word in words:
        found = Q(pk__in=sorted(named[word])) if named[word] else Q(pk__in=[])
        if zones[word]:
            found |= Q(zone__in=zones[word])
        if sectors[word]:
            found |= Q(sector__in=sectors[word])
        every &= found
    by_place = _by_zone_and_sector(words, zones, sectors)
    if by_place is None:
        return queryset.filter(every)
    named_any = sorted(set().union(*named.values()))
    by_name = (Q(pk__in=named_any) & every) if named_any else Q(pk__in=[])
    return queryset.filter(by_name | by_place)


#: Beyond this many (zones, sectors) pairs, ``_by_zone_and_sector`` gives up.
PLACE_TERMS = 16


def _by_zone_and_sector(words: list[str], zones: dict, sectors: dict) -> Q | None:
    """The projects in which every word is found by their zone or their sector, as an OR of
    "zone in Z and sector in S" terms the zone and sector indexes intersect (a project whose
    own names or investors hold a word is ``search_projects``' other part). Written so, a
    word found in a common sector ("máy") reads only the projects also found by the other
    words, not every project of that sector. None when the words make too many terms.
    """
    terms: list[tuple[frozenset | None, frozenset | None]] = [(None, None)]  # None: any
    for word in words:
        found = []
        for in_zones, in_sectors in terms:
            if zones[word]:
                narrowed = frozenset(zones[word]) if in_zones is None else in_zones
                found.append((narrowed & frozenset(zones[word]), in_sectors))
            if sectors[word]:
                narrowed = frozenset(sectors[word]) if in_sectors is None else in_sectors
                found.append((in_zones, narrowed & frozenset(sectors[word])))
        terms = list(dict.fromkeys(t for t in found if t[0] != frozenset() and t[1] != frozenset()))
        if len(terms) > PLACE_TERMS:
            return None
    condition = Q(pk__in=[])
    for in_zones, in_sectors in terms:
        term = Q()
        if in_zones is not None:
            term &= Q(zone__in=sorted(in_zones))
        if in_sectors is not None:
            term &= Q(sector__in=sorted(in_sectors))
        condition |= term
    return condition


def _named_parts(projects: QuerySet, word: str) -> list[tuple[QuerySet, str]]:
    """Where ``word`` names projects, as (records, their project id's field): the projects
    with it in their own names, the links to the investors with it in theirs (each a
    trigram index)."""
    investors = Investor.objects.filter(search_q(word, PROJECT_INVESTOR_SEARCH))
    links = Project.investors.through.objects.order_by().filter(
        investor__in=investors.order_by().values("pk")
    )
    if projects.query.where:  # a province's: its links only (a common word names thousands)
        links = links.filter(project__in=projects.values("pk"))
    return [(projects.filter(search_q(word, PROJECT_OWN_SEARCH)), "pk"), (links, "project_id")]


def _named_ids(projects: QuerySet, words: list[str]) -> dict[str, set[int]] | None:
    """Per word, the ids of the projects found by their own names or their investors' (one
    query for every word); None when they are more than ``MATCHED_IDS``."""
    parts = [
        records.annotate(word=Value(index)).values_list("word", field)
        for index, word in enumerate(words)
        for records, field in _named_parts(projects, word)
    ]
    rows = _by_indexes(parts[0].union(*parts[1:], all=True)[: MATCHED_IDS + 1])
    if len(rows) > MATCHED_IDS:
        return None
    named: dict[str, set[int]] = {word: set() for word in words}
    for index, pk in rows:
        named[words[index]].add(pk)
    return named


#: What ``_by_indexes`` prices out: every way of reading a whole table row by row.
_WHOLE_TABLE_SCANS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")


def _by_indexes(queryset: QuerySet) -> list:
    """The rows of ``queryset``; on PostgreSQL read through bitmap scans of their indexes
    (the trigram indexes are only read so), the other scans priced out for this query
    alone. The planner does not know what folding a name costs (``fold_sql``): from its
    statistics it at times preferred folding all 20,000 investors (~0.3 s) to their
    trigram index (~10 ms). With sequential scans alone priced out it then walked the
    investors' primary key and folded every name (80-100 ms): its cost estimate was 2,043
    against the trigram index's 2,031, and an analyse after a day's imports tipped it."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        for setting in _WHOLE_TABLE_SCANS:
            cursor.execute(f"SET LOCAL {setting} = off")
        try:
            return list(queryset)
        finally:  # within a longer transaction, the settings end here
            for setting in _WHOLE_TABLE_SCANS:
                cursor.execute(f"RESET {setting}")


def _search_by_subqueries(
    queryset: QuerySet, projects: QuerySet, words: list[str], zones: dict, sectors: dict
) -> QuerySet:
    """``search_projects`` for words found in too many names to read their ids: each word's
    matches joined as a subquery of project ids."""
    for word in words:
        (own, _pk), (links, field) = _named_parts(projects, word)
        parts = [links.values(field)]
        if zones[word]:
            parts.append(projects.filter(zone__in=zones[word]).values("pk"))
        if sectors[word]:
            parts.append(projects.filter(sector__in=sectors[word]).values("pk"))
        queryset = queryset.filter(pk__in=own.values("pk").union(*parts))
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


def public_investors_only(user: Any) -> bool:
    """``user`` sees only the investors with a public project (``visible_investors`` is
    then the set ``aggregates.public_investors`` counts): the confidential side of the
    pipeline is closed to them everywhere (``counted_investors`` asks the same)."""
    return access.project_scope(user, access.READ, "projects__") is None


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
    sector = CodedNamedFilter(  # "code – name" written from rows, no sector built
        queryset=Sector.objects.all(),
        method="in_sector",
        label=_("Sector (VSIC 2018)"),
        widget=Select,
    )
    priority_group = NamedFilter(
        field_name="priority_groups",
        queryset=PriorityGroup.objects.all(),
        label=_("Priority group"),
        widget=Select,
    )
    country = django_filters.MultipleChoiceFilter(
        choices=country_choices, method="of_country", label=_("Country"), widget=MultiSelect
    )
    zone = NamedFilter(
        # a national reader is offered the nation's ~300 zones: their names only, as rows
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "investor" in self.filters and public_investors_only(_visitor(self.request)):
            # The investors' select counts them to know whether to list them: for whom sees
            # only the public ones, the cached count (nationally ~12 ms of SQL otherwise).
            from xuctien.investments.aggregates import public_investors

            widget = BoundedMultiSelect()
            widget.known_count = public_investors
            self.filters["investor"].extra["widget"] = widget

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


def searched(filterset: django_filters.FilterSet) -> bool:
    """Whether ``filterset`` is searching (its ``q`` holds a word)."""
    data = filterset.form.data if filterset.is_bound else {}
    return bool(fold(data.get("q") or "").split())


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
