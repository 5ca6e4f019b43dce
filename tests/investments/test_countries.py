"""The country list: every ISO 3166-1 country, named from CLDR, sorted in the page's language."""

import pytest
from django.utils import translation

from xuctien.investments.countries import (
    code_for,
    codes,
    country_choices,
    country_name,
    vietnamese_key,
)


def test_every_iso_3166_country_is_listed_once():
    assert len(codes()) == 249
    assert len(set(codes())) == 249
    assert {"VN", "JP", "KR", "AQ", "SS", "BQ", "AX", "PS"} <= set(codes())
    assert not {"EU", "UN", "XK", "ZZ", "AC"} & set(codes())


def test_the_names_are_in_the_pages_language():
    with translation.override("vi"):
        assert (country_name("KR"), country_name("DE")) == ("Hàn Quốc", "Đức")
    with translation.override("en"):
        assert (country_name("KR"), country_name("DE")) == ("South Korea", "Germany")


def test_hong_kong_and_taiwan_keep_the_provinces_names():
    with translation.override("en"):
        assert country_name("HK") == "Hong Kong (China)"
        assert country_name("TW") == "Taiwan (China)"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_choices_are_sorted_by_name_in_the_pages_language(language):
    with translation.override(language):
        names = [name for _code, name in country_choices()]
    key = vietnamese_key if language == "vi" else str.casefold
    assert names == sorted(names, key=key)
    assert len(names) == 249


def test_vietnamese_order_puts_d_bar_after_d_and_tones_after_letters():
    words = ["Đức", "Đan Mạch", "Dominica", "Ai Cập", "Ấn Độ", "Áo", "Ba Lan"]
    assert sorted(words, key=vietnamese_key) == [
        "Ai Cập",
        "Áo",
        "Ấn Độ",
        "Ba Lan",
        "Dominica",
        "Đan Mạch",
        "Đức",
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("jp", "JP"), ("Nhật Bản", "JP"), ("nhat ban", "JP"), ("Japan", "JP"), ("Atlantis", "")],
)
def test_an_imported_country_is_read_by_code_or_by_name_in_either_language(typed, code):
    assert code_for(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Hong Kong (China)", "HK"),
        ("Hồng Kông (Trung Quốc)", "HK"),
        ("Hong Kong", "HK"),
        ("Hong Kong SAR China", "HK"),
        ("Taiwan", "TW"),
        ("Đài Loan", "TW"),
        ("dai loan", "TW"),
        ("Macao", "MO"),
        ("China", "CN"),
        ("Trung Quốc", "CN"),
    ],
)
def test_hong_kong_macao_and_taiwan_are_read_as_registers_write_them(typed, code):
    """A register of Quảng Ninh's projects (shared/data) wrote "Taiwan" and "Hong Kong":
    the import refused them as unknown countries, knowing only "Taiwan (China)"."""
    assert code_for(typed) == code


def test_an_unknown_code_is_shown_as_it_is():
    assert country_name("QQ") == "QQ"
    assert country_name("") == "—"
