"""Agency names matched despite accents, abbreviations and typing slips."""

from types import SimpleNamespace

from xuctien.actions.matching import AgencyMatcher, normalise, province_words, split_names

AGENCIES = [
    SimpleNamespace(pk=1, code="SCT", name_vi="Sở Công Thương", name_en="Department of Industry"),
    SimpleNamespace(pk=2, code="SXD", name_vi="Sở Xây dựng", name_en="Department of Construction"),
    SimpleNamespace(pk=3, code="UBND-QY", name_vi="Ủy ban nhân dân thị xã Quảng Yên", name_en=""),
]


def test_normalise_drops_accents_so_punctuation_and_the_words_it_is_given():
    assert normalise("Sở Công thương tỉnh Quảng Ninh.") == "cong thuong quang ninh"
    own = province_words("Tỉnh Quảng Ninh", "Quang Ninh province")
    assert own == {"quang", "ninh", "province"}
    assert normalise("Sở Công thương tỉnh Quảng Ninh.", own) == "cong thuong"
    assert normalise("UBND TX Quảng Yên") == "uy ban nhan dan thi xa quang yen"


def test_the_matcher_ignores_its_own_province_name_taken_from_the_province_data():
    province = SimpleNamespace(pk=9, name_vi="Tỉnh Bắc Ninh", name_en="")
    agencies = [SimpleNamespace(pk=1, code="BN-SCT", name_vi="Sở Công Thương", name_en="")]
    matcher = AgencyMatcher(agencies, province=province)
    assert matcher.match("Sở Công Thương tỉnh Bắc Ninh").exact
    # another province's name is not ignored: that is another body
    assert not AgencyMatcher(agencies, province=province).match("Sở Công Thương tỉnh Hà Giang")


def test_the_matcher_knows_an_agency_by_its_abbreviation_and_other_names():
    agency = SimpleNamespace(
        pk=1,
        code="BN-UBND",
        name_vi="Ủy ban nhân dân tỉnh Bắc Ninh",
        name_en="",
        abbreviation="PPC",
        alias_list=["Chính quyền tỉnh"],
    )
    matcher = AgencyMatcher([agency])
    assert matcher.match("PPC").agency.pk == 1
    assert matcher.match("chính quyền tỉnh").exact


def test_it_matches_exactly_despite_accents_and_abbreviations():
    matcher = AgencyMatcher(AGENCIES)
    assert matcher.match("so cong thuong").agency.pk == 1
    assert matcher.match("SỞ CÔNG THƯƠNG").exact
    assert matcher.match("UBND thị xã Quảng Yên").agency.pk == 3
    assert matcher.match("sct").agency.pk == 1


def test_it_matches_a_misspelling_by_similarity_with_a_score():
    match = AgencyMatcher(AGENCIES).match("Sở Xây dưng")
    assert match.agency.pk == 2
    assert match.exact  # only the accent differs
    typo = AgencyMatcher(AGENCIES).match("Sở Công Thươg")
    assert typo.agency.pk == 1
    assert 0.8 <= typo.score < 1


def test_it_does_not_guess_an_unrelated_name():
    assert AgencyMatcher(AGENCIES).match("Sở Y tế") is None


def test_split_names():
    assert split_names("Sở Xây dựng; Sở Tài chính và UBND TX Quảng Yên") == [
        "Sở Xây dựng",
        "Sở Tài chính",
        "UBND TX Quảng Yên",
    ]
