"""The lists of investors of a reader who sees only public facts are counted from a cached
count of the nation's public investors (``aggregates.public_investors``): the same investors
and count as counted in SQL, and changed by the writes that change them."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.investments.stages import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def investors():
    """A with a public project (an IRC), B with a lead only, C with both."""
    a, b, c = (InvestorFactory(name=name) for name in ("Alpha", "Beta", "Gamma"))
    public = ProjectFactory(irc_date=date(2024, 3, 1), stage=Stage.IRC_ISSUED, investors=[a, c])
    lead = ProjectFactory(investors=[b, c])
    return {"a": a, "b": b, "c": c, "public": public, "lead": lead}


def listed(client, **params):
    body = client.get(reverse("investor-list"), params).json()
    return body["count"], [row["name"] for row in body["results"]]


def test_a_reader_of_public_facts_gets_the_public_investors_counted(investors, officer):
    api = APIClient()
    api.force_authenticate(officer)

    assert listed(api) == (2, ["Alpha", "Gamma"])
    assert listed(APIClient()) == (2, ["Alpha", "Gamma"])  # a visitor too


def test_the_count_is_read_from_the_cache_once_counted(investors, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = APIClient()
    api.force_authenticate(officer)
    listed(api)

    with CaptureQueriesContext(connection) as queries:
        assert listed(api) == (2, ["Alpha", "Gamma"])
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_project_made_public_and_a_new_link_change_the_count(investors, officer):
    api = APIClient()
    api.force_authenticate(officer)
    assert listed(api) == (2, ["Alpha", "Gamma"])

    lead = investors["lead"]
    lead.irc_date = date(2025, 1, 1)
    lead.stage = Stage.IRC_ISSUED
    lead.save()
    assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])

    delta = InvestorFactory(name="Delta")
    assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])  # no project yet
    investors["public"].investors.add(delta)
    assert listed(api) == (4, ["Alpha", "Beta", "Delta", "Gamma"])


def test_a_filtered_list_is_counted_as_filtered(investors, officer):
    api = APIClient()
    api.force_authenticate(officer)
    listed(api)

    assert listed(api, q="gam") == (1, ["Gamma"])
    assert listed(api, limit=1) == (2, ["Alpha"])


def test_who_sees_every_investor_gets_them_all_counted(investors, secretariat):
    api = APIClient()
    api.force_authenticate(secretariat)
    listed(APIClient())  # the public count cached first

    assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])


def test_the_investor_page_counts_as_the_api(investors, officer, client):
    client.force_login(officer)
    listed(APIClient())
    page = client.get(reverse("investments:investor-list"))

    assert page.context["page_obj"].paginator.count == 2
    assert [i.name for i in page.context["investors"]] == ["Alpha", "Gamma"]
    filtered = client.get(reverse("investments:investor-list"), {"q": "beta"})
    assert filtered.context["page_obj"].paginator.count == 0


def test_who_sees_every_investor_gets_the_cached_count_kept_current(investors, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = APIClient()
    api.force_authenticate(secretariat)
    assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])
    with CaptureQueriesContext(connection) as queries:
        assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]

    delta = InvestorFactory(name="Delta")  # no project: still everybody's to see here
    assert listed(api) == (4, ["Alpha", "Beta", "Delta", "Gamma"])
    delta.delete()
    assert listed(api) == (3, ["Alpha", "Beta", "Gamma"])
    assert listed(api, q="alp") == (1, ["Alpha"])


def test_a_developers_investors_are_counted_in_sql(investors, developer):
    """A developer's zone is not cached: its list counts what it sees."""
    from xuctien.investments.aggregates import counted_investors
    from xuctien.investments.filtersets import InvestorFilterSet
    from xuctien.investments.models import Investor

    visible = Investor.objects.restrict(developer, "view")
    counted = counted_investors(visible, developer, InvestorFilterSet({}, queryset=visible))
    assert counted.count() == visible.count()
    assert type(counted) is type(visible)
