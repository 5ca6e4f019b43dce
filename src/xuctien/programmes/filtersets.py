"""Filters for indicators and observations, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from xuctien.core.filters import YesNoFilter
from xuctien.core.forms import Form
from xuctien.programmes.models import Indicator, Observation


class IndicatorFilterSet(django_filters.FilterSet):
    """Programme (by code), breakthrough number and behaviour."""

    programme = django_filters.CharFilter(field_name="programme__code", label=_("Programme"))
    breakthrough = django_filters.NumberFilter(
        field_name="breakthrough__number", label=_("Breakthrough")
    )
    behaviour = django_filters.ChoiceFilter(choices=Indicator.Behaviour.choices)

    class Meta:
        model = Indicator
        form = Form  # record choices of the reader's provinces
        fields = ["programme", "breakthrough", "behaviour"]


class ObservationFilterSet(django_filters.FilterSet):
    """Indicator (by code), year, status, kind of figure, and whether it was accepted."""

    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indicator"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=Observation.Status.choices, label=_("Status"))
    estimate = django_filters.ChoiceFilter(
        choices=Observation.Estimate.choices, label=_("Kind of figure")
    )
    accepted = YesNoFilter(label=_("Accepted"))

    class Meta:
        model = Observation
        form = Form  # record choices of the reader's provinces
        fields = ["indicator", "year", "status", "estimate", "accepted"]
