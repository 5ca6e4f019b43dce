"""The Quảng Ninh seed workbook: every published figure kept, normalised, sourced and decided."""

import csv
import re
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from xuctien.programmes.periods import (
    ESTIMATE_KINDS,
    QUALIFIERS,
    PeriodError,
    interpret_published_period,
    parse_period,
)
from xuctien.programmes.quangninh import (
    AGENCY_KINDS,
    BEHAVIOURS,
    CORE_COLUMNS,
    DEFAULT_DATA_DIR,
    DIRECTIONS,
    LOCALITY_KINDS,
    WORKBOOK_COLUMNS,
    ZONE_KINDS,
    ZONE_STATUSES,
    DataError,
    build_core,
    build_workbook,
    split_urls,
)

SHARED = Path("/work/shared/data/quangninh")
COPIED = [
    "SOURCES.md",
    "actuals.csv",
    "targets.csv",
    "zones.csv",
    "agencies.csv",
    "admin_units.csv",
]
NQ01 = "NQ 01-NQ/TU (16/11/2020)"


def read(name):
    with (DEFAULT_DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def wb():
    return build_workbook()


@pytest.fixture(scope="module")
def core():
    return build_core()


def by(rows, **match):
    return [r for r in rows if all(r[k] == v for k, v in match.items())]


def one(rows, **match):
    found = by(rows, **match)
    assert len(found) == 1, (match, found)
    return found[0]


# -- shape ---------------------------------------------------------------------------------------


def test_sheets_and_columns_are_exactly_the_workbook_format(wb, core):
    assert list(wb) == list(WORKBOOK_COLUMNS)
    assert list(WORKBOOK_COLUMNS) == [
        "programme",
        "breakthroughs",
        "solution_groups",
        "indicators",
        "baselines",
        "targets",
        "observations",
    ]
    for name, rows in wb.items():
        assert rows, name
        for row in rows:
            assert list(row) == WORKBOOK_COLUMNS[name]
            assert all(isinstance(v, str) for v in row.values())
    assert list(core) == ["localities", "agencies", "zones"]
    for name, rows in core.items():
        for row in rows:
            assert list(row) == CORE_COLUMNS[name]
            assert all(isinstance(v, str) for v in row.values())


def test_sheet_row_counts(wb, core):
    assert {name: len(rows) for name, rows in wb.items()} == {
        "programme": 2,
        "breakthroughs": 3,
        "solution_groups": 4,
        "indicators": 44,
        "baselines": 6,
        "targets": 39,
        "observations": 116,
    }
    assert {name: len(rows) for name, rows in core.items()} == {
        "localities": 16,
        "agencies": 16,
        "zones": 30,
    }


def test_shipped_copies_are_unchanged():
    if not SHARED.is_dir():
        pytest.skip("shared data folder not available")
    for name in COPIED:
        assert (DEFAULT_DATA_DIR / name).read_bytes() == (SHARED / name).read_bytes(), name


# -- every published figure is kept --------------------------------------------------------------


def test_every_actuals_row_appears_in_observations(wb):
    actuals = read("actuals.csv")
    extras = read("curated/observations_from_notes.csv")
    obs = wb["observations"]
    splits = {"ECON_STRUCTURE", "LABOUR_STRUCTURE"}
    split_rows = [r for r in actuals if r["indicator_code"] in splits]
    extra_components = sum(len(r["value"].split(";")) - 1 for r in split_rows)
    assert len(actuals) == 106
    assert extra_components == 7
    assert len(extras) == 3
    assert len(obs) == len(actuals) + extra_components + len(extras)

    for row in actuals + extras:
        period, _, _ = interpret_published_period(row["year_or_period"])
        pieces = row["value"].split(";") if row["indicator_code"] in splits else [row["value"]]
        for piece in pieces:
            reported = f"{piece.strip()} {row['unit']}".strip()
            matches = by(obs, period=str(period), reported_as=reported)
            urls = split_urls(row["source_url"])
            matches = [m for m in matches if split_urls(m["source_url"]) == urls]
            assert len(matches) == 1, row


def test_every_target_cell_is_covered():
    decisions = read("curated/target_decisions.csv")
    texts = defaultdict(list)
    for d in decisions:
        texts[(d["source_code"], d["source_field"])].append(d["source_text"])
    for row in read("targets.csv"):
        code = row["indicator_code"]
        for field in ("target_2025", "target_2030", "other_target"):
            for piece in (p.strip() for p in row[field].split(";") if p.strip()):
                assert any(t in piece for t in texts[(code, field)]), (code, field, piece)


def test_only_the_two_unquantified_indicators_have_no_figure(wb):
    with_figures = {r["indicator"] for r in wb["targets"] + wb["observations"]}
    without = {r["code"] for r in wb["indicators"]} - with_figures
    assert without == {"MFG_BUDGET_CONTRIB", "MFG_HQ_LABOUR"}
    # the job target has no observation of the same definition (a gap, said in the note)
    assert not by(wb["observations"], indicator="MFG_NEW_JOBS")
    assert "gap" in one(wb["indicators"], code="MFG_NEW_JOBS")["note"]
    for code in without:
        row = one(wb["indicators"], code=code)
        assert "Unquantified" in row["note"]
        assert row["breakthrough"] in {"2", "3"}


# -- sources -------------------------------------------------------------------------------------


def test_every_row_has_a_source_url(wb, core):
    for name, rows in list(wb.items()) + list(core.items()):
        if "source_url" not in WORKBOOK_COLUMNS.get(name, CORE_COLUMNS.get(name)):
            continue
        for row in rows:
            urls = split_urls(row["source_url"])
            assert urls, (name, row)
            assert all(re.match(r"https?://\S+$", u) for u in urls), (name, row["source_url"])
            assert " | ".join(urls) == row["source_url"]


def test_multi_url_sources_are_kept_whole(wb):
    row = one(wb["observations"], indicator="GRDP_SCALE", period="2025", estimate="estimate")
    assert len(split_urls(row["source_url"])) == 2
    assert row["source"] == "vietnamplus.vn; vietnamnet.vn"


# -- values, units, periods ----------------------------------------------------------------------


def test_observation_cells_are_normalised(wb):
    for row in wb["observations"]:
        assert parse_period(row["period"]) is not None
        assert str(parse_period(row["period"])) == row["period"]
        assert row["estimate"] in ESTIMATE_KINDS
        assert row["accepted"] in {"yes", "no"}
        assert row["locality"] == ""
        assert row["reported_as"]
        if row["value"]:
            Decimal(row["value"])
            assert "E" not in row["value"]
            assert row["qualifier"] in QUALIFIERS
        else:
            assert row["qualifier"] == ""
            assert row["value_high"] == ""
        if row["value_high"]:
            assert Decimal(row["value_high"]) > Decimal(row["value"])


def test_unit_conversions_keep_the_published_figure(wb):
    obs = wb["observations"]
    row = one(obs, indicator="GRDP_SCALE", period="2023")
    assert (row["value"], row["reported_as"]) == ("315.8", "315800 VND billion")
    assert "converted from 315800 VND billion" in row["note"]
    row = one(obs, indicator="IPEZ_CAPITAL_ATTRACTED", period="2022", accepted="no")
    assert (row["value"], row["reported_as"]) == ("89.026", "89026 VND billion (non-budget)")
    row = one(obs, indicator="DOMESTIC_INVEST_ATTRACTED", period="2025-10M")
    assert (row["value"], row["qualifier"]) == ("204", "over")
    row = one(wb["targets"], indicator="IPEZ_DOMESTIC_CAPITAL")
    assert row["value"] == "55"
    units = {r["code"]: r["unit"] for r in wb["indicators"]}
    assert units["MFG_INVEST_CAPITAL"] == "nghìn tỷ đồng"
    # USD figures are never converted to VND: no exchange rate in the sources
    row = one(obs, indicator="DOMESTIC_INVEST_ATTRACTED_USD")
    assert (row["value"], row["reported_as"]) == ("1.9", "1.9 USD billion")


def test_non_numeric_facts_keep_their_text(wb):
    row = one(wb["observations"], indicator="IND_CLUSTERS_STATUS")
    assert row["value"] == ""
    assert row["reported_as"] == "12 established; 6 operating clusters"
    row = one(wb["observations"], indicator="IPS_ACTIVE")
    assert row["value"] == ""
    assert row["reported_as"].startswith("15 IPs; 8 well-operating")


def test_structure_rows_are_split(wb):
    obs = wb["observations"]
    for code, period, value in [
        ("AGRI_SHARE", "2023", "4.7"),
        ("IND_CONSTR_SHARE", "2023", "51.9"),
        ("SERVICES_SHARE", "2023", "30.7"),
        ("AGRI_SHARE", "2024", "4.5"),
        ("IND_CONSTR_SHARE", "2024", "50.8"),
        ("SERVICES_SHARE", "2024", "33.4"),
        ("PRODUCT_TAX_SHARE", "2024", "11.3"),
        ("LABOUR_SHARE_AGRI", "2024", "16.7"),
        ("LABOUR_SHARE_IND_CONSTR", "2024", "34.4"),
        ("LABOUR_SHARE_SERVICES", "2024", "48.9"),
    ]:
        row = one(obs, indicator=code, period=period)
        assert row["value"] == value
        assert "split from" in row["note"]
    assert not by(obs, indicator="ECON_STRUCTURE")
    assert not by(obs, indicator="LABOUR_STRUCTURE")


def test_manufacturing_growth_is_mapped_to_value_added_growth(wb):
    obs = wb["observations"]
    assert not by(obs, indicator="MFG_GROWTH")
    growth = by(obs, indicator="MFG_VA_GROWTH")
    assert len(growth) == 11
    for row in growth:
        assert "does not state whether it is value-added or production-based" in row["note"]
    assert len(by(obs, indicator="MFG_IIP")) == 6


def test_free_text_periods_are_interpreted(wb):
    obs = wb["observations"]
    assert one(obs, indicator="MFG_INVEST_CAPITAL", period="2021/2022-9M")["qualifier"] == "over"
    assert one(obs, indicator="MFG_VA_GROWTH", period="2021/2023-6M")["value"] == "23.6"
    fdi_q1 = one(obs, indicator="FDI_ATTRACTED", period="2024-Q1")
    assert fdi_q1["estimate"] == "provisional"
    assert "15/3/2024" in fdi_q1["note"]
    assert one(obs, indicator="FDI_ATTRACTED", period="2021-9M")["value"] == "1"
    assert one(obs, indicator="MFG_SHARE_GRDP", period="2023")["estimate"] == "forecast"
    assert one(obs, indicator="IP_WORKERS", period="2018-M06")["value"] == "23397"


def test_estimates_published_before_the_period_ended(wb):
    obs = wb["observations"]
    for code, period in [
        ("GRDP_GROWTH", "2021"),
        ("IIP_TOTAL", "2021"),
        ("GRDP_GROWTH", "2023"),
        ("FDI_ATTRACTED", "2023"),
        ("STATE_BUDGET_REVENUE", "2023"),
    ]:
        row = one(obs, indicator=code, period=period)
        assert row["estimate"] == "estimate"
        assert "estimate" in row["note"]


# -- conflicts ------------------------------------------------------------------------------------


def test_exactly_one_accepted_figure_per_indicator_period_and_kind(wb):
    groups = defaultdict(list)
    for row in wb["observations"]:
        groups[(row["indicator"], row["period"], row["locality"], row["estimate"])].append(row)
    for key, rows in groups.items():
        assert [r["accepted"] for r in rows].count("yes") == 1, key
        if len(rows) > 1:
            assert all("CONFLICT" in r["note"] for r in rows), key


def test_every_conflict_is_decided_and_explained(wb):
    conflicts = [r for r in wb["observations"] if "CONFLICT" in r["note"]]
    assert len(conflicts) >= 11
    for row in conflicts:
        if row["accepted"] == "yes":
            assert "accepted" in row["note"]
        else:
            assert "not accepted" in row["note"]
            assert "rival" in row["note"]


@pytest.mark.parametrize(
    ("indicator", "period", "accepted", "rejected"),
    [
        ("MFG_SHARE_GRDP", "2021", "11.3", "11.9"),
        ("MFG_VA_GROWTH", "2021", "35.31", "32.19"),
        ("IPEZ_CAPITAL_ATTRACTED", "2022", "52.7", "89.026"),
        ("STATE_BUDGET_REVENUE", "2024-H1", "30.77", "29.13"),
    ],
)
def test_accepted_conflicting_figures(wb, indicator, period, accepted, rejected):
    rows = by(wb["observations"], indicator=indicator, period=period)
    assert {r["value"]: r["accepted"] for r in rows} == {accepted: "yes", rejected: "no"}


def test_share_2021_accepts_the_consistent_series(wb):
    series = {
        r["period"]: r["value"]
        for r in by(wb["observations"], indicator="MFG_SHARE_GRDP", accepted="yes")
        if r["estimate"] == "final" and parse_period(r["period"]).kind == "year"
    }
    assert series == {"2020": "9.8", "2021": "11.3", "2022": "11.5", "2024": "12.43"}
    rejected = one(wb["observations"], indicator="MFG_SHARE_GRDP", value="11.9")
    assert "11.3" in rejected["note"]
    assert "consistent" in rejected["note"]


def test_estimate_rivals_from_notes_stand_beside_the_final_figures(wb):
    obs = wb["observations"]
    final = one(obs, indicator="GRDP_SCALE", period="2025", estimate="final")
    estimate = one(obs, indicator="GRDP_SCALE", period="2025", estimate="estimate")
    assert (final["value"], estimate["value"]) == ("368.445", "395")
    assert "supersedes" in estimate["note"]
    final = one(obs, indicator="GRDP_PER_CAPITA", period="2025", estimate="final")
    estimate = one(obs, indicator="GRDP_PER_CAPITA", period="2025", estimate="estimate")
    assert (final["value"], estimate["value"], estimate["qualifier"]) == ("10402", "11000", "over")


# -- targets, windows and revisions --------------------------------------------------------------


def targets_of(wb, indicator):
    return {
        (r["start_year"], r["year"], r["document"]): r
        for r in by(wb["targets"], indicator=indicator)
    }


def test_resolution_01_windows(wb):
    share = targets_of(wb, "MFG_SHARE_GRDP")
    assert share[("2021", "2025", NQ01)]["value"] == "15"
    assert share[("2021", "2025", NQ01)]["qualifier"] == "over"
    assert share[("2026", "2030", NQ01)]["value"] == "20"
    growth = targets_of(wb, "MFG_VA_GROWTH")
    assert set(growth) == {("2021", "2025", NQ01), ("2026", "2030", NQ01)}
    assert growth[("2021", "2025", NQ01)]["value"] == "17"
    assert growth[("2026", "2030", NQ01)]["value"] == "20"
    capital = targets_of(wb, "MFG_INVEST_CAPITAL")
    assert set(capital) == {("2021", "2025", NQ01), ("2021", "2030", NQ01)}
    assert capital[("2021", "2025", NQ01)]["value"] == "50"
    assert capital[("2021", "2030", NQ01)]["value"] == "100"
    jobs = targets_of(wb, "MFG_NEW_JOBS")
    assert set(jobs) == {("2021", "2025", NQ01), ("2021", "2030", NQ01)}
    assert jobs[("2021", "2025", NQ01)]["qualifier"] == "at_least"
    assert jobs[("2021", "2030", NQ01)]["value"] == "50000"
    for row in list(capital.values()) + list(jobs.values()):
        assert "start year of cumulation not stated in sources; 2021 assumed" in row["note"].lower()


def test_behaviours_of_resolution_01_indicators(wb):
    indicators = {r["code"]: r for r in wb["indicators"]}
    expected = {
        "MFG_SHARE_GRDP": ("level", "2"),
        "MFG_VA_GROWTH": ("rate", "1"),
        "MFG_INVEST_CAPITAL": ("cumulative", "1"),
        "MFG_NEW_JOBS": ("cumulative", "3"),
        "MFG_BUDGET_CONTRIB": ("level", "2"),
        "MFG_HQ_LABOUR": ("level", "3"),
        "TRAINED_LABOUR_RATE": ("level", "3"),
    }
    for code, (behaviour, breakthrough) in expected.items():
        row = indicators[code]
        assert (row["programme"], row["behaviour"], row["breakthrough"]) == (
            "NQ01",
            behaviour,
            breakthrough,
        )
    # only Resolution 01's own indicators carry a breakthrough
    assert {c for c, r in indicators.items() if r["breakthrough"]} == set(expected)


def test_congress_xvi_revises_the_2030_share(wb):
    rows = by(wb["targets"], indicator="MFG_SHARE_GRDP", year="2030")
    assert len(rows) == 2
    original = one(rows, document=NQ01)
    revision = one(rows, revises=NQ01)
    assert (original["value"], original["qualifier"], original["revises"]) == ("20", "exact", "")
    assert (revision["value"], revision["qualifier"]) == ("18", "over")
    assert revision["start_year"] == original["start_year"] == "2026"
    assert "XVI" in revision["document"]
    assert "27/9/2025" in revision["document"]
    assert "18%" in revision["revision_reason"]
    assert "danviet" in revision["source_url"]


def test_every_revision_points_at_an_earlier_target(wb):
    revisions = [r for r in wb["targets"] if r["revises"]]
    assert len(revisions) == 3
    for row in revisions:
        assert row["revision_reason"]
        earlier = one(
            wb["targets"],
            indicator=row["indicator"],
            year=row["year"],
            locality=row["locality"],
            document=row["revises"],
        )
        # the revised target comes first, so an importer reading top-down can link them
        assert wb["targets"].index(earlier) < wb["targets"].index(row)


def test_target_cells(wb):
    for row in wb["targets"]:
        assert int(row["start_year"]) <= int(row["year"])
        Decimal(row["value"])
        assert row["qualifier"] in QUALIFIERS
        assert row["document"]
        assert row["note"]
        if row["value_high"]:
            assert Decimal(row["value_high"]) > Decimal(row["value"])
    assert one(wb["targets"], indicator="IND_CONSTR_SHARE", year="2025")["value_high"] == "50"


def test_baselines(wb):
    baselines = {r["indicator"]: r for r in wb["baselines"]}
    assert baselines["MFG_SHARE_GRDP"]["year"] == "2020"
    assert baselines["MFG_SHARE_GRDP"]["value"] == "9.8"
    assert baselines["MFG_VA_GROWTH"]["value"] == "17.79"
    # the 2010-2020 capital figure is a span: no baseline, kept as an observation
    assert "MFG_INVEST_CAPITAL" not in baselines
    row = one(wb["observations"], indicator="MFG_INVEST_CAPITAL", period="2010/2020")
    assert (row["value"], row["qualifier"]) == ("69", "approx")
    assert "span" in one(wb["indicators"], code="MFG_INVEST_CAPITAL")["note"]
    for row in wb["baselines"]:
        assert re.fullmatch(r"\d{4}", row["year"])
        Decimal(row["value"])


# -- codes and references ------------------------------------------------------------------------


def test_codes_are_unique(wb, core):
    sheets = [("programme", wb["programme"]), ("indicators", wb["indicators"]), *core.items()]
    for name, rows in sheets:
        codes = [r["code"] for r in rows]
        assert len(codes) == len(set(codes)), name
        assert all(re.fullmatch(r"[A-Z0-9][A-Z0-9_-]*", c) for c in codes), name
    numbers = [(r["programme"], r["number"]) for r in wb["breakthroughs"]]
    assert len(numbers) == len(set(numbers))


def test_references_resolve(wb, core):
    programmes = {r["code"] for r in wb["programme"]}
    breakthroughs = {(r["programme"], r["number"]) for r in wb["breakthroughs"]}
    indicators = {r["code"] for r in wb["indicators"]}
    agencies = {r["code"] for r in core["agencies"]}
    localities = {r["code"] for r in core["localities"]} | {""}
    zones = {r["code"] for r in core["zones"]} | {""}
    for row in wb["programme"]:
        assert row["issuing_body"] in agencies
    for row in wb["indicators"]:
        assert row["programme"] in programmes
        assert not row["breakthrough"] or (row["programme"], row["breakthrough"]) in breakthroughs
        assert row["responsible_agency"] in agencies | {""}
        assert row["behaviour"] in BEHAVIOURS
        assert row["direction"] in DIRECTIONS
        assert row["name_vi"]
        assert row["name_en"]
        assert row["note"]
    for sheet in ("baselines", "targets", "observations"):
        for row in wb[sheet]:
            assert row["indicator"] in indicators
            assert row.get("locality", "") in localities
    for row in core["agencies"]:
        assert row["successor"] in agencies | {""}
    for row in core["zones"]:
        assert row["parent"] in zones
        assert row["locality"] in localities
    for row in core["localities"]:
        assert row["parent"] in localities


def test_references_point_upwards(core):
    """A parent or successor is listed before the rows that refer to it."""
    for name, column in [("localities", "parent"), ("agencies", "successor"), ("zones", "parent")]:
        seen = set()
        for row in core[name]:
            assert not row[column] or row[column] in seen, (name, row["code"])
            seen.add(row["code"])


def test_programme_split(wb):
    programmes = {r["code"]: r for r in wb["programme"]}
    assert programmes["NQ01"]["number"] == "01-NQ/TU"
    assert programmes["NQ01"]["issued_on"] == "2020-11-16"
    assert programmes["NQ01"]["issuing_body"] == "TINH-UY"
    assert programmes["SEDP2125"]["number"] == "300/NQ-HĐND"
    assert programmes["SEDP2125"]["issued_on"] == "2020-12-09"
    assert programmes["SEDP2125"]["issuing_body"] == "HDND-TINH"
    indicators = {r["code"]: r["programme"] for r in wb["indicators"]}
    sedp = "GRDP_GROWTH GRDP_PER_CAPITA IND_CONSTR_SHARE SERVICES_SHARE AGRI_SHARE"
    sedp += " UNEMPLOYMENT_RATE GRDP_SCALE STATE_BUDGET_REVENUE TOTAL_SOCIAL_INVESTMENT IIP_TOTAL"
    for code in sedp.split():
        assert indicators[code] == "SEDP2125", code
    for code in ["FDI_ATTRACTED", "IP_OCCUPANCY", "MFG_IIP", "IPEZ_CAPITAL_ATTRACTED"]:
        assert indicators[code] == "NQ01", code
    assert [b["title_en"][:5] for b in wb["breakthroughs"]] == ["Total", "The i", "Attra"]


# -- core lists ---------------------------------------------------------------------------------


def test_localities(core):
    localities = {r["code"]: r for r in core["localities"]}
    admin = read("admin_units.csv")
    assert len(localities) == len(admin) + 3  # + province and the two special zones
    assert localities["QN"]["kind"] == "province"
    districts = [r for r in core["localities"] if r["parent"] == "QN" and r["valid_to"]]
    assert len(districts) == 13
    assert all(r["valid_to"] == "2025-06-30" for r in districts)
    assert {r["kind"] for r in districts} == {"city", "town", "district"}
    dong_trieu = localities["QN-DONGTRIEU"]
    assert (dong_trieu["kind"], dong_trieu["valid_from"]) == ("city", "2024-11-01")
    assert "town" in dong_trieu["note"]
    for code in ("QN-DK-VANDON", "QN-DK-COTO"):
        assert localities[code]["kind"] == "special_zone"
        assert localities[code]["valid_from"] == "2025-07-01"
        assert "1679/NQ-UBTVQH15" in localities[code]["note"]
    assert all(r["kind"] in LOCALITY_KINDS for r in core["localities"])
    assert not [r for r in core["localities"] if r["kind"] in ("ward", "commune")]


def test_agencies(core):
    agencies = {r["code"]: r for r in core["agencies"]}
    assert len(agencies) == len(read("agencies.csv"))
    assert {"SCT", "QEZA", "IPA", "UBND-TINH", "TINH-UY", "HDND-TINH", "TKQN"} <= set(agencies)
    assert agencies["SKHDT"]["successor"] == "STC"
    assert agencies["SLDTBXH"]["successor"] == "SNV"
    assert agencies["UBND-HUYEN"]["valid_to"] == "2025-06-30"
    assert agencies["TKQN"]["kind"] == "statistics"
    assert all(r["kind"] in AGENCY_KINDS for r in core["agencies"])


def test_zones(core):
    zones = {r["code"]: r for r in core["zones"]}
    source = read("zones.csv")
    assert len(zones) == len(source)
    assert zones["KCN-TEXHONG-HAIHA"]["parent"] == "KCN-HAIHA"
    assert zones["KCN-HAIHA"]["parent"] == "KKT-MONGCAI"
    assert zones["KCN-SONGKHOAI"]["parent"] == "KKT-QUANGYEN"
    assert zones["KCN-PHUONGNAM"]["status"] == "revoked"
    assert zones["KCN-BACTIENPHONG"]["total_area_ha"] == "1200"
    assert "approx" in zones["KCN-BACTIENPHONG"]["note"]
    conflicts = [r["name_vi"] for r in source if "CONFLICT" in r["note"]]
    assert len(conflicts) == 2
    for row in core["zones"]:
        if row["name_vi"] in conflicts:
            assert "CONFLICT" in row["note"]
        assert row["kind"] in ZONE_KINDS
        assert row["status"] in ZONE_STATUSES
        for column in ("total_area_ha", "industrial_land_ha"):
            if row[column]:
                Decimal(row[column])
    kinds = defaultdict(int)
    for row in core["zones"]:
        kinds[row["kind"]] += 1
    assert dict(kinds) == {"economic_zone": 5, "industrial_park": 18, "industrial_cluster": 7}


# -- curated decisions are explained ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "programmes.csv",
        "indicators.csv",
        "target_decisions.csv",
        "observation_decisions.csv",
        "observations_from_notes.csv",
        "localities.csv",
    ],
)
def test_every_curated_decision_has_a_note(name):
    for row in read(f"curated/{name}"):
        assert row["note"], (name, row)


