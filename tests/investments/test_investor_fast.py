"""The investors' API writes, through ``FastRepresentation``, what DRF's own path writes."""

import json

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.investments.factories import InvestorFactory
from xuctien.investments.api.serializers import InvestorSerializer
from xuctien.investments.models import Investor

pytestmark = pytest.mark.django_db


class PlainInvestor(InvestorSerializer):
    to_representation = serializers.Serializer.to_representation


def test_an_investors_json_is_drfs_key_order_included():
    InvestorFactory(name="Công ty Đông Á", country="KR", name_zh="东亚", website="https://a.kr")
    InvestorFactory(name="Nobody", country="", tax_code="0101", is_synthetic=True)
    InvestorFactory(name="Odd", country="Q9", source_url="https://example.org/x")
    investors = list(Investor.objects.order_by("name"))
    fast = InvestorSerializer(investors, many=True).data
    plain = PlainInvestor(investors, many=True).data
    assert JSONRenderer().render(fast) == JSONRenderer().render(plain)
    assert json.loads(JSONRenderer().render(fast))[0]["country"] == "KR"


def test_the_schema_of_an_investor_is_unchanged():
    """The fast path is called, not mixed in: no description of the component appears."""
    from django.urls import reverse
    from rest_framework.test import APIClient

    schema = APIClient().get(reverse("api-schema"), {"format": "json"}).json()
    investor = schema["components"]["schemas"]["Investor"]
    assert "description" not in investor
    assert list(investor["properties"])[:3] == ["id", "name", "name_zh"]
