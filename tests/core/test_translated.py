"""One helper gives curated text in the reader's language, the other as fallback."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import AgencyFactory
from xuctien.core.models import in_language, translated
from xuctien.programmes.models import Indicator


def test_english_when_english_is_active_and_written():
    with translation.override("en"):
        assert in_language("nghìn tỷ đồng", "VND trillion") == "VND trillion"
        assert in_language("nghìn tỷ đồng", "") == "nghìn tỷ đồng"
    with translation.override("vi"):
        assert in_language("nghìn tỷ đồng", "VND trillion") == "nghìn tỷ đồng"
        assert in_language("", "VND trillion") == "VND trillion"


def test_a_field_without_a_vi_suffix_is_the_vietnamese_one():
    indicator = Indicator(unit="việc làm", unit_en="jobs", description="Số việc làm mới.")

    with translation.override("en"):
        assert translated(indicator, "unit") == "jobs"
        assert translated(indicator, "description") == "Số việc làm mới."  # no English yet
    with translation.override("vi"):
        assert translated(indicator, "unit") == "việc làm"


@pytest.mark.django_db
def test_the_template_filter_follows_the_page_language():
    agency = AgencyFactory(role="Xúc tiến đầu tư", role_en="Investment promotion")
    template = Template('{% load xuctien %}{{ agency|translated:"role" }}')

    with translation.override("en"):
        assert template.render(Context({"agency": agency})) == "Investment promotion"
    with translation.override("vi"):
        assert template.render(Context({"agency": agency})) == "Xúc tiến đầu tư"
