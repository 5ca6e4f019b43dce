"""The early warning in the database says what ``assess`` says, project by project."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import AgencyFactory
from tests.investments.factories import ProjectFactory
from xuctien.aftercare import flags
from xuctien.aftercare.models import Assignment, Request
from xuctien.aftercare.policy import Policy
from xuctien.aftercare.warnings import assess, at_risk, load_facts, stage_limits
from xuctien.investments.models import CapitalEvent, Commitment
from xuctien.investments.stages import Stage
from xuctien.labour.models import JobsReport

TODAY = date(2026, 8, 15)
POLICY = Policy()
STAGES = [Stage.LEAD, Stage.DOSSIER, Stage.IRC_ISSUED, Stage.OPERATING, Stage.WITHDRAWN]


def _day(rng: random.Random, spread: int = 900) -> date:
    return TODAY - timedelta(days=rng.randint(-200, spread))


def _project(rng: random.Random, n: int, agency, province=None) -> None:  # type: ignore[no-untyped-def]
    where = {"province": province} if province is not None else {}
    project = ProjectFactory(
        **where,
        name=f"Project {n:02d}",
        stage=rng.choice(STAGES),
        stage_since=_day(rng) if rng.random() < 0.8 else None,
        jobs_planned=rng.choice([None, 0, 100, 400]),
    )
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(["capital", "jobs", "land", "construction"])
        Commitment.objects.create(
            project=project,
            kind=kind,
            due_date=_day(rng, 600),
            met_on=_day(rng, 100) if rng.random() < 0.3 else None,
            amount_vnd=Decimal(rng.choice([10**9, 5 * 10**9])) if kind == "capital" else None,
            jobs=rng.choice([None, 50, 300]) if kind == "jobs" else None,
            description=rng.choice(["", "nhà xưởng"]),
        )
    for _ in range(rng.randint(0, 2)):
        CapitalEvent.objects.create(
            project=project,
            kind=CapitalEvent.Kind.DISBURSEMENT,
            date=_day(rng, 600),
            amount=Decimal(2 * 10**9),
            amount_vnd=Decimal(2 * 10**9),
        )
    for year, quarter in rng.sample([(2025, 4), (2026, 1), (2026, 2), (2026, 3), (2025, None)], 2):
        JobsReport.objects.create(
            project=project, year=year, quarter=quarter, workers=rng.choice([10, 80, 250])
        )
    for _ in range(rng.randint(0, 4)):
        received = TODAY - timedelta(days=rng.randint(0, 150))
        request = Request.objects.create(
            **where,
            enterprise=project.investors.first(),
            project=project,
            category="land",
            title="Chậm bàn giao đất",
            description="…",
            received_on=received,
        )
        deadline = received + timedelta(days=rng.randint(1, 40))
        Assignment.objects.create(
            request=request,
            agency=agency,
            assigned_on=received,
            working_days=5,
            deadline=deadline,
            answered_on=deadline if rng.random() < 0.4 else None,
            withdrawn=rng.random() < 0.2,
        )


@pytest.mark.django_db
def test_each_kind_of_warning_in_the_database_matches_the_rules_in_python(agency):
    rng = random.Random(12)
    for n in range(40):
        _project(rng, n, agency)
    expected = {}
    for pk, facts in load_facts(TODAY).items():
        reasons = assess(facts, TODAY, POLICY, stage_limits())
        if reasons:
            expected[pk] = sorted((r.code, r.text) for r in reasons)
    found = {
        project.pk: sorted((r.code, r.text) for r in reasons)
        for project, reasons in at_risk(TODAY, POLICY)
    }
    assert found == expected
    assert {code for reasons in expected.values() for code, _text in reasons} == set(flags.KINDS)


@pytest.mark.django_db
def test_the_worst_come_first_and_a_province_sees_only_its_projects(agency):
    from tests.factories import ProvinceFactory

    elsewhere = ProvinceFactory(code="HP")
    limit = stage_limits()[Stage.DOSSIER]
    old = TODAY - timedelta(days=limit + 300)
    ProjectFactory(name="B", stage=Stage.DOSSIER, stage_since=TODAY - timedelta(days=limit + 5))
    ProjectFactory(name="A", stage=Stage.DOSSIER, stage_since=old)
    ProjectFactory(name="C", stage=Stage.DOSSIER, stage_since=old, province=elsewhere)
    ProjectFactory(name="D", stage=Stage.DOSSIER, stage_since=TODAY)
    rows = flags.flags("stage", TODAY)
    assert [p.name for p in rows] == ["A", "C", "B"]
    here = flags.flags("stage", TODAY, projects=rows.model.objects.exclude(province=elsewhere))
    assert [p.name for p in here] == ["A", "B"]
    first = flags.as_flag("stage", here[0], TODAY, POLICY)
    assert first.reason.code == "stage"
    assert f"{limit + 300} " in first.reason.text


def _late_in_dossier(count: int, start: int = 0) -> None:
    since = timezone.localdate() - timedelta(days=stage_limits()[Stage.DOSSIER] + 30)
    for n in range(start, start + count):
        ProjectFactory(name=f"Late {n:02d}", stage=Stage.DOSSIER, stage_since=since)


def _queries(client, url: str) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.django_db
def test_the_page_shows_the_worst_of_each_kind_and_a_link_to_all_of_them(client, secretariat):
    from django.urls import reverse

    client.force_login(secretariat)
    url = reverse("aftercare:warnings")
    _late_in_dossier(3)
    few, content = _queries(client, url)
    assert content.count(b'data-reason="stage"') == 3
    assert b'class="see-all"' not in content
    _late_in_dossier(12, start=3)
    many, content = _queries(client, url)
    assert many == few
    assert content.count(b'data-reason="stage"') == 10
    assert b'data-kind="stage" data-count="15"' in content
    assert b'href="?kind=stage"' in content
    _late_in_dossier(20, start=15)
    assert _queries(client, url)[0] == many
    content = client.get(url, {"kind": "stage"}).content
    assert content.count(b'data-reason="stage"') == 35
    assert b'data-kind="milestone"' not in content


def _sections(sections: list) -> list:
    return [
        (s.kind, s.count, [(f.project.pk, f.reason.code, f.reason.text) for f in s.flags])
        for s in sections
    ]


@pytest.mark.django_db
def test_the_provinces_summaries_cached_and_merged_are_the_live_top_of_the_nation(agency):
    from tests.factories import ProvinceFactory
    from xuctien.investments.models import Project

    provinces = [ProvinceFactory(), ProvinceFactory(code="HP"), ProvinceFactory(code="BN")]
    rng = random.Random(7)
    for n in range(60):
        _project(rng, n, agency, provinces[n % 3])
    pids = [p.pk for p in provinces]
    live = _sections(flags.top(TODAY, Project.objects.all(), 4))
    assert _sections(flags.cached_top(TODAY, pids, 4)) == live  # computed together, cold
    assert _sections(flags.cached_top(TODAY, pids, 4)) == live  # from the cache
    assert {kind for kind, count, _flags in live if count > 4} >= {"stage", "milestone"}
    one = _sections(flags.top(TODAY, Project.objects.filter(province=provinces[1]), 4))
    assert _sections(flags.cached_top(TODAY, [pids[1]], 4)) == one


@pytest.mark.django_db
def test_the_merged_summary_counts_each_province_and_orders_the_worst_across_them():
    from tests.factories import ProvinceFactory

    qn, hp = ProvinceFactory(), ProvinceFactory(code="HP")
    limit = stage_limits()[Stage.DOSSIER]
    for name, days, province in [("A", 300, qn), ("B", 5, qn), ("C", 200, hp), ("D", 100, hp)]:
        since = TODAY - timedelta(days=limit + days)
        ProjectFactory(name=name, stage=Stage.DOSSIER, stage_since=since, province=province)
    ProjectFactory(name="E", stage=Stage.DOSSIER, stage_since=TODAY, province=hp)  # in time
    stage = flags.cached_top(TODAY, [qn.pk, hp.pk], 3)[0]
    # each province keeps its worst three: A, B of Quảng Ninh; C, D of Hải Phòng
    assert (stage.kind, stage.count) == ("stage", 4)
    assert [f.project.name for f in stage.flags] == ["A", "C", "D"]
    assert [f.project.name for f in flags.cached_top(TODAY, [hp.pk], 3)[0].flags] == ["C", "D"]


@pytest.mark.django_db
def test_the_cached_summary_costs_the_same_queries_for_more_provinces_and_follows_writes():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ProvinceFactory
    from xuctien.aftercare.models import Request

    limit = stage_limits()[Stage.DOSSIER]
    since = TODAY - timedelta(days=limit + 10)
    provinces = [ProvinceFactory(code=code) for code in ("QN", "HP", "BN", "HN", "DN")]
    for province in provinces:
        ProjectFactory(stage=Stage.DOSSIER, stage_since=since, province=province)

    def cold(pids: list[int]) -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            flags.cached_top(TODAY, pids, 10)
        return len(captured)

    pids = [p.pk for p in provinces]
    assert cold(pids[:2]) == cold(pids)
    with CaptureQueriesContext(connection) as warm:
        assert flags.cached_top(TODAY, pids, 10)[0].count == 5
    assert len(warm) == 2  # the generations, the projects shown
    # a write to what the rules read counts that province again
    late = ProjectFactory(name="Late", stage=Stage.LEAD, province=provinces[1])
    assert flags.cached_top(TODAY, pids, 10)[4].count == 0
    request = Request.objects.create(
        project=late,
        enterprise=late.investors.first(),
        province=provinces[1],
        category="land",
        title="Chậm bàn giao đất",
        description="…",
        received_on=TODAY - timedelta(days=30),
    )
    Assignment.objects.create(
        request=request,
        agency=AgencyFactory(province=provinces[1]),
        assigned_on=request.received_on,
        working_days=5,
        deadline=TODAY - timedelta(days=20),
    )
    overdue = flags.cached_top(TODAY, pids, 10)[4]
    assert (overdue.kind, overdue.count, overdue.flags[0].project.name) == (
        "overdue_requests",
        1,
        "Late",
    )
    late.delete()
    assert flags.cached_top(TODAY, pids, 10)[4].count == 0


@pytest.mark.django_db
def test_a_warm_national_top_reads_the_merge_alone_and_the_projects_shown_as_they_are(
    monkeypatch,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ProvinceFactory
    from xuctien.core import aggregates
    from xuctien.investments.models import Project

    since = TODAY - timedelta(days=stage_limits()[Stage.DOSSIER] + 10)
    provinces = [ProvinceFactory(code=code) for code in ("QN", "HP", "BN")]
    for province in provinces:
        ProjectFactory(stage=Stage.DOSSIER, stage_since=since, province=province)
    pids = [p.pk for p in provinces]
    cold = _sections(flags.cached_top(TODAY, pids, 10))

    def merged_again(*args, **kwargs):
        raise AssertionError("the provinces' summaries read again, with nothing changed")

    with monkeypatch.context() as patched, CaptureQueriesContext(connection) as warm:
        patched.setattr(aggregates, "cached_together", merged_again)
        assert _sections(flags.cached_top(TODAY, pids, 10)) == cold
    assert len(warm) == 2  # the generations, the projects shown (their shown columns)
    assert '"investments_project"."created_at"' not in warm[1]["sql"]
    # a name changed without a bump (a queryset update) shows: names are read, not cached
    Project.objects.filter(province=provinces[0]).update(name="Đổi tên")
    names = [f.project.name for f in flags.cached_top(TODAY, pids, 10)[0].flags]
    assert "Đổi tên" in names
