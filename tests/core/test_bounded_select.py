"""A filter's list of records stops at a few hundred: beyond, only the chosen are sent."""

import pytest
from django.utils import translation

from tests.investments.factories import InvestorFactory
from xuctien.core.filters import BoundedMultiSelect
from xuctien.investments.filtersets import ProjectFilterSet

pytestmark = pytest.mark.django_db


def investor_select(data, user, monkeypatch, limit):
    monkeypatch.setattr(BoundedMultiSelect, "limit", limit)
    filterset = ProjectFilterSet(data, request=type("R", (), {"user": user})())
    with translation.override("en"):
        return str(filterset.form["investor"])


def test_a_few_investors_are_all_listed(monkeypatch, secretariat):
    investors = [InvestorFactory(name=f"Investor {n}") for n in range(3)]

    html = investor_select({}, secretariat, monkeypatch, limit=3)

    assert all(f'value="{i.pk}"' in html for i in investors)
    assert "Too many to list" not in html


def test_beyond_the_limit_only_the_chosen_are_sent(monkeypatch, secretariat):
    investors = [InvestorFactory(name=f"Investor {n}") for n in range(4)]
    chosen = investors[2]

    html = investor_select({"investor": [str(chosen.pk)]}, secretariat, monkeypatch, limit=3)

    assert f'value="{chosen.pk}" selected' in html
    assert [i for i in investors if f'value="{i.pk}"' in html] == [chosen]
    assert "Too many to list" in html


def test_the_request_list_s_agency_filter_stops_at_the_limit_for_a_national_reader(
    client, monkeypatch
):
    from django.urls import reverse

    from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
    from xuctien.core.filters import BoundedSelect
    from xuctien.core.roles import Role

    monkeypatch.setattr(BoundedSelect, "limit", 3)
    hp = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    agencies = [AgencyFactory(code=f"S{n}") for n in range(2)]
    agencies += [AgencyFactory(code=f"H{n}", province=hp) for n in range(2)]
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))

    listed = client.get(reverse("aftercare:request-list")).content.decode()
    chosen = client.get(reverse("aftercare:request-list"), {"agency": agencies[3].pk})

    assert "Quá nhiều để liệt kê" in listed  # the page speaks Vietnamese
    assert not any(f'value="{a.pk}"' in listed for a in agencies)
    assert f'value="{agencies[3].pk}" selected' in chosen.content.decode()
