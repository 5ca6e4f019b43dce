"""The programme pages and API at national scale: as many queries for many figures, places
and provinces as for a few; each assessment cached until the data behind it changes.

Each province gets Resolution 01 with an entered indicator (figures for the province and
for its districts, in years and in quarters), a capital and a jobs indicator computed from
its own projects, and a derived share.
"""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    IndicatorFactory,
    LocalityFactory,
    ObservationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
)
from tests.investments.factories import CapitalEventFactory, ProjectFactory
from xuctien.investments.models import Stage
from xuctien.programmes import caching, monitoring
from xuctien.programmes.models import Indicator, Observation

pytestmark = pytest.mark.django_db

CODES = ["QN", "HP", "BN"]


def province_with_programme(code: str):
    province = ProvinceFactory(code=code, name_vi=f"Tỉnh {code}", name_en=f"{code} Province")
    programme = ProgrammeFactory(province=province)
    plain = IndicatorFactory(programme=programme, code="MFG_VA", unit="VND trillion")
    TargetFactory(indicator=plain, start_year=2021, year=2025, value=Decimal("60"))
    grdp = IndicatorFactory(programme=programme, code="GRDP", unit="VND trillion")
    TargetFactory(indicator=grdp, start_year=2021, year=2025, value=Decimal("400"))
    share = IndicatorFactory(
        programme=programme, code="MFG_SHARE", formula="MFG_VA / GRDP * 100", unit="%"
    )
    TargetFactory(indicator=share, start_year=2021, year=2025, value=Decimal("15"))
    for feed, code_ in (("capital", "MFG_INVEST_CAPITAL"), ("jobs", "MFG_NEW_JOBS")):
        indicator = IndicatorFactory(
            programme=programme,
            code=code_,
            registry_feed=feed,
            unit="VND trillion" if feed == "capital" else "jobs",
            behaviour=Indicator.Behaviour.CUMULATIVE,
        )
        TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("10"))
    return province, programme


def figures(province, count: int, start: int = 0) -> None:
    """``count`` figures of each entered indicator: a year each for the province, then
    quarters for districts (never assessed for the province, never read for it)."""
    for code in ("MFG_VA", "GRDP"):
        indicator = Indicator.objects.get(province=province, code=code)
        for n in range(start, start + count):
            if n < 5:
                place, period = province.locality, str(2020 + n)
            else:
                place = LocalityFactory(
                    province=province, code=f"{province.code}-D{n % 7}", parent=province.locality
                )
                period = f"{2021 + n % 5}-Q{1 + n % 4}"
            ObservationFactory(
                indicator=indicator, locality=place, period=period, value=Decimal(40 + n)
            )


