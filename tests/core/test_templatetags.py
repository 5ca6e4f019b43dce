"""The presentation filters and tags, with hand-written expectations in both languages."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.factories import AgencyFactory
from xuctien import history
from xuctien.core.templatetags.xuctien import figure, figure_short, host, number, percent, web_url
from xuctien.history import acting_as
from xuctien.programmes.assessment import Status


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def obs(value, qualifier="exact", value_high=None):
    return SimpleNamespace(value=value, value_high=value_high, qualifier=qualifier)


def render(source: str, **context) -> str:
    return Template("{% load xuctien %}" + source).render(Context(context))


# --- number and percent -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("41.300"), None, "41,3"),
        (Decimal("100.00"), None, "100"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("50000000000000"), None, "50.000.000.000.000"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("1234"), 1, "1.234,0"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("-0.04"), 1, "0,0"),
        (30000, None, "30.000"),
        (0.1, None, "0,1"),
        ("17", None, "17"),
    ],
)
def test_a_number_uses_vietnamese_grouping(vi, value, places, expected):
    assert number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.5"), None, "1,234.5"),
        (Decimal("41.300"), None, "41.3"),
        (Decimal("50000000000000"), None, "50,000,000,000,000"),
        (Decimal("2.345"), 2, "2.35"),
        (Decimal("-1234.5"), None, "-1,234.5"),
    ],
)
def test_a_number_uses_english_grouping(en, value, places, expected):
    assert number(value, places) == expected


@pytest.mark.parametrize("missing", [None, "", "n/a", Decimal("NaN")])
def test_a_missing_number_is_a_dash_never_zero(vi, missing):
    assert number(missing) == "—"


def test_the_number_filter_takes_its_places_from_the_template(vi):
    assert render("{{ x|number }} {{ x|number:2 }}", x=Decimal("1234.5")) == "1.234,5 1.234,50"


def test_percent_appends_the_sign_in_both_languages(vi):
    assert percent(Decimal("15.30")) == "15,3%"
    assert percent(Decimal("17"), 1) == "17,0%"
    assert percent(None) == "—"
    with translation.override("en"):
        assert percent(Decimal("15.3")) == "15.3%"


# --- figure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure_obj", "expected"),
    [
        (obs(Decimal("41.3"), "over"), "trên 41,3"),
        (obs(Decimal("50000"), "at_least"), "ít nhất 50.000"),
        (obs(Decimal("15"), "under"), "dưới 15"),
        (obs(Decimal("20"), "at_most"), "tối đa 20"),
        (obs(Decimal("69"), "approx"), "khoảng 69"),
        (obs(Decimal("99.5"), "nearly"), "gần 99,5"),
        (obs(Decimal("49"), "exact", Decimal("50")), "49–50"),
        (obs(Decimal("49.5"), "approx", Decimal("50")), "khoảng 49,5–50"),
        (obs(Decimal("12.40"), "exact"), "12,4"),
        (obs(Decimal("7"), ""), "7"),
        (obs(None, "over"), "—"),
    ],
)
def test_a_figure_reads_as_published_in_vietnamese(vi, figure_obj, expected):
    assert figure(figure_obj) == expected


@pytest.mark.parametrize(
    ("figure_obj", "expected"),
    [
        (obs(Decimal("41.3"), "over"), "over 41.3"),
        (obs(Decimal("30000"), "at_least"), "at least 30,000"),
        (obs(Decimal("15"), "under"), "under 15"),
        (obs(Decimal("20"), "at_most"), "at most 20"),
        (obs(Decimal("69"), "approx"), "about 69"),
        (obs(Decimal("99.5"), "nearly"), "nearly 99.5"),
        (obs(Decimal("49"), "exact", Decimal("50")), "49–50"),
    ],
)
def test_a_figure_reads_as_published_in_english(en, figure_obj, expected):
    assert figure(figure_obj) == expected


def test_the_short_figure_uses_symbols_for_tight_cells(vi):
    assert figure_short(obs(Decimal("69"), "approx")) == "~69"
    assert figure_short(obs(Decimal("41.3"), "over")) == ">41,3"
    assert figure_short(obs(Decimal("50"), "at_least")) == "≥50"
    assert figure_short(obs(Decimal("49"), "exact", Decimal("50"))) == "49–50"


def test_a_figure_can_round_to_fixed_places(vi):
    assert figure(obs(Decimal("41.26"), "over"), 1) == "trên 41,3"


# --- status badge ---------------------------------------------------------------------


def test_a_status_badge_carries_colour_class_symbol_and_words(vi):
    html = render("{% status_badge 'on_track' %}")

    assert '<span class="badge badge--on_track" data-status="on_track">' in html
    assert '<span class="badge__symbol" aria-hidden="true">●</span>' in html
    assert "Đúng tiến độ" in html


@pytest.mark.parametrize(
    ("status", "vi_label", "en_label"),
    [
        (Status.ACHIEVED, "Đã đạt", "Achieved"),
        (Status.ON_TRACK, "Đúng tiến độ", "On track"),
        (Status.AT_RISK, "Có nguy cơ", "At risk"),
        (Status.OFF_TRACK, "Chậm tiến độ", "Off track"),
        (Status.NO_DATA, "Chưa có số liệu", "No data"),
    ],
)
def test_every_assessment_status_has_a_badge_in_both_languages(status, vi_label, en_label):
    with translation.override("vi"):
        assert vi_label in render("{% status_badge s %}", s=status)
    with translation.override("en"):
        html = render("{% status_badge s %}", s=status)
    assert en_label in html
    assert f'data-status="{status.value}"' in html


def test_a_missing_status_is_shown_as_no_data(en):
    html = render("{% status_badge s title='No figure for 2024' %}", s=None)

    assert 'data-status="no_data"' in html
    assert 'title="No figure for 2024"' in html


# --- links and sources ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.baoquangninh.vn/don-bay-3337899.html", "baoquangninh.vn"),
        ("http://hanoitimes.com.vn/investment/x?y=1", "hanoitimes.com.vn"),
        ("https://en.vietnamplus.vn/a", "en.vietnamplus.vn"),
        ("QĐ 120/2007/QĐ-TTg", "QĐ 120/2007/QĐ-TTg"),
        (None, ""),
    ],
)
def test_host_shows_the_site_a_link_goes_to(url, expected):
    assert host(url) == expected


def test_only_web_addresses_become_links():
    assert web_url(" https://example.vn/a ") == "https://example.vn/a"
    assert web_url("javascript:alert(1)") == ""
    assert web_url("ftp://example.vn") == ""
    assert web_url("https://") == ""


def test_the_sources_partial_links_each_source_by_its_host(vi):
    sources = ["https://www.baoquangninh.vn/a", "javascript:alert(1)", "Niên giám 2023"]
    html = render_to_string("partials/sources.html", {"sources": sources})

    assert (
        '<a href="https://www.baoquangninh.vn/a" rel="noopener" target="_blank"'
        ' title="https://www.baoquangninh.vn/a" translate="no">baoquangninh.vn'
    ) in html
    assert 'href="javascript' not in html
    assert '<li><span translate="no">javascript:alert(1)</span></li>' in html
    assert "Niên giám 2023" in html


def test_the_sources_partial_says_when_there_is_none(vi):
    assert "Chưa ghi nguồn." in render_to_string("partials/sources.html", {"sources": []})


# --- history ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_partial_names_fields_values_and_who(vi, secretariat):
    agency = AgencyFactory(code="SCT", name_vi="Sở Công Thương")
    with acting_as(secretariat):
        agency.role = "Thẩm định dự án"
        agency.kind = agency.Kind.BOARD
        agency.save()

    html = render_to_string("partials/history.html", {"history": agency.history()})

    assert html.count('class="history__item"') == 2
    assert "Sửa đổi" in html
    assert "Tạo mới" in html
    assert "thuky" in html  # the secretariat changed it
    assert "Hệ thống" in html  # the factory created it outside a request
    assert (
        '<th scope="row">Vai trò trong chương trình (tiếng Việt)</th>'
        '<td class="history__before" translate="no">—</td>'
        '<td aria-hidden="true">→</td>'
        '<td class="history__after" translate="no">Thẩm định dự án</td>'
    ) in html
    # choices by their label
    assert (
        '<td class="history__before" translate="no">Sở, ngành</td>'
        '<td aria-hidden="true">→</td><td class="history__after" translate="no">Ban quản lý</td>'
    ) in html


@pytest.mark.django_db
def test_the_history_partial_speaks_english_too(en):
    agency = AgencyFactory(code="SCT")

    html = render_to_string("partials/history.html", {"history": agency.history()})

    assert "Created" in html
    assert "System" in html
    assert (
        '<th scope="row">Code</th><td class="history__before" translate="no">—</td>'
        '<td aria-hidden="true">→</td><td class="history__after" translate="no">SCT</td>'
    ) in html
    assert ">Head<" not in html  # empty before and after: left out


@pytest.mark.django_db
def test_the_history_partial_leaves_internal_notes_out(en):
    # Regression: curation notes in English ("not stated in excerpt") reached the pages.
    agency = AgencyFactory(code="SCT", note="Role not stated in excerpt (agencies.csv).")

    html = render_to_string("partials/history.html", {"history": agency.history()})

    assert '<th scope="row">Code</th>' in html
    assert "agencies.csv" not in html


@pytest.mark.django_db
def test_the_history_partial_lists_many_to_many_changes():
    agency = AgencyFactory(code="SCT")
    history.record(agency, history.UPDATE, {"coordinators": [1]}, {"coordinators": [1, 4]})

    html = render_to_string("partials/history.html", {"history": agency.history()})

    assert (
        '<td class="history__before" translate="no">1</td>'
        '<td aria-hidden="true">→</td><td class="history__after" translate="no">1, 4</td>'
    ) in html


def test_an_empty_history_says_so(vi):
    assert "Chưa có thay đổi nào" in render_to_string("partials/history.html", {"history": []})


# --- form and pagination ----------------------------------------------------------------


class SampleForm(forms.Form):
    name = forms.CharField(label="Tên", help_text="Như trên văn bản.")
    note = forms.CharField(label="Ghi chú", required=False)
    agree = forms.BooleanField(label="Đồng ý")

    def clean(self):
        raise forms.ValidationError("Kỳ này đã khóa.")


def test_the_form_partial_shows_errors_on_top_and_beside_fields(vi):
    form = SampleForm(data={"note": "x"})
    html = render_to_string("partials/form.html", {"form": form})

    assert html.index("Vui lòng sửa các lỗi dưới đây.") < html.index("Kỳ này đã khóa.")
    assert html.index("Kỳ này đã khóa.") < html.index('for="id_name"')
    assert '<ul class="errorlist" id="id_name_error">' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<p class="field__help" id="id_name_helptext">Như trên văn bản.</p>' in html


def test_the_form_partial_marks_required_fields_only(vi):
    html = render_to_string("partials/form.html", {"form": SampleForm()})

    label = '<label class="field__label" for="id_{}">{}{}</label>'
    star = ' <span class="required" aria-hidden="true">*</span>'
    assert label.format("name", "Tên", star) in html
    assert label.format("note", "Ghi chú", "") in html
    assert "bắt buộc" in html
    assert "form-errors" not in html


def test_pagination_keeps_the_filters_and_counts_in_the_page_language(vi):
    page = Paginator(range(1250), 50).page(2)
    request = RequestFactory().get("/agencies/", {"q": "sở", "page": "2"})
    request.user = AnonymousUser()

    html = render_to_string("partials/pagination.html", {"page_obj": page}, request=request)

    assert "51–100 trên tổng số 1.250" in html
    assert 'href="?q=s%E1%BB%9F&amp;page=3" rel="next"' in html
    assert 'href="?q=s%E1%BB%9F&amp;page=1" rel="prev"' in html


def test_a_single_page_needs_no_pagination():
    page = Paginator(range(10), 50).page(1)
    assert render_to_string("partials/pagination.html", {"page_obj": page}).strip() == ""


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        # Regression: the forecast printed "64,56086" for a total in VND trillion.
        (Decimal("64.56086"), "64,56", "64.56"),
        (Decimal("10588"), "10.588", "10,588"),
        (Decimal("2.50"), "2,5", "2.5"),
        (None, "—", "—"),
    ],
)
def test_number_upto_keeps_at_most_two_decimals(value, vi, en):
    from xuctien.core.templatetags.xuctien import number_upto

    with translation.override("vi"):
        assert number_upto(value) == vi
    with translation.override("en"):
        assert number_upto(value) == en


# --- chances ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probability", "words"),
    [
        (0.0, "almost none (under 1 in 100)"),
        (0.03, "under 1 in 10"),
        (0.349, "about 3 in 10"),
        (0.35, "about 4 in 10"),
        (0.96, "over 9 in 10"),
        (1.0, "almost certain (over 99 in 100)"),
        (None, "—"),
    ],
)
def test_a_chance_reads_in_tenths(en, probability, words):
    assert render("{{ p|chance_in_ten }}", p=probability) == words


def test_an_amount_in_dong_reads_in_trillions(vi):
    assert render("{{ v|vnd_trillion }}", v=Decimal("2500000000000")) == "2,5"
    assert render("{{ v|vnd_trillion }}", v=Decimal("1234567000000000")) == "1.234,567"
    assert render("{{ v|vnd_trillion }}", v=None) == "—"
