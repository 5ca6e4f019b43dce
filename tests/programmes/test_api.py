"""The programme API: public reads of approved figures, exact shapes, decimals as strings."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import IndicatorFactory, ObservationFactory, TargetFactory
from tests.programmes.test_monitoring import resolution

pytestmark = pytest.mark.django_db

INDICATOR_KEYS = {
    "code",
    "name",
    "unit",
    "behaviour",
    "direction",
    "baseline",
    "targets",
    "programme",
    "breakthrough",
    "status",
    "headline_year",
    "headline_figure",
}
TARGET_KEYS = {
    "start_year",
    "year",
    "value",
    "value_high",
    "qualifier",
    "document",
    "document_date",
    "approved_at",
    "loaded_at",
    "source_urls",
}
NEW_KEYS = {
    "to_date",
    "bound",
    "basis",
    "figure",
    "target",
    "others",
    "registry",
    "projection_range",
}
ASSESSMENT_KEYS = {
    "year",
    "target_year",
    "actual",
    "expected",
    "gap",
    "percent_of_target",
    "projection",
    "still_needed",
    "status",
    "rule",
    "provisional",
    "to_date",
    "bound",
    "basis",
    "figure",
    "target",
    "others",
    "registry",
    "projection_range",
}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def data(province, agency):
    return resolution(agency)


def indicators(api, **params) -> dict:
    response = api.get(reverse("indicator-list"), params)
    assert response.status_code == 200
    return {item["code"]: item for item in response.json()["results"]}


def test_an_indicator_lists_its_baseline_current_targets_and_status(api, data):
    share = indicators(api, lang="en")["SHARE"]

    assert set(share) == INDICATOR_KEYS
    assert all(set(t) == TARGET_KEYS for t in share["targets"])
    share["targets"] = [
        {k: t[k] for k in ("start_year", "year", "value")} for t in share["targets"]
    ]
    assert share.pop("headline_figure")["source_urls"] == ["https://antt.vn/a"]
    assert share["baseline"].pop("qualifier") == "exact"
    share["baseline"].pop("source")
    share["baseline"].pop("source_urls")
    assert share == {
        "code": "SHARE",
        "name": "Manufacturing share of GRDP",
        "unit": "%",
        "behaviour": "level",
        "direction": "higher",
        "baseline": {"year": 2020, "value": "9.8"},
        # The 2030 target of 20 was revised to 18: only the current version is listed.
        "targets": [
            {"start_year": 2021, "year": 2025, "value": "15"},
            {"start_year": 2026, "year": 2030, "value": "18"},
        ],
        "programme": "NQ01",
        "breakthrough": 2,
        "status": "off_track",
        "headline_year": 2024,
    }


def test_names_follow_the_language_vietnamese_first(api, data):
    assert indicators(api)["SHARE"]["name"] == "Tỷ trọng CN chế biến trong GRDP"


def test_an_indicator_without_baseline_or_target_says_so(api, data):
    found = indicators(api)

    assert found["WATCH"]["baseline"] is None
    assert found["WATCH"]["breakthrough"] is None
    assert found["BUDGET"]["targets"] == []
    assert found["BUDGET"]["status"] == "no_target"
    assert found["CAPITAL"]["behaviour"] == "cumulative"
    assert found["CAPITAL"]["status"] == "on_track"


def test_indicators_filter_by_programme(api, data):
    assert set(indicators(api, programme="SEDP")) == {"GRDP_GROWTH"}


def test_an_indicator_is_found_by_its_code(api, data):
    response = api.get(reverse("indicator-detail", args=["SHARE"]))

    assert response.status_code == 200
    assert set(response.json()) == INDICATOR_KEYS
    assert api.get(reverse("indicator-detail", args=["NOPE"])).status_code == 404


def test_the_assessment_has_one_entry_per_year(api, data):
    response = api.get(reverse("indicator-assessments", args=["SHARE"]), {"lang": "en"})

    assert response.status_code == 200
    entries = response.json()
    assert [e["year"] for e in entries] == list(range(2021, 2031))
    assert all(set(e) == ASSESSMENT_KEYS for e in entries)
    by_year = {e["year"]: e for e in entries}
    assert {k: by_year[2024][k] for k in ASSESSMENT_KEYS - NEW_KEYS} == {
        "year": 2024,
        "target_year": 2025,
        "actual": "12.43",
        "expected": "13.96",
        "gap": "-1.53",
        "percent_of_target": "82.87",
        "projection": None,  # two figures are not a trend
        "still_needed": "2.57",
        "status": "off_track",
        "rule": "The figure of 12.43 is behind the expected 13.96 by 1.53, "
        "more than the tolerance of 1.40.",
        "provisional": False,
    }
    assert by_year[2023]["provisional"] is True
    assert by_year[2026]["actual"] is None
    assert by_year[2026]["status"] == "no_data"


def test_each_assessed_year_carries_the_source_of_its_figure_and_its_target(api, data):
    entries = api.get(reverse("indicator-assessments", args=["SHARE"])).json()
    by_year = {e["year"]: e for e in entries}

    figure = by_year[2024]["figure"]
    assert figure["basis"] == "official"
    assert figure["period"] == "2024"
    assert figure["source_urls"] == ["https://antt.vn/a"]
    assert figure["kind"] == "final"
    assert figure["qualifier"] == "exact"
    assert figure["bound"] == {"low": "12.43", "high": "12.43", "kind": "exact"}
    target = by_year[2024]["target"]
    assert (target["value"], target["qualifier"], target["document"]) == (
        "15",
        "over",
        "NQ 01-NQ/TU",
    )
    assert by_year[2026]["figure"] is None


def test_a_partial_period_total_is_a_lower_bound_with_its_source(api, data):
    entries = api.get(reverse("indicator-assessments", args=["CAPITAL"]), {"lang": "en"}).json()
    year_2023 = {e["year"]: e for e in entries}[2023]

    # "over 41.3 from 2021 to mid-2023" against 50 * 3/5 = 30 expected: on track on this bound.
    assert year_2023["bound"] == {"low": "41.3", "high": None, "kind": "at_least"}
    assert year_2023["status"] == "on_track"
    assert year_2023["figure"]["period"] == "2021/2023-6M"
    assert "≥ 41.3" in year_2023["rule"]


def test_the_assessment_answers_with_or_without_the_trailing_slash(api, data):
    without = api.get("/api/v1/indicators/SHARE/assessments")
    with_slash = api.get("/api/v1/indicators/SHARE/assessments/")

    assert (without.status_code, with_slash.status_code) == (200, 200)
    assert without.json() == with_slash.json()


def test_a_visitor_reads_approved_figures_only(api, data):
    response = api.get(reverse("observation-list"), {"indicator": "SHARE"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["status"] for r in results} == {"approved"}
    assert "14.2" not in {r["value"] for r in results}
    draft_url = reverse("observation-detail", args=[data["draft"].pk])
    assert api.get(draft_url).status_code == 404


def test_a_draft_does_not_change_what_visitors_see_in_the_assessment(api, data):
    entries = api.get(reverse("indicator-assessments", args=["SHARE"])).json()

    assert next(e for e in entries if e["year"] == 2025)["actual"] is None


def test_the_secretariat_reads_drafts_too(api, data, secretariat):
    api.force_authenticate(secretariat)

    response = api.get(reverse("observation-list"), {"indicator": "SHARE", "status": "draft"})

    assert [r["value"] for r in response.json()["results"]] == ["14.2"]


def test_observations_filter_by_indicator_year_and_kind(api, data):
    url = reverse("observation-list")

    by_year = api.get(url, {"indicator": "SHARE", "year": 2024}).json()["results"]
    forecasts = api.get(url, {"estimate": "forecast"}).json()["results"]

    assert sorted(r["value"] for r in by_year) == ["11.9", "12.43"]
    assert [(r["indicator"], r["period"]) for r in forecasts] == [("SHARE", "2023")]


def test_an_observation_shows_its_period_place_and_sources(api, data):
    results = api.get(reverse("observation-list"), {"indicator": "CAPITAL"}).json()["results"]
    partial = next(r for r in results if r["period_kind"] == "span")

    assert partial["period"] == "2021/2023-6M"
    assert partial["value"] == "41.3"
    assert partial["qualifier"] == "over"
    assert partial["locality"] == "QN"
    assert partial["source_urls"] == ["https://example.vn/source"]


def test_the_api_cannot_write(api, data, secretariat):
    api.force_authenticate(secretariat)

    response = api.post(reverse("observation-list"), {"indicator": "SHARE", "value": "1"})

    assert response.status_code == 405


def test_the_indicator_list_query_count_does_not_grow(api, data, django_assert_max_num_queries):
    for n in range(10):
        indicator = IndicatorFactory(programme=data["programme"], code=f"MORE_{n}")
        TargetFactory(indicator=indicator)
        ObservationFactory(indicator=indicator, period="2022")

    # the page's ids, then its rows (``page_by_ids``): one query more than a plain page
    with django_assert_max_num_queries(9):
        api.get(reverse("indicator-list"))


def test_the_openapi_document_describes_the_programme_api(api, db):
    response = api.get(reverse("api-schema"), {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/indicators/",
        "/api/v1/indicators/{code}/",
        "/api/v1/indicators/{code}/assessments/",
        "/api/v1/observations/",
    ):
        assert path in paths, path


def _headlines(api) -> dict:
    return {
        code: (item["status"], item["headline_year"], item["headline_figure"])
        for code, item in indicators(api, lang="en").items()
    }


def test_the_list_shows_what_the_full_report_says_from_the_cache_too(api, data, monkeypatch):
    """The list keeps only its entries' status and headline beside each cached report: the
    same as the report gives, without unpickling the reports once cached."""
    from xuctien.programmes import caching
    from xuctien.programmes.api.serializers import headline
    from xuctien.programmes.models import Indicator
    from xuctien.programmes.monitoring import province_report

    cold = _headlines(api)
    monkeypatch.setattr(caching, "_loads", lambda *a: pytest.fail("a whole report read"))
    warm = _headlines(api)
    monkeypatch.undo()

    assert warm == cold
    reports = {
        i.code: headline(province_report(i)) for i in Indicator.objects.filter(code__in=list(cold))
    }
    assert {code: (s, y, f and dict(f)) for code, (s, y, f) in reports.items()} == cold
    assert cold["SHARE"][:2] == ("off_track", 2024)
    assert cold["SHARE"][2]["source_urls"] == ["https://antt.vn/a"]
    assert cold["SHARE"][2]["bound"] == {"low": "12.43", "high": "12.43", "kind": "exact"}
    assert cold["BUDGET"] == ("no_target", None, None)
    assert cold["CAPITAL"][0] == "on_track"


def test_a_changed_figure_changes_the_list_entry(api, data):
    from xuctien.programmes.models import Observation

    assert _headlines(api)["SHARE"][2]["source_urls"] == ["https://antt.vn/a"]
    figure = Observation.objects.get(indicator=data["share"], period="2024", accepted=True)
    figure.source_url = "https://antt.vn/b"
    figure.save()

    share = _headlines(api)["SHARE"]
    assert share[:2] == ("off_track", 2024)
    assert share[2]["source_urls"] == ["https://antt.vn/b"]


def test_the_list_answers_the_same_entries_from_the_cache(api, data, monkeypatch):
    """Each entry is cached under its report's key and its indicator's columns: a second
    list is the first, byte for byte, and so is a list drawn without any cache."""
    from django.core.cache.backends.dummy import DummyCache

    from xuctien.programmes import caching

    url = reverse("indicator-list")
    first = api.get(url, {"lang": "en"}).content
    monkeypatch.setattr(caching, "_loads", lambda *a: pytest.fail("a whole report read"))
    assert api.get(url, {"lang": "en"}).content == first
    monkeypatch.undo()
    monkeypatch.setattr(caching, "cache", lambda: DummyCache("", {}))
    assert api.get(url, {"lang": "en"}).content == first


def test_an_entry_changed_without_save_is_drawn_again(api, data):
    from xuctien.programmes.models import Breakthrough, Indicator, Programme

    assert indicators(api)["SHARE"]["breakthrough"] == 2
    Indicator.objects.filter(code="SHARE").update(name_vi="Tên mới", unit="‰")
    Breakthrough.objects.filter(number=2).update(number=7)
    Programme.objects.filter(code="NQ01").update(code="NQ99")

    share = indicators(api)["SHARE"]
    assert (share["name"], share["unit"]) == ("Tên mới", "‰")
    assert (share["breakthrough"], share["programme"]) == (7, "NQ99")


def test_a_new_target_changes_the_list_entry(api, data):
    before = indicators(api)["SHARE"]["targets"]
    TargetFactory(indicator=data["share"], start_year=2026, year=2028, value="77")

    after = indicators(api)["SHARE"]["targets"]
    assert len(after) == len(before) + 1
    assert "77" in [t["value"] for t in after]


def test_a_cached_list_reads_neither_targets_nor_figures(api, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(reverse("indicator-list"))
    with CaptureQueriesContext(connection) as hit:
        api.get(reverse("indicator-list"))

    tables = " ".join(q["sql"] for q in hit.captured_queries)
    assert "programmes_target" not in tables
    assert "programmes_observation" not in tables


@pytest.mark.parametrize(
    "column", ["created_at", "updated_at", "description", "note", "source_url"]
)
def test_no_entry_shows_a_column_its_key_leaves_out(data, column):
    """The list's entries are keyed by the columns they can show (``ENTRY_COLUMNS``): a
    column left out must change nothing an entry writes."""
    from datetime import timedelta

    from xuctien.programmes.api.serializers import IndicatorSerializer
    from xuctien.programmes.api.views import NOT_SHOWN
    from xuctien.programmes.models import Indicator
    from xuctien.programmes.monitoring import with_targets

    assert column in NOT_SHOWN
    assert {
        "created_at",
        "updated_at",
        "description",
        "description_en",
        "note",
        "source_url",
    } == NOT_SHOWN

    def entry():
        return dict(
            IndicatorSerializer(with_targets(Indicator.objects.filter(code="SHARE")).get()).data
        )

    before = entry()
    indicator = Indicator.objects.get(code="SHARE")
    value = getattr(indicator, column)
    changed = value + timedelta(days=400) if column.endswith("_at") else f"{value} changed"
    Indicator.objects.filter(pk=indicator.pk).update(
        **{column: changed, f"{column}_en": changed}
        if column == "description"
        else {column: changed}
    )
    assert entry() == before