def projects(province, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        irc = dt.date(2021 + n % 5, 1 + n % 12, 1)
        project = ProjectFactory(
            province=province, stage=Stage.IRC_ISSUED, irc_date=irc, jobs_planned=10 + n
        )
        CapitalEventFactory(project=project, date=irc, amount=Decimal(10**12 + n))


def nation(provinces: int, per_indicator: int) -> None:
    for code in CODES[:provinces]:
        province, _programme = province_with_programme(code)
        figures(province, per_indicator)
        projects(province, per_indicator)


def count_queries(client, url: str, cold: bool = True) -> int:
    from xuctien.screening import feeds

    feeds.forget()  # which indicators the screening feeds: read once a minute
    if cold:
        caching.cache().clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    "/programmes/",
    "/programmes/?province=QN",
    "/programmes/indicators/MFG_SHARE/?province=QN",
    "/programmes/indicators/MFG_INVEST_CAPITAL/?province=QN",
    "/api/v1/indicators/",
    "/api/v1/indicators/?province=QN",
    "/api/v1/indicators/MFG_INVEST_CAPITAL/assessments?province=QN",
    "/api/v1/indicators/MFG_VA/assessments?province=QN",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_query_count_does_not_grow_with_the_figures_or_the_provinces(client, url):
    nation(provinces=1, per_indicator=3)
    few = count_queries(client, url)
    warm = count_queries(client, url, cold=False)

    for code in CODES[1:]:
        province, _programme = province_with_programme(code)
        figures(province, 30)
        projects(province, 30)
    qn = Indicator.objects.get(province__code="QN", code="MFG_VA").province
    figures(qn, 27, start=3)
    projects(qn, 27, start=3)

    assert count_queries(client, url) == few
    assert count_queries(client, url, cold=False) == warm
    assert warm < few


def test_the_dashboard_shows_one_province_and_links_to_the_others(client):
    nation(provinces=3, per_indicator=3)

    page = client.get("/programmes/?province=HP").content.decode()

    assert page.count('data-indicator="') == 5  # Hai Phong's five, not fifteen
    assert "?province=HP" in page  # its cards link to its own indicators
    for code in ("QN", "BN"):
        assert f'href="/programmes/?province={code}"' in page
    assert client.get("/programmes/?province=NOPE").status_code == 404


def test_the_indicator_page_is_the_chosen_province_s(client):
    nation(provinces=2, per_indicator=3)
    projects(Indicator.objects.get(province__code="HP", code="GRDP").province, 5, start=100)

    qn = client.get("/programmes/indicators/MFG_INVEST_CAPITAL/?province=QN")
    hp = client.get("/programmes/indicators/MFG_INVEST_CAPITAL/?province=HP")

    assert qn.context["indicator"].province.code == "QN"
    assert hp.context["indicator"].province.code == "HP"
    total = {
        code: sum(f.count for f in response.context["report"].computed_figures)
        for code, response in (("QN", qn), ("HP", hp))
    }
    assert total == {"QN": 3, "HP": 8}


def test_the_indicator_page_lists_the_latest_other_figures_and_says_how_many(client, monkeypatch):
    from xuctien.programmes.views import monitoring as views

    nation(provinces=1, per_indicator=12)  # 5 province years, 7 district quarters
    monkeypatch.setattr(views, "OTHER_SHOWN", 4)

    response = client.get("/programmes/indicators/MFG_VA/?province=QN")

    assert response.context["other_count"] == 7
    assert len(response.context["figures"]["other"]) == 4
    assert "data-other-shown" in response.content.decode()
    export = client.get("/programmes/indicators/MFG_VA/?province=QN&export=xlsx")
    assert export.status_code == 200


# --- the cache ------------------------------------------------------------------------------


def status_of(code: str, province: str = "QN"):
    (item,) = [
        r
        for r in monitoring.assess_all()
        if r.indicator.code == code and r.indicator.province.code == province
    ]
    return item


def test_a_new_figure_is_in_its_indicator_s_next_assessment(client):
    nation(provinces=2, per_indicator=3)
    grdp = Indicator.objects.get(province__code="QN", code="GRDP")
    ObservationFactory(indicator=grdp, period="2023", value=Decimal("300"))
    before = status_of("MFG_VA")
    assert {r.year: r.actual for r in before.rows}[2023] is None
    assert {r.year: r.actual for r in status_of("MFG_SHARE").rows}[2023] is None

    indicator = Indicator.objects.get(province__code="QN", code="MFG_VA")
    ObservationFactory(indicator=indicator, period="2023", value=Decimal("45"))

    after = status_of("MFG_VA")
    assert {r.year: r.actual for r in after.rows}[2023] == Decimal("45")
    # The derived share reads it too; the other province's indicators do not change.
    assert {r.year: r.actual for r in status_of("MFG_SHARE").rows}[2023] == Decimal("15")


def test_one_new_figure_reassesses_its_indicator_alone(monkeypatch):
    nation(provinces=3, per_indicator=3)
    monitoring.assess_all()
    assessed = []
    real = monitoring._assess
    monkeypatch.setattr(
        monitoring, "_assess", lambda indicators: assessed.extend(indicators) or real(indicators)
    )
    indicator = Indicator.objects.get(province__code="HP", code="MFG_VA")

    ObservationFactory(indicator=indicator, period="2023", value=Decimal("45"))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        reports = monitoring.programme_reports(indicator.programme)
    elapsed = time.perf_counter() - started

    # The figure's indicator and the one derived from it, in Hai Phong only.
    assert sorted(i.code for i in assessed) == ["MFG_SHARE", "MFG_VA"]
    assert {i.province.code for i in assessed} == {"HP"}
    assert len(reports) == 5
    assert len(captured) <= 10
    assert elapsed < 1  # < 100 ms measured on a quiet machine; this bound only catches a loop


def test_the_registry_s_writes_reassess_their_province_s_computed_indicators(monkeypatch):
    nation(provinces=2, per_indicator=3)
    before = {r.year: r.registry_coverage for r in status_of("MFG_INVEST_CAPITAL").rows}
    assert before[2021]["projects"] == 1
    hp_before = status_of("MFG_INVEST_CAPITAL", "HP")

    province = Indicator.objects.get(province__code="QN", code="GRDP").province
    projects(province, 1, start=5)  # one more project with its IRC in 2021

    after = {r.year: r.registry_coverage for r in status_of("MFG_INVEST_CAPITAL").rows}
    assert after[2021]["projects"] == 2
    assert status_of("MFG_INVEST_CAPITAL", "HP").rows == hp_before.rows


def test_a_target_revision_and_a_deleted_figure_are_in_the_next_assessment():
    nation(provinces=1, per_indicator=3)
    indicator = Indicator.objects.get(code="MFG_VA")
    assert status_of("MFG_VA").final_target.value == Decimal("60")

    target = indicator.targets.get()
    target.status = target.Status.DRAFT  # withdrawn: no quantified target left
    target.save()
    assert status_of("MFG_VA").spec is None

    figure = Observation.objects.filter(indicator=indicator, period="2022").get()
    figure.delete()
    assert 2022 not in {o.year for o in status_of("MFG_VA").used}


def test_a_cached_report_reads_in_the_reader_s_language():
    from django.utils import translation

    nation(provinces=1, per_indicator=3)
    with translation.override("en"):
        english = status_of("MFG_INVEST_CAPITAL").computed_figures[0].explanation
    with translation.override("vi"):
        vietnamese = status_of("MFG_INVEST_CAPITAL").computed_figures[0].explanation
    assert english.startswith("1 registration, 0 increases")
    assert english != vietnamese


def test_the_zone_fed_indicators_of_every_province_are_read_in_one_query():
    from tests.factories import ZoneFactory
    from xuctien.core.models import Zone
    from xuctien.programmes import computed
    from xuctien.sites import indicators as zone_feeds
    from xuctien.sites.models import SiteReport, State

    fed = []
    for n, code in enumerate(CODES):
        province, programme = province_with_programme(code)
        for park in range(2):
            zone = ZoneFactory(
                province=province, code=f"KCN-{code}-{park}", kind=Zone.Kind.INDUSTRIAL_PARK
            )
            for year in (2022, 2023):
                SiteReport.objects.create(
                    province=province,
                    zone=zone,
                    as_of=dt.date(year, 6, 30),
                    state=State.PUBLISHED,
                    leased_ha=Decimal(10 * (n + 1) + year - 2022),
                    industrial_ha=Decimal(100),
                    available_ha=Decimal(5 + park),
                    source_url="https://example.vn/kcn",
                )
        for feed in (zone_feeds.OCCUPANCY_CODE, zone_feeds.AVAILABLE_CODE):
            fed.append(IndicatorFactory(programme=programme, code=feed.upper(), registry_feed=feed))

    with CaptureQueriesContext(connection) as captured:
        batch = computed.province_figures(fed)
    assert len(captured) == 1
    for indicator in fed:
        own = computed.provider_for(indicator)(indicator, None, None)
        assert batch[indicator.pk] == own
        assert own  # every province has its own figures
    qn_occupancy = {f.year: f.value for f in batch[fed[0].pk]}
    assert qn_occupancy[2023] == Decimal("11.00")  # (11 + 11) / (100 + 100)


def test_registry_rows_written_in_bulk_invalidate_their_province_s_caches():
    """Regression: an import's bulk write sends no ``post_save``; its batch signal bumps the
    registry scope of the computed indicators and the pipeline's aggregates, in the rows'
    province only."""
    from xuctien import importing
    from xuctien.core import aggregates
    from xuctien.investments.aggregates import KEY
    from xuctien.investments.models import CapitalEvent, Project

    nation(provinces=2, per_indicator=1)
    qn, hp = (Indicator.objects.get(province__code=c, code="GRDP").province for c in ("QN", "HP"))

    def state():
        return caching.generations([f"r{qn.pk}", f"r{hp.pk}"]), aggregates.generations(
            KEY, [qn, hp]
        )

    before = state()
    project = Project(
        province=qn, name="Bulk", stage=Stage.IRC_ISSUED, irc_date=dt.date(2021, 5, 1)
    )
    importing.bulk_write(Project, [project], [], "import")
    after_project = state()
    event = CapitalEvent(project=project, date=dt.date(2021, 5, 1), amount=Decimal(10**12))
    importing.bulk_write(CapitalEvent, [event], [], "import")
    after_event = state()

    for earlier, later in ((before, after_project), (after_project, after_event)):
        assert later[0].get(f"r{qn.pk}") != earlier[0].get(f"r{qn.pk}")
        assert later[0].get(f"r{hp.pk}") == earlier[0].get(f"r{hp.pk}")
        assert later[1][qn.pk] != earlier[1][qn.pk]
        assert later[1][hp.pk] == earlier[1][hp.pk]


def test_an_indicator_s_targets_and_baselines_are_read_in_year_order_without_other_tables():
    """Their order named the indicator, which orders by its programme and breakthrough:
    every read of an indicator's targets joined three tables to sort one indicator's rows."""
    from tests.factories import BaselineFactory

    indicator = IndicatorFactory(code="ORDERED")
    later = TargetFactory(indicator=indicator, start_year=2026, year=2030, value=Decimal("9"))
    sooner = TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("5"))
    wider = TargetFactory(indicator=indicator, start_year=2020, year=2025, value=Decimal("4"))
    second = BaselineFactory(indicator=indicator, year=2020)
    first = BaselineFactory(indicator=indicator, year=2019)
    with CaptureQueriesContext(connection) as queries:
        (read,) = monitoring.with_targets(Indicator.objects.filter(pk=indicator.pk))
        assert list(read.targets.all()) == [wider, sooner, later]
        assert list(read.baselines.all()) == [first, second]
        assert list(indicator.targets.all()) == [wider, sooner, later]  # not prefetched
    reads = [q["sql"] for q in queries if "programmes_target" in q["sql"].split(" FROM ")[1]]
    reads += [q["sql"] for q in queries if "programmes_baseline" in q["sql"].split(" FROM ")[1]]
    assert len(reads) == 3
    for sql in reads:
        assert "programmes_programme" not in sql
        assert "programmes_breakthrough" not in sql
