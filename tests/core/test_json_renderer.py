"""The API's JSON renderer (orjson) writes what DRF's wrote."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from rest_framework import renderers

from xuctien.core.api.renderers import JSONRenderer

SAMPLES = [
    {"name": "Nhà máy Foxconn", "code": "NQ01", "count": 12, "ok": True, "none": None},
    [{"a": [1, 2, {"b": "c"}]}, [], {}],
    {"line": "một\u2028hai\u2029ba", "quote": 'he said "hi"\n\t\\'},
    {"amount": Decimal("1234.50"), "lazy": gettext_lazy("Overdue"), "safe": mark_safe("<b>x</b>")},
    {
        "day": datetime.date(2026, 12, 1),
        "at": datetime.datetime(2026, 12, 1, 13, 5, 7, 123456, tzinfo=datetime.UTC),
        "naive": datetime.datetime(2026, 12, 1, 13, 5, 7),
        "time": datetime.time(9, 30),
        "span": datetime.timedelta(days=2, seconds=5),
    },
    {1: "int key", "2": "str key"},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "tuple": (1, "a")},
    {"big": 2**70, "negative": -(2**63), "float": 0.1, "share": 36.5},
    "plain text",
    42,
]


@pytest.mark.parametrize("data", SAMPLES)
def test_writes_the_bytes_drf_wrote(data):
    assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


def test_separators_are_escaped_as_drf_escapes_them():
    written = JSONRenderer().render({"text": "a\u2028b\u2029c"})
    assert written == b'{"text":"a\\u2028b\\u2029c"}'


def test_indented_output_is_drfs():
    data = {"a": [1, 2]}
    accepted = "application/json; indent=2"
    written = JSONRenderer().render(data, accepted)
    assert written == renderers.JSONRenderer().render(data, accepted)
    assert b"\n  " in written


def test_nothing_is_empty():
    assert JSONRenderer().render(None) == b""


def test_a_value_drf_refuses_is_still_refused():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})


@pytest.mark.django_db
def test_the_api_answers_with_it(client):
    response = client.get("/api/v1/indicators/")
    assert type(response.accepted_renderer) is JSONRenderer
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
