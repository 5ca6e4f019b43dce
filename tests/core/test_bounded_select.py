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
