"""A zone filter's choices read as names (``core.filters.NamedFilter``) are the very choices,
and the very HTML, of Django's model choices: every zone, in the reader's language."""

import django_filters
import pytest
from django import forms
from django.utils import translation

from tests.factories import ZoneFactory
from tests.investments.factories import PriorityGroupFactory, SectorFactory
from xuctien.core.filters import CodedNamedField, CodedNamedFilter, NamedField, NamedFilter, Select
from xuctien.core.models import Zone
from xuctien.investments.filtersets import ProjectFilterSet
from xuctien.investments.models import PriorityGroup, Sector

pytestmark = pytest.mark.django_db


class Old(forms.Form):
    zone = django_filters.fields.ModelChoiceField(queryset=Zone.objects.all(), widget=Select)


class New(forms.Form):
    zone = NamedField(queryset=Zone.objects.all(), widget=Select)


def test_the_named_filter_reads_its_choices_as_names():
    assert NamedFilter.field_class is NamedField


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_named_choices_are_the_model_choices(language):
    zones = [
        ZoneFactory(code="A", name_vi='KCN <Đông> & "Mai"', name_en="Dong Mai IP"),
        ZoneFactory(code="B", name_vi="CCN Hà Khẩu", name_en=""),
        ZoneFactory(code="C", name_vi="KKT Vân Đồn", name_en="Van Don EZ"),
    ]
    for data in (None, {"zone": str(zones[1].pk)}, {"zone": "nope"}):
        with translation.override(language):
            old = str(Old(data)["zone"])
            new = str(New(data)["zone"])
            assert list(New(data).fields["zone"].choices)[1][1] == str(Zone.objects.first())
        assert new == old
        assert old.count("<option") == 4


class OldSector(forms.Form):
    sector = django_filters.fields.ModelChoiceField(queryset=Sector.objects.all(), widget=Select)
    group = django_filters.fields.ModelChoiceField(
        queryset=PriorityGroup.objects.all(), widget=Select
    )


class NewSector(forms.Form):
    sector = CodedNamedField(queryset=Sector.objects.all(), widget=Select)
    group = NamedField(queryset=PriorityGroup.objects.all(), widget=Select)


def test_the_project_filters_read_sectors_and_priority_groups_as_rows():
    filters = ProjectFilterSet.base_filters
    assert filters["sector"].field_class is CodedNamedField
    assert filters["priority_group"].field_class is NamedField
    assert CodedNamedFilter.field_class is CodedNamedField


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_coded_choices_are_the_model_choices(language):
    sectors = [
        SectorFactory(code="10", name_vi='Chế biến <thực> & "phẩm"', name_en="Food"),
        SectorFactory(code="C", name_vi="Công nghiệp chế biến", name_en=""),
    ]
    groups = [
        PriorityGroupFactory(code="a", name_vi="Điện tử", name_en="Electronics"),
        PriorityGroupFactory(code="b", name_vi="Cơ khí", name_en=""),
    ]
    chosen = {"sector": str(sectors[1].pk), "group": str(groups[0].pk)}
    for data in (None, chosen, {"sector": "nope"}):
        with translation.override(language):
            old = str(OldSector(data)["sector"]) + str(OldSector(data)["group"])
            new = str(NewSector(data)["sector"]) + str(NewSector(data)["group"])
        assert new == old
        assert old.count("<option") == 6
