"""Agency names matched despite accents and abbreviations; anything else is asked."""

from types import SimpleNamespace

from xuctien.actions.matching import AgencyMatcher, looks_like_agency, normalise, split_names

PROVINCE = SimpleNamespace(name_vi="Tỉnh Quảng Ninh", name_en="Quang Ninh Province")


def agency(pk, code, name_vi, successor=None):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        pk=pk, code=code, name_vi=name_vi, name_en="", valid_to=None,
        successor_id=successor.pk if successor else None, successor=successor,
    )  # fmt: skip


SCT = agency(1, "SCT", "Sở Công Thương")
SXD = agency(2, "SXD", "Sở Xây dựng")
UBQY = agency(3, "UBND-QY", "Ủy ban nhân dân thị xã Quảng Yên")
AGENCIES = [SCT, SXD, UBQY]


def test_normalise_drops_accents_so_punctuation_and_the_provinces_own_name():
    assert normalise("Sở Công thương tỉnh Quảng Ninh.", PROVINCE) == "cong thuong"
    assert normalise("UBND TX Quảng Yên", PROVINCE) == "uy ban nhan dan thi xa quang yen"
    assert normalise("Sở KH&ĐT") == normalise("Sở Kế hoạch và Đầu tư") == "ke hoach va dau tu"
    assert normalise("Sở NN&MT") == "nong nghiep va moi truong"
    assert normalise("Ban QLKKT") == "ban quan ly khu kinh te"
    assert normalise("Sở LĐ-TB&XH") == normalise("Sở Lao động - Thương binh và Xã hội")


def test_it_matches_exactly_despite_accents_and_abbreviations():
    matcher = AgencyMatcher(AGENCIES, province=PROVINCE)
    assert matcher.resolve("so cong thuong").agency is SCT
    assert matcher.resolve("SỞ CÔNG THƯƠNG tỉnh Quảng Ninh").status == "exact"
    assert matcher.resolve("UBND thị xã Quảng Yên").agency is UBQY
    assert matcher.resolve("sct").agency is SCT
    assert matcher.resolve("Sở Xây dưng").agency is SXD  # only the accent differs


def test_a_misspelling_is_asked_with_the_near_agencies_never_matched():
    typo = AgencyMatcher(AGENCIES).resolve("Sở Công Thươg")
    assert (typo.status, typo.agency) == ("ask", None)
    assert [a.code for a, _score in typo.candidates] == ["SCT"]


def test_an_unrelated_name_has_no_candidates():
    assert AgencyMatcher(AGENCIES).resolve("Sở Y tế").candidates == []


def test_a_dissolved_agency_resolves_to_its_successor_for_confirmation():
    finance = agency(5, "STC", "Sở Tài chính")
    planning = agency(4, "SKHDT", "Sở Kế hoạch và Đầu tư", successor=finance)
    found = AgencyMatcher([planning, finance]).resolve("Sở KH&ĐT")
    assert (found.status, found.agency, found.written) == ("successor", finance, planning)


def test_an_alias_wins():
    alias = SimpleNamespace(key="cac dia phuong", agency_id=3)
    assert AgencyMatcher(AGENCIES, [alias]).resolve("Các địa phương").agency is UBQY


def test_looks_like_agency():
    assert looks_like_agency("Sở Y tế")
    assert looks_like_agency("UBND các xã")
    assert not looks_like_agency("Hỗ trợ đầu tư")


def test_split_names():
    assert split_names("Sở Xây dựng; Sở Tài chính và UBND TX Quảng Yên") == [
        "Sở Xây dựng",
        "Sở Tài chính",
        "UBND TX Quảng Yên",
    ]
