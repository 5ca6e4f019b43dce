"""``?province=CODE`` on every list: a code no province can have matches nothing, never a 500."""

import pytest

from tests.factories import ProvinceFactory
from tests.investments.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["\x00", "Q\x00N", "Q" * 41])
def test_an_impossible_province_code_gives_an_empty_list(admin_client, code):
    ProjectFactory(province=ProvinceFactory())
    answer = admin_client.get("/api/v1/projects/", {"province": code})
    assert answer.status_code == 200
    assert answer.json()["count"] == 0


def test_the_province_code_keeps_its_projects(admin_client):
    ProjectFactory(province=ProvinceFactory())
    assert admin_client.get("/api/v1/projects/", {"province": "QN"}).json()["count"] == 1
    assert admin_client.get("/api/v1/projects/", {"province": "HP"}).json()["count"] == 0
