"""A zone filter's choices read as names (``core.filters.NamedFilter``) are the very choices,
and the very HTML, of Django's model choices: every zone, in the reader's language."""

import django_filters
import pytest
from django import forms
from django.utils import translation

from tests.factories import ZoneFactory
from xuctien.core.filters import NamedField, NamedFilter, Select
from xuctien.core.models import Zone

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
