"""The matching ranking, worked out by hand: points, hard constraints, unknowns, words."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import translation

from xuctien.sites.matching import BLOCKED, FIT, MISS, PARTIAL, UNKNOWN, Needs, Site, rank


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def site(code, **kwargs):
    return Site(zone_id=hash(code) % 10_000, code=code, name=code, **kwargs)


A = site(
    "A",
    status="operating",
    available_ha=D(42),
    sectors=("C",),
    power_kv=220,
    water_m3_day=D(5000),
    seaport_km=D(15),
)
B = site("B", status="operating", available_ha=D(12), sectors=("26",), power_kv=110)
C = site("C", status="under_construction", available_ha=D(35), power_kv=22)
D_ = site("D", status="planned")  # nothing published
R = site("R", status="revoked", available_ha=D(500))


def by_code(matches):
    return {m.site.code: m for m in matches}


def test_land_and_sector_and_power_ranked_by_hand():
    needs = Needs(
        land_min_ha=D(30), land_max_ha=D(50), sector="26", sector_section="C", power_kv=110
    )
    matches = rank(needs, [B, C, D_, A, R])
    # A: land 30-50 with 42 → partial (0.5), sector C covers 26 → fit (1), 220 ≥ 110 → fit (1)
    #    = 2.5 of 3 = 83.3 %
    # C: land partial (0.5), sectors unknown (0), 22 kV < 110 → miss (0) = 0.5 / 3 = 16.7 %
    # D: all three unknown = 0 %
    # B: 12 ha < 30 → blocked, ranks last whatever its points (sector fit, power fit = 66.7 %)
    # R: revoked, not a site
    assert [m.site.code for m in matches] == ["A", "C", "D", "B"]
    found = by_code(matches)
    assert found["A"].score == D("83.3")
    assert found["C"].score == D("16.7")
    assert found["D"].score == D("0.0")
    assert found["B"].score == D("66.7")
    assert found["B"].blocked
    a = {f.criterion: f for f in found["A"].fits}
    assert (a["land"].outcome, a["land"].text) == (PARTIAL, "needs 30–50 ha; 42 ha available")
    assert (a["power"].outcome, a["power"].text) == (FIT, "needs 110 kV; park has 220 kV")
    assert a["sector"].outcome == FIT
    b = {f.criterion: f for f in found["B"].fits}
    assert (b["land"].outcome, b["land"].text) == (BLOCKED, "needs 30–50 ha; only 12 ha available")
    c = {f.criterion: f for f in found["C"].fits}
    assert c["sector"].outcome == UNKNOWN
    assert "not published" in c["sector"].text
    assert (c["power"].outcome, c["power"].text) == (MISS, "needs 110 kV; park has 22 kV")
    d = {f.criterion: f for f in found["D"].fits}
    assert d["land"].text == "needs 30–50 ha; available land unknown"
    assert found["D"].unknowns == 3


def test_sector_not_allowed_is_a_hard_constraint():
    needs = Needs(sector="10", sector_section="C")
    matches = by_code(rank(needs, [B]))
    fit = matches["B"].fits[0]
    assert fit.outcome == BLOCKED
    assert fit.text == "sector 10 is not among the park's sectors (26)"
    assert matches["B"].blocked


def test_weights_change_the_order():
    # Needs: 40 ha and a seaport within 20 km.
    # A: 42 ha → fit; port 15 km → fit. C: 35 ha < 40 → blocked. E: 100 ha fit, port unknown.
    e = site("E", status="operating", available_ha=D(100))
    equal = rank(Needs(land_min_ha=D(40), port_km=D(20)), [e, A, C])
    assert [m.site.code for m in equal] == ["A", "E", "C"]
    # A: (1·1 + 3·1) / 4 = 100 %; E: (1·1 + 3·0) / 4 = 25 %
    weighted = rank(Needs(land_min_ha=D(40), port_km=D(20), weights={"port": 3}), [e, A])
    assert [(m.site.code, m.score) for m in weighted] == [("A", D("100.0")), ("E", D("25.0"))]
    # Weight 0: the criterion is not counted at all.
    ignored = rank(Needs(land_min_ha=D(40), port_km=D(20), weights={"port": 0}), [e, A])
    assert [f.criterion for f in ignored[0].fits] == ["land"]
    assert {m.score for m in ignored} == {D("100.0")}


def test_unknown_is_never_a_fit_and_ranks_after_known():
    # Two sites with 0 points each: F has an explicit miss, D has only unknowns → F first
    # (fewer unknowns); neither earns a point for missing data.
    f = site("F", status="operating", available_ha=D(100), power_kv=22)
    matches = rank(Needs(power_kv=110, water_m3_day=D(100)), [D_, f])
    assert [m.site.code for m in matches] == ["F", "D"]
    assert all(m.score == 0 for m in matches)
    water = matches[1].fits[1]
    assert (water.outcome, water.text) == (
        UNKNOWN,
        "needs 100 m³/day of water; the park's supply is unknown",
    )


def test_timeline():
    needs = Needs(needed_by=dt.date(2026, 6, 30))
    later = site("L", status="under_construction", available_from=dt.date(2027, 1, 1))
    matches = by_code(rank(needs, [A, later, C]))
    assert matches["A"].fits[0].outcome == FIT
    assert matches["A"].fits[0].text == "land needed by 30/06/2026; the park is operating"
    assert matches["L"].fits[0].outcome == MISS
    assert matches["C"].fits[0].outcome == UNKNOWN


def test_full_land_range_is_a_fit():
    matches = rank(Needs(land_min_ha=D(30)), [A])
    assert (matches[0].fits[0].outcome, matches[0].fits[0].text) == (
        FIT,
        "needs 30 ha; 42 ha available",
    )
    assert matches[0].score == D("100.0")


def test_vietnamese_numbers():
    with translation.override("vi"):
        text = rank(Needs(land_min_ha=D("30.5")), [A])[0].fits[0].text
    assert "30,5" in text
    assert "42" in text
