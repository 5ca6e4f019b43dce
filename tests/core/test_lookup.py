"""A record typed by name or code: found among the records the field allows, or refused."""

import pytest
from django import forms
from django.utils.translation import override

from tests.investments.factories import InvestorFactory
from xuctien.core.lookup import LookupField
from xuctien.investments.models import Investor

pytestmark = pytest.mark.django_db


class CompanyForm(forms.Form):
    company = LookupField(Investor.objects.all(), codes=("tax_code",))


def chosen(text):
    form = CompanyForm({"company": text})
    with override("en"):
        return form.cleaned_data["company"] if form.is_valid() else form.errors["company"][0]


def test_a_company_is_found_by_its_name_its_tax_code_or_as_it_is_shown():
    tanaka = InvestorFactory(name="Tanaka Việt Nam", tax_code="5701234567")

    assert chosen("tanaka việt nam") == tanaka
    assert chosen("5701234567") == tanaka
    assert chosen("Tanaka Việt Nam (5701234567)") == tanaka
    assert chosen(str(tanaka.pk)) == tanaka  # what a select would have sent


def test_a_name_two_companies_share_asks_for_the_code():
    first = InvestorFactory(name="Hòa Phát", tax_code="0101111111")
    InvestorFactory(name="Hòa Phát", tax_code="0102222222")

    assert chosen("Hòa Phát") == "Several records have this name: type the code instead."
    assert chosen("0101111111") == first


def test_a_company_outside_the_fields_choice_is_refused():
    outside = InvestorFactory(name="Công ty ngoài", tax_code="0109999999")
    form = CompanyForm({"company": "Công ty ngoài"})
    form.fields["company"].queryset = Investor.objects.exclude(pk=outside.pk)

    assert not form.is_valid()
    assert chosen("Không có công ty này") == "No record of that name or code: check the spelling."


def test_the_field_is_a_text_input_showing_the_record_and_its_code_or_id():
    coded = InvestorFactory(name="Samsung", tax_code="2300000001")
    uncoded = InvestorFactory(name="Foxconn", tax_code="")

    html = str(CompanyForm(initial={"company": coded.pk})["company"])
    assert 'type="text"' in html
    assert "<option" not in html
    assert 'value="Samsung (2300000001)"' in html
    assert chosen(f"Foxconn (#{uncoded.pk})") == uncoded