# -- nothing is dropped silently ----------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "quangninh"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def append(path, values):
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(values)


def test_the_copy_builds_like_the_original(data_copy, wb):
    assert build_workbook(data_copy) == wb


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (["MFG_SHARE_GRDP", "sometime", "12", "% of GRDP", "https://e.x/1", ""], PeriodError),
        (["NEW_CODE", "2024", "12", "% of GRDP", "https://e.x/1", ""], DataError),
        (["MFG_SHARE_GRDP", "2019", "12", "furlongs", "https://e.x/1", ""], DataError),
        (["MFG_SHARE_GRDP", "2019", "12", "USD", "https://e.x/1", ""], DataError),
        (["MFG_SHARE_GRDP", "2019", "12", "% of GRDP", "", ""], DataError),
        (["MFG_SHARE_GRDP", "2020", "9.9", "% of GRDP", "https://e.x/1", ""], DataError),
    ],
)
def test_an_unreadable_or_undecided_row_stops_the_build(data_copy, row, error):
    append(data_copy / "actuals.csv", row)
    with pytest.raises(error):
        build_workbook(data_copy)


def test_a_decision_that_matches_nothing_stops_the_build(data_copy):
    append(
        data_copy / "curated" / "observation_decisions.csv",
        ["GRDP_GROWTH", "1999", "1", "", "no", "stale"],
    )
    with pytest.raises(DataError, match=r"match no row"):
        build_workbook(data_copy)


