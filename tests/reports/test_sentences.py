"""The generated sentences, from snapshot rows written by hand (no database)."""

from django.utils import translation

from xuctien.reports import sentences

SHARE = {
    "name_vi": "Tỷ trọng công nghiệp chế biến, chế tạo trong GRDP",
    "name_en": "Manufacturing share of GRDP",
    "unit_vi": "%",
    "unit_en": "%",
    "year": 2024,
    "status": "off_track",
    "actual": "12.4300",
    "expected": "13.9600",
    "gap": "-1.5300",
    "still_needed": "2.5700",
    "final_target": "18",
    "final_target_high": None,
    "final_target_year": 2030,
}


def test_an_indicator_reads_as_in_a_provincial_report():
    with translation.override("vi"):
        text = sentences.indicator_sentence(SHARE)
    assert text == (
        "Tỷ trọng công nghiệp chế biến, chế tạo trong GRDP năm 2024 đạt 12,43%, thấp hơn "
        "1,53 điểm phần trăm so với lộ trình (13,96%); mục tiêu đến năm 2030 là 18%. "
        "Đánh giá: chậm tiến độ. Mức cần đạt mỗi năm còn lại: 2,57%."
    )


def test_the_same_sentence_in_english():
    with translation.override("en"):
        text = sentences.indicator_sentence(SHARE)
    assert text.startswith("Manufacturing share of GRDP in 2024 reached 12.43%, 1.53 percentage")


def test_a_figure_above_the_path_in_its_own_unit():
    row = {**SHARE, "unit_vi": "nghìn tỷ đồng", "gap": "4.2", "status": "on_track"}
    with translation.override("vi"):
        text = sentences.indicator_sentence(row)
    assert "đạt 12,43 nghìn tỷ đồng, cao hơn 4,20 nghìn tỷ đồng so với lộ trình" in text


def test_numbers_use_the_vietnamese_notation():
    with translation.override("vi"):
        assert sentences.num("13360.98") == "13.360,98"
        assert sentences.num("14.0000") == "14"


def test_recipients_end_with_a_semicolon_and_the_last_with_a_full_stop():
    from xuctien.reports.document import recipient_lines

    lines = recipient_lines("UBND tỉnh (b/c)\n- Các sở, ngành;\n\nLưu: VT")
    assert lines == ["- UBND tỉnh (b/c);", "- Các sở, ngành;", "- Lưu: VT."]


def test_place_and_date_pad_days_and_the_first_two_months():
    from datetime import date

    from xuctien.reports.document import place_and_date

    assert place_and_date("Quảng Ninh", date(2025, 2, 5)) == "Quảng Ninh, ngày 05 tháng 02 năm 2025"
    assert (
        place_and_date("Quảng Ninh", date(2025, 12, 15)) == "Quảng Ninh, ngày 15 tháng 12 năm 2025"
    )
