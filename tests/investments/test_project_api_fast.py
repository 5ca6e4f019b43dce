"""The project API's list, read as values and written by ``core.api.fast``, is DRF's own."""

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.factories import UserFactory, ZoneFactory
from tests.investments.factories import (
    InvestorFactory,
    PriorityGroupFactory,
    ProjectFactory,
    SectorFactory,
)
from xuctien.core.api import fast
from xuctien.core.api.lists import without
from xuctien.investments.api.serializers import (
    CONFIDENTIAL_PROJECT_FIELDS,
    InvestorSerializer,
    ProjectSerializer,
)
from xuctien.investments.models import Project, Stage

pytestmark = pytest.mark.django_db


class PlainItem(without(ProjectSerializer, "note")):
    """The list item as DRF writes it, with the confidential fields popped as before."""

    def to_representation(self, project):
        data = serializers.Serializer.to_representation(self, project)
        request = self.context.get("request")
        if not (request and project.sees_confidential(request.user)):
            for name in CONFIDENTIAL_PROJECT_FIELDS:
                data.pop(name, None)
        return data


def _projects(developer):
    """Projects of every kind: private and public, in the developer's zone, another zone and
    none, with and without sector, place, owner, investors (one name twice) and groups."""
    other_zone = ZoneFactory(code="KCN9")
    owner = UserFactory(username="chu")
    first = PriorityGroupFactory(code="a_first", order=1)
    second = PriorityGroupFactory(code="b_second", order=0)
    twins = [InvestorFactory(name="Twin", country="KR"), InvestorFactory(name="Twin", country="")]
    ProjectFactory(
        name="Lead & <own>",
        stage=Stage.LEAD,
        zone=developer.zone,
        owner=owner,
        expected_capital_vnd=Decimal("1500000000.50"),
        investors=[*twins, InvestorFactory(name="Alpha")],
        note="secret",
    ).priority_groups.set([first, second])
    ProjectFactory(name="Lead elsewhere", stage=Stage.LEAD, zone=other_zone, sector=None)
    ProjectFactory(
        name="Public in own zone",
        stage=Stage.OPERATING,
        irc_date=dt.date(2022, 3, 4),
        zone=developer.zone,
        land_ha=Decimal("12.5"),
        investors=twins,
    ).priority_groups.set([second])
    ProjectFactory(
        name="Public elsewhere",
        stage=Stage.OPERATING,
        irc_date=dt.date(2021, 1, 2),
        zone=None,
        sector=SectorFactory(code="L", section="L"),
        owner=owner,
    )


def _expected(user):
    projects = (
        Project.objects.restrict(user, "view")
        .select_related("sector", "zone", "locality", "owner")
        .prefetch_related("investors", "priority_groups")
        .order_by("name", "id")
    )
    request = SimpleNamespace(user=user)
    data = PlainItem(projects, many=True, context={"request": request}).data
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("persona", ["promoter", "developer", "officer", None])
def test_the_project_list_is_drfs_key_order_included(client, request, developer, persona):
    _projects(developer)
    user = request.getfixturevalue(persona) if persona else AnonymousUser()
    if persona:
        client.force_login(user)
    body = client.get("/api/v1/projects/").json()
    expected = _expected(user)
    assert json.dumps(body["results"]) == json.dumps(expected)
    assert body["count"] == len(expected) >= 2
    if persona == "developer":  # its own zone's lead with its confidential side, not others'
        own = next(p for p in body["results"] if p["name"] == "Lead & <own>")
        assert own["owner"] == "chu"
        assert own["expected_capital_vnd"] is not None
        assert "owner" not in next(p for p in body["results"] if p["name"] == "Public elsewhere")


def test_a_developers_list_reads_its_zones_once_not_per_project(client, developer):
    client.force_login(developer)
    _projects(developer)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/projects/")
    for n in range(8):
        ProjectFactory(name=f"Own {n}", stage=Stage.LEAD, zone=developer.zone)
        ProjectFactory(name=f"Open {n}", stage=Stage.OPERATING, irc_date=dt.date(2022, 1, 1))
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/projects/").json()["results"]) == 19
    assert len(more) == len(few)


def test_a_list_item_is_written_without_building_the_serializers_fields_again():
    """The plan of a serializer class is made once per process (``fast._shape``): a 250
    country choice was built again for every request's investors."""
    investor = InvestorFactory(country="KR")
    first = InvestorSerializer(investor).data
    again = InvestorSerializer(investor)
    assert again.data == first
    assert "fields" not in again.__dict__


def test_rows_keep_a_count_known_in_advance():
    from xuctien.core import aggregates

    ProjectFactory(name="One")
    counted = aggregates.counted(Project.objects.all(), 42)
    rows = fast.rows(counted, without(ProjectSerializer, "note")())
    assert rows.count() == 42
    (row,) = list(rows)
    assert (row.pk, row.name) == (row.id, "One")
    assert not isinstance(row, Project)


def test_rows_are_counted_without_the_joins_of_their_columns():
    ProjectFactory(name="One")
    with CaptureQueriesContext(connection) as counted:
        assert fast.rows(Project.objects.all(), without(ProjectSerializer, "note")()).count() == 1
    (query,) = counted
    assert "JOIN" not in query["sql"]