def test_a_target_not_found_in_the_source_stops_the_build(data_copy):
    path = data_copy / "curated" / "target_decisions.csv"
    row = dict.fromkeys(path.read_text(encoding="utf-8").splitlines()[0].split(","), "")
    row.update(indicator="GRDP_GROWTH", source_code="GRDP_GROWTH", source_field="target_2025")
    row.update(source_text="11", value_text="11", start_year="2021", year="2025", document="x")
    append(path, list(row.values()))
    with pytest.raises(DataError, match=r"not found in targets\.csv"):
        build_workbook(data_copy)


# Letters only Vietnamese uses (tests/language.py): none may appear in an English text.
def _has_vietnamese(text):
    from tests.language import VIETNAMESE_LETTERS

    return bool(VIETNAMESE_LETTERS.search(text))


def test_every_indicator_has_its_description_and_unit_in_both_languages(wb):
    for row in wb["indicators"]:
        assert row["description"], row["code"]
        assert row["description_en"], row["code"]
        assert bool(row["unit"]) == bool(row["unit_en"]), row["code"]
        assert not _has_vietnamese(row["unit_en"] + row["description_en"]), row["code"]
    capital = one(wb["indicators"], code="MFG_INVEST_CAPITAL")
    assert (capital["unit"], capital["unit_en"]) == ("nghìn tỷ đồng", "VND trillion")


def test_every_agency_has_its_role_in_both_languages_and_no_head_as_written(core):
    for row in core["agencies"]:
        assert row["role"], row["code"]
        assert row["role_en"], row["code"]
        assert not _has_vietnamese(row["role_en"]), row["code"]
        # "Director X (2023)" is a research remark: kept in the internal note only.
        assert row["head"] == ""
    statistics = one(core["agencies"], code="TKQN")
    assert statistics["role"].startswith("Công bố GRDP")
