"""The labour filters (occupation, level, zone, year), shared by the pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form
from xuctien.core.models import Zone
from xuctien.labour.models import Need, Occupation, ProgrammeYear, SkillLevel

DATA_CHOICES = [("real", _("Real records")), ("synthetic", _("Synthetic (demo) records"))]


class LabourFilterSet(django_filters.FilterSet):
    """What every labour page filters by; the occupation takes a major or sub-major group."""

    occupation = django_filters.ModelChoiceFilter(
        label=_("Occupation"),
        queryset=Occupation.objects.order_by("code"),
        method="by_occupation",
        to_field_name="code",
    )
    level = django_filters.ChoiceFilter(label=_("Skill level"), choices=SkillLevel.choices)
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), queryset=Zone.objects.all(), method="by_zone"
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    occupation_field = "occupation__code"

    class Meta:
        form = Form
        fields: list[str] = []

    def by_occupation(self, queryset: QuerySet, name: str, value: Occupation) -> QuerySet:
        return queryset.filter(**{f"{self.occupation_field}__startswith": value.code})

    def by_zone(self, queryset: QuerySet, name: str, value: Zone) -> QuerySet:
        return queryset.filter(Q(zone=value) | Q(zone__parent=value))


class NeedFilterSet(LabourFilterSet):
    """Needs: the common filters, and real or synthetic records."""

    #: Lists show every record, the synthetic ones marked; the gap counts real records
    #: unless "synthetic" is chosen, and never both together.
    data = django_filters.ChoiceFilter(
        label=_("Records"), choices=DATA_CHOICES, method="by_data", empty_label=_("All records")
    )

    class Meta(LabourFilterSet.Meta):
        model = Need

    def by_data(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_synthetic=value == "synthetic")


class SupplyFilterSet(LabourFilterSet):
    """Programme years: the zone narrows to institutions in the zone's locality."""

    occupation_field = "programme__occupation__code"
    level = django_filters.ChoiceFilter(
        label=_("Skill level"), choices=SkillLevel.choices, field_name="programme__level"
    )

    class Meta(LabourFilterSet.Meta):
        model = ProgrammeYear

    def by_zone(self, queryset: QuerySet, name: str, value: Zone) -> QuerySet:
        return queryset.filter(programme__institution__locality=value.locality_id)


class GapFilterSet(NeedFilterSet):
    """The gap's filters: real records unless synthetic ones are chosen, never both."""

    data = django_filters.ChoiceFilter(
        label=_("Records"), choices=DATA_CHOICES, method="by_data", empty_label=None
    )

    def __init__(self, data=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if data is not None and not data.get("data"):
            data = data.copy()
            data["data"] = "real"
        super().__init__(data, *args, **kwargs)
