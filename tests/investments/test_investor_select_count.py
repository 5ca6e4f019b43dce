"""The project list's investor select: for whom sees only public investors, the count that
decides whether to list them is the cached one, and the HTML is what counting them gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core.filters import BoundedMultiSelect
from xuctien.core.roles import Role
from xuctien.investments import aggregates
from xuctien.investments.filtersets import ProjectFilterSet, public_investors_only
from xuctien.investments.models import Stage

pytestmark = pytest.mark.django_db


def select(user, data=None):
    filterset = ProjectFilterSet(data or {}, request=type("R", (), {"user": user})())
    with translation.override("en"):
        return str(filterset.form["investor"])


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_public_readers_select_is_the_counted_one(monkeypatch, limit):
    public = [InvestorFactory(name=f"Public {n}") for n in range(3)]
    for investor in public:
        ProjectFactory(investors=[investor], stage=Stage.OPERATING)
    ProjectFactory(investors=[InvestorFactory(name="Secret")], stage=Stage.LEAD, irc_date=None)
    reader = UserFactory(username="doanhnghiep", role=Role.AGENCY)
    assert public_investors_only(reader)
    monkeypatch.setattr(BoundedMultiSelect, "limit", limit)
    chosen = {"investor": [str(public[1].pk)]}

    cached = select(reader), select(reader, chosen)
    monkeypatch.setattr(aggregates, "public_investors", lambda: pytest.fail("not asked"))
    with monkeypatch.context() as m:
        m.setattr(ProjectFilterSet, "__init__", ProjectFilterSet.__bases__[0].__init__)
        counted = select(reader), select(reader, chosen)

    assert cached == counted
    assert ("Too many to list" in cached[0]) == (limit < 3)
    assert "Secret" not in cached[0]


def test_the_cached_count_spares_the_query():
    reader = UserFactory(username="doanhnghiep", role=Role.AGENCY)
    ProjectFactory(investors=[InvestorFactory(name="Public")], stage=Stage.OPERATING)
    select(reader)  # the count cached
    with CaptureQueriesContext(connection) as queries:
        select(reader)
    assert not any("LIMIT 301" in q["sql"] for q in queries.captured_queries)
