"""Cached aggregates: a value is computed once per generation, and a bump (in a province, or
shared by every province) makes the next read compute again."""

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories import ProvinceFactory
from tests.investments.factories import ProjectFactory
from xuctien.core import aggregates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return {"calls": self.calls}


def test_it_computes_once_until_the_province_is_bumped():
    province, other = ProvinceFactory(), ProvinceFactory(code="HN", name_vi="Hà Nội")
    compute = Counter()
    assert aggregates.cached("k", province, compute) == {"calls": 1}
    assert aggregates.cached("k", province, compute) == {"calls": 1}
    aggregates.bump("k", other)
    assert aggregates.cached("k", province, compute) == {"calls": 1}
    aggregates.bump("k", province.pk)
    assert aggregates.cached("k", province, compute) == {"calls": 2}


def test_a_shared_bump_invalidates_every_province():
    province, other = ProvinceFactory(), ProvinceFactory(code="HN", name_vi="Hà Nội")
    before = aggregates.generations("k", [province, other])
    aggregates.bump("k", None)
    after = aggregates.generations("k", [province, other])
    assert all(after[pid] != before[pid] for pid in before)


def test_a_bump_rolled_back_leaves_the_generation():
    province = ProvinceFactory()
    aggregates.bump("k", province)
    before = aggregates.generation("k", province)

    def bump_then_fail():
        with transaction.atomic():
            aggregates.bump("k", province)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        bump_then_fail()
    assert aggregates.generation("k", province) == before


def test_keys_are_independent():
    province = ProvinceFactory()
    aggregates.bump("a", province)
    assert aggregates.generation("a", province) != "0.0"
    assert aggregates.generation("b", province) == "0.0"


def test_many_provinces_read_in_one_query(django_assert_num_queries):
    provinces = [ProvinceFactory(code=c, name_vi=c) for c in ("QN", "HN", "HP")]
    aggregates.cached_many("k", provinces, Counter())
    with django_assert_num_queries(1):
        values = aggregates.cached_many("k", provinces, Counter())
    assert values == {p.pk: {"calls": n} for n, p in enumerate(provinces, 1)}


def test_the_provinces_not_cached_are_computed_together_and_alone():
    provinces = [ProvinceFactory(code=c, name_vi=c) for c in ("QN", "HN", "HP")]
    pids = [p.pk for p in provinces]
    asked: list[list[int]] = []

    def compute(stale):  # type: ignore[no-untyped-def]
        asked.append(list(stale))
        return {pid: f"{pid}:{len(asked)}" for pid in stale if pid != pids[2]}

    found = aggregates.cached_together("k", provinces, compute, default=list)
    assert found == {pids[0]: f"{pids[0]}:1", pids[1]: f"{pids[1]}:1", pids[2]: []}
    aggregates.bump("k", provinces[1])
    found = aggregates.cached_together("k", pids, compute, default=list)
    assert asked == [pids, [pids[1]]]  # once for all three, then the one bumped alone
    assert found == {pids[0]: f"{pids[0]}:1", pids[1]: f"{pids[1]}:2", pids[2]: []}


@pytest.mark.django_db
def test_provinces_of_a_bulk_write_along_a_path() -> None:
    """Own province read from the records; through a relation, from one query."""
    from xuctien.core.aggregates import provinces_of
    from xuctien.investments.models import CapitalEvent, Project

    bac_ninh = ProvinceFactory(code="BN")
    here, there = ProjectFactory(), ProjectFactory(province=bac_ninh)
    events = [CapitalEvent(project_id=here.pk), CapitalEvent(project_id=there.pk)]

    assert provinces_of(Project, [here, there], "province") == {here.province_id, bac_ninh.pk}
    assert provinces_of(CapitalEvent, events, "project__province") == {
        here.province_id,
        bac_ninh.pk,
    }
    assert provinces_of(CapitalEvent, events[:1], "project__province") == {here.province_id}


@pytest.mark.django_db
def test_provinces_of_records_holding_their_project_ask_no_query(django_assert_num_queries):
    """An import's events hold their new projects: the province is theirs, not asked for;
    the records that do not are asked for in one query, as before."""
    from xuctien.core.aggregates import provinces_of
    from xuctien.investments.models import CapitalEvent

    bac_ninh = ProvinceFactory(code="BN")
    here, there = ProjectFactory(), ProjectFactory(province=bac_ninh)
    held = CapitalEvent(project=here)
    with django_assert_num_queries(0):
        assert provinces_of(CapitalEvent, [held], "project__province") == {here.province_id}
    loose = CapitalEvent(project_id=there.pk)
    with django_assert_num_queries(1):
        found = provinces_of(CapitalEvent, [held, loose], "project__province")
    assert found == {here.province_id, bac_ninh.pk}
