"""The zone filters, shared by the zone list page and ``GET /api/v1/zones/``.

Kind and locality are the zone record's; status, available land and occupancy are the
published figures (``sites.facts``): the newest published report's status over the zone
list's, available land stated or derived. A zone whose figure is unknown does not pass a
bound on that figure: "at least 50 ha available" means known to have 50 ha.
"""

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Locality, Zone
from xuctien.core.search import search_q
from xuctien.sites import facts as site_facts

ZONE_SEARCH = ("code", "name_vi", "name_en", "developer", "locality_text")


class LocalityChoice(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: Locality) -> str:
        return obj.name


def _localities() -> QuerySet:
    """Localities some zone lies in (directly, or a ward or commune of them)."""
    used = Zone.objects.exclude(locality=None)
    return Locality.objects.filter(
        Q(pk__in=used.values("locality")) | Q(pk__in=used.values("locality__parent"))
    ).order_by("name_vi")


class LocalityFilter(django_filters.ModelChoiceFilter):
    field_class = LocalityChoice


def _bound(label: Any, high: int, help_text: Any) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        method="by_figure",
        min_value=0,
        max_value=high,
        help_text=help_text,
    )


class ZoneFilterSet(django_filters.FilterSet):
    """Search, kind, status, locality, available land and occupancy."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Zone.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Zone.Status.choices,
        empty_label=_("All statuses"),
        method="by_status",
        help_text=_("The status the latest published report gives, else the zone list's."),
    )
    locality = LocalityFilter(
        label=_("Locality"),
        queryset=_localities(),
        to_field_name="code",
        method="by_locality",
        empty_label=_("All localities"),
        help_text=_("Locality code: zones in it or in its wards and communes."),
    )
    available_min = _bound(
        _("Available land, at least (ha)"),
        1_000_000,
        _("Zones whose published available land (stated or derived) is at least this."),
    )
    occupancy_min = _bound(
        _("Occupancy, at least (%)"), 100, _("Zones whose published occupancy is at least this.")
    )
    occupancy_max = _bound(
        _("Occupancy, at most (%)"), 100, _("Zones whose published occupancy is at most this.")
    )

    class Meta:
        model = Zone
        fields = ["q", "kind", "status", "locality"]

    #: filter name -> (figure key, keep when value compared to the bound)
    FIGURE_BOUNDS = {
        "available_min": ("available_ha", lambda value, bound: value >= bound),
        "occupancy_min": ("occupancy_pct", lambda value, bound: value >= bound),
        "occupancy_max": ("occupancy_pct", lambda value, bound: value <= bound),
    }

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value, ZONE_SEARCH)) if value else queryset

    def by_locality(self, queryset: QuerySet, name: str, value: Locality | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Q(locality=value) | Q(locality__parent=value))

    def _facts(self, queryset: QuerySet) -> dict[int, site_facts.SiteFacts]:
        return site_facts.facts_for(queryset)

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        keep = [pk for pk, found in self._facts(queryset).items() if found.status == value]
        return queryset.filter(pk__in=keep)

    def by_figure(self, queryset: QuerySet, name: str, value: Decimal | None) -> QuerySet:
        if value is None:
            return queryset
        key, passes = self.FIGURE_BOUNDS[name]
        keep = []
        for pk, found in self._facts(queryset).items():
            figure = found.value(key)
            if figure is not None and passes(Decimal(figure), value):
                keep.append(pk)
        return queryset.filter(pk__in=keep)
