"""Figures read and pickled as rows (``programmes.instances``): the same objects as the ORM's,
in a constant number of queries, pickled without their fields' names."""

import io
import pickle
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import IndicatorFactory, LocalityFactory, ObservationFactory, TargetFactory
from tests.programmes.test_national_scale import CODES, figures, nation, province_with_programme
from xuctien.programmes import caching, instances, monitoring
from xuctien.programmes.models import Indicator, Observation
from xuctien.screening import feeds

pytestmark = pytest.mark.django_db


def two_figures():
    indicator = IndicatorFactory(code="MFG_VA")
    province = indicator.programme.province
    district = LocalityFactory(province=province, code="D1", parent=province.locality)
    ObservationFactory(indicator=indicator, period="2022", value=Decimal("12.5"))
    ObservationFactory(
        indicator=indicator, period="2023", value=Decimal("7"), value_high=Decimal("9")
    )
    ObservationFactory(indicator=indicator, locality=district, period="2023", value=Decimal("1"))
    return indicator, province, district


def test_read_gives_the_orm_s_objects_with_their_place_in_one_query():
    indicator, province, _district = two_figures()
    queryset = Observation.objects.filter(indicator=indicator).order_by("year", "value")

    with CaptureQueriesContext(connection) as captured:
        read = instances.read(queryset, related="locality")
        places = [obs.locality.code for obs in read]
    assert len(captured) == 1

    assert [(o.year, o.value, o.value_high) for o in read] == [
        (2022, Decimal("12.5"), None),
        (2023, Decimal("1"), None),
        (2023, Decimal("7"), Decimal("9")),
    ]
    assert places == [province.locality.code, "D1", province.locality.code]
    assert read[0].locality is read[2].locality  # one object per place
    orm = list(queryset.select_related("locality"))
    for mine, theirs in zip(read, orm, strict=True):
        assert mine.__dict__.keys() == theirs.__dict__.keys()
        same = {"_state", "_history_loaded"}
        assert {k: v for k, v in mine.__dict__.items() if k not in same} == {
            k: v for k, v in theirs.__dict__.items() if k not in same
        }
        names, values = theirs.__dict__["_history_loaded"]
        assert mine.__dict__["_history_loaded"] == (tuple(names), tuple(values))
        assert (mine._state.adding, mine._state.db) == (False, "default")


def test_a_figure_read_as_a_row_saves_and_keeps_its_history():
    indicator, _province, _district = two_figures()
    (obs,) = instances.read(Observation.objects.filter(indicator=indicator, year=2022))
    obs.value = Decimal("13")
    obs.save()
    obs.refresh_from_db()
    assert obs.value == Decimal("13")
    assert obs.version == 2  # a second version: the save saw the row it was read from


def test_a_report_is_pickled_without_its_fields_names_and_read_back_whole():
    indicator, province, _district = two_figures()
    TargetFactory(indicator=indicator, start_year=2021, year=2025, value=Decimal("60"))
    (report,) = monitoring.assess_indicators(Indicator.objects.filter(pk=indicator.pk), False)

    data = caching._dumps(report)
    assert b"source_url" not in data
    assert b"approved_at" not in data
    assert b"name_vi" not in data  # nor the indicator: the reader's own takes its place

    reader = monitoring.with_targets(Indicator.objects.filter(pk=indicator.pk)).get()
    loaded = caching._loads(data, reader)
    assert loaded.indicator is reader
    assert [(o.period, o.value, o.value_high) for o in loaded.used] == [
        ("2022", Decimal("12.5"), None),
        ("2023", Decimal("7"), Decimal("9")),
    ]
    assert loaded.used[0].locality.code == province.locality.code
    assert loaded.used[0].locality is loaded.used[1].locality
    # 2021 to 2025: the rows' figures are the listed objects, not copies
    assert [r.year for r in loaded.rows] == [2021, 2022, 2023, 2024, 2025]
    assert loaded.rows[1].figure is loaded.used[0]
    assert loaded.rows[2].figure is loaded.used[1]
    assert [r.actual for r in loaded.rows] == [None, Decimal("12.5"), Decimal("7"), None, None]
    assert [r.status for r in loaded.rows] == [r.status for r in report.rows]
    # The ordinary pickle of the same report reads the same.
    assert pickle.loads(pickle.dumps(loaded.used[0])).value == Decimal("12.5")


def test_a_deferred_figure_is_pickled_the_ordinary_way():
    indicator, _province, _district = two_figures()
    obs = Observation.objects.filter(indicator=indicator, year=2022).defer("note").get()
    assert instances.reduce(obs) is None
    buffer = io.BytesIO()
    instances.Pickler(buffer).dump(obs)
    again = pickle.loads(buffer.getvalue())
    assert again.value == Decimal("12.5")
    assert "note" not in again.__dict__


def test_assessing_more_indicators_of_more_provinces_costs_no_more_queries():
    # Which indicators the screening feeds is read at most once a minute: forgotten before
    # each count, so both read it (a slow run once crossed the minute between the two: 10
    # queries against 9).
    nation(provinces=1, per_indicator=3)
    feeds.forget()
    with CaptureQueriesContext(connection) as few:
        small = monitoring.assess_all(cached=False)
    for code in CODES[1:]:
        province, _programme = province_with_programme(code)
        figures(province, 20)
    feeds.forget()
    with CaptureQueriesContext(connection) as many:
        large = monitoring.assess_all(cached=False)
    assert (len(small), len(large)) == (5, 15)
    assert len(many) == len(few)
