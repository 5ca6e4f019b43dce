"""The core pages: home, sign-in, the language switch, zones, agencies and error pages."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import AgencyFactory, LocalityFactory, ZoneFactory
from xuctien.core.models import Agency, Zone
from xuctien.history import acting_as

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def van_don(province):
    """An economic zone with a park inside it, as published."""
    zone = ZoneFactory(
        code="KKT-VD",
        name_vi="Khu kinh tế Vân Đồn",
        name_en="Van Don Economic Zone",
        kind=Zone.Kind.ECONOMIC_ZONE,
        locality=province,
        total_area_ha=Decimal("217133"),
        status=Zone.Status.OPERATING,
        developer="Ban Quản lý KKT Vân Đồn",
        source_url="https://www.vietnamplus.vn/van-don | https://thuvienphapluat.vn/x",
    )
    ZoneFactory(code="KCN-VD", name_vi="KCN Vân Đồn", parent=zone, total_area_ha=Decimal("1234.5"))
    return zone


# --- home, login, logout ------------------------------------------------------------------


def test_the_home_page_introduces_the_product_and_links_to_the_dashboard(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("programmes:dashboard") in response.text
    assert "Công việc của bạn" not in response.text
    assert f'href="{reverse("login")}?next=/"' in response.text


def test_the_home_page_shows_a_signed_in_officer_their_role_and_agency(client, officer):
    client.force_login(officer)

    response = client.get(reverse("home"))

    assert "Công việc của bạn" in response.text
    assert "Cán bộ cơ quan · Sở Công Thương" in response.text
    assert f'action="{reverse("logout")}"' in response.text


def test_a_person_logs_in_with_username_and_password(client, officer):
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).wsgi_request.user == officer


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, officer):
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": "nope"})

    assert response.status_code == 200
    assert "form-errors" in response.text
    assert "Mật khẩu" in response.text  # Django's own catalog, in Vietnamese
    assert not response.wsgi_request.user.is_authenticated


def test_login_goes_back_to_the_page_that_asked(client, officer):
    response = client.post(
        reverse("login") + "?next=/zones/",
        {"username": "chuyenvien", "password": PASSWORD, "next": "/zones/"},
    )

    assert response["Location"] == "/zones/"


def test_logging_out_needs_a_post(client, officer):
    client.force_login(officer)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)

    assert not response.wsgi_request.user.is_authenticated
    assert "Bạn đã đăng xuất." in response.text


# --- language switch ------------------------------------------------------------------------


def test_the_language_switch_is_on_every_page(client, van_don):
    for url in (reverse("home"), reverse("zone-list"), reverse("zone-detail", args=["KKT-VD"])):
        text = client.get(url).text
        assert 'data-language="vi"' in text
        assert 'data-language="en"' in text
        assert f'action="{reverse("set-language")}"' in text


def test_choosing_english_sets_a_cookie_for_a_year_and_goes_back(client):
    response = client.post(reverse("set-language"), {"language": "en", "next": "/zones/"})

    assert response.status_code == 302
    assert response["Location"] == "/zones/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"


def test_the_language_switch_never_redirects_to_another_site(client):
    response = client.post(
        reverse("set-language"), {"language": "en", "next": "https://evil.example/phish"}
    )

    assert response["Location"] == reverse("home")


def test_the_language_switch_falls_back_to_the_referring_page(client):
    response = client.post(
        reverse("set-language"), {"language": "vi"}, headers={"referer": "/agencies/?q=x"}
    )

    assert response["Location"] == "/agencies/?q=x"


def test_the_language_switch_drops_a_lang_parameter_that_would_override_it(client):
    response = client.post(
        reverse("set-language"), {"language": "vi", "next": "/zones/?kind=industrial_park&lang=en"}
    )

    assert response["Location"] == "/zones/?kind=industrial_park"


def test_an_unknown_language_changes_nothing(client):
    response = client.post(reverse("set-language"), {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_language_switch_accepts_only_posts(client):
    assert client.get(reverse("set-language"), {"language": "en"}).status_code == 405


def test_a_post_without_its_csrf_token_gets_the_translated_expired_form_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set-language"), {"language": "en"})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text


# --- zones ----------------------------------------------------------------------------------


def test_the_zone_list_groups_zones_by_kind_economic_zones_first(client, van_don):
    ZoneFactory(code="CCN1", name_vi="CCN Hà Khánh", kind=Zone.Kind.INDUSTRIAL_CLUSTER)

    text = client.get(reverse("zone-list")).text

    ez, park, cluster = (text.index(f'id="group-{kind}"') for kind in Zone.Kind.values)
    assert ez < park < cluster
    assert "Khu kinh tế Vân Đồn" in text
    assert "217.133" in text
    assert "1.234,5" in text
    assert "thuộc Khu kinh tế Vân Đồn" in text
    assert f'href="{reverse("zone-detail", args=["KCN-VD"])}"' in text


def test_the_zone_list_filters_by_kind_and_search(client, van_don):
    response = client.get(reverse("zone-list"), {"kind": "industrial_park"})
    assert "KCN Vân Đồn" in response.text
    assert 'id="group-economic_zone"' not in response.text

    response = client.get(reverse("zone-list"), {"q": "không có"})
    assert "Không có khu nào khớp với bộ lọc." in response.text


def test_a_bad_filter_value_shows_the_whole_list(client, van_don):
    response = client.get(reverse("zone-list"), {"kind": "volcano"})

    assert response.status_code == 200
    assert "Khu kinh tế Vân Đồn" in response.text


def test_the_zone_list_needs_the_same_queries_for_many_zones(
    client, province, django_assert_max_num_queries
):
    parent = ZoneFactory(code="KKT", kind=Zone.Kind.ECONOMIC_ZONE, locality=province)
    for n in range(40):
        ZoneFactory(code=f"KCN{n}", parent=parent, locality=province)

    # the count for the pages, the zones, their published site reports, the localities of
    # the filter's choice
    with django_assert_max_num_queries(4):
        response = client.get(reverse("zone-list"))

    assert response.text.count('scope="row"') == 41


def test_a_zone_page_shows_its_facts_parks_and_sources(client, van_don):
    text = client.get(reverse("zone-detail", args=["KKT-VD"])).text

    assert "<h1>Khu kinh tế Vân Đồn</h1>" in text
    assert "217.133 ha" in text
    assert "Ban Quản lý KKT Vân Đồn" in text
    assert "KCN Vân Đồn" in text
    assert 'href="https://www.vietnamplus.vn/van-don" rel="noopener" target="_blank"' in text
    assert ">vietnamplus.vn<" in text
    assert ">thuvienphapluat.vn<" in text


def test_a_park_page_links_back_to_its_zone(client, van_don):
    text = client.get(reverse("zone-detail", args=["KCN-VD"])).text

    assert f'<a href="{reverse("zone-detail", args=["KKT-VD"])}">Khu kinh tế Vân Đồn</a>' in text


def test_a_zone_page_shows_the_english_name_with_the_official_one(client, van_don):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    text = client.get(reverse("zone-detail", args=["KKT-VD"])).text

    assert "<h1>Van Don Economic Zone</h1>" in text
    assert '<span lang="vi">Khu kinh tế Vân Đồn</span>' in text


def test_the_history_of_a_zone_is_shown_to_signed_in_people_only(client, van_don, secretariat):
    with acting_as(secretariat):
        van_don.developer = "Ban Quản lý Khu kinh tế Quảng Ninh"
        van_don.save()
    url = reverse("zone-detail", args=["KKT-VD"])

    assert "Lịch sử thay đổi" not in client.get(url).text
    client.force_login(secretariat)
    text = client.get(url).text
    assert "Lịch sử thay đổi" in text
    assert "Ban Quản lý Khu kinh tế Quảng Ninh" in text


def test_an_unknown_zone_is_not_found(client):
    assert client.get(reverse("zone-detail", args=["NOPE"])).status_code == 404


# --- agencies -------------------------------------------------------------------------------


def test_the_agency_list_shows_role_and_successor(client):
    finance = AgencyFactory(code="STC", name_vi="Sở Tài chính", name_en="Department of Finance")
    AgencyFactory(
        code="SKHDT",
        name_vi="Sở Kế hoạch và Đầu tư",
        successor=finance,
        role="Thẩm định dự án",
        valid_to="2025-02-28",
    )

    text = client.get(reverse("agency-list")).text

    assert "Sở Kế hoạch và Đầu tư" in text
    assert "Thẩm định dự án" in text
    assert "đến 28/02/2025" in text
    assert "Cơ quan kế thừa: Sở Tài chính" in text


def test_the_agency_list_filters_by_kind(client):
    AgencyFactory(code="BQL", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    AgencyFactory(code="SXD", name_vi="Sở Xây dựng")

    text = client.get(reverse("agency-list"), {"kind": "board"}).text

    assert "Ban Quản lý KKT" in text
    assert "Sở Xây dựng" not in text


def test_the_agency_list_is_paginated(client):
    for n in range(105):
        AgencyFactory(code=f"A{n:03}")

    text = client.get(reverse("agency-list"), {"page": 2}).text

    assert "101–105 trên tổng số 105" in text


# --- error pages ----------------------------------------------------------------------------


def test_the_not_found_page_is_in_vietnamese_by_default(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert '<html lang="vi">' in response.text


def test_the_not_found_page_follows_the_chosen_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert '<html lang="en">' in response.text


def test_the_access_denied_page_invites_anonymous_people_to_log_in():
    request = RequestFactory().get("/programmes/secret/")
    request.user = AnonymousUser()

    with translation.override("vi"):
        html = render_to_string("403.html", request=request)

    assert "Không có quyền truy cập" in html
    assert f"{reverse('login')}?next=/programmes/secret/" in html


@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Đã xảy ra lỗi"), ("en", "Something went wrong")]
)
def test_the_server_error_page_needs_no_request(language, title):
    with translation.override(language):
        html = render_to_string("500.html")

    assert title in html
    assert f'<html lang="{language}">' in html


# --- administration -------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["locality", "agency", "zone", "user", "changerecord"])
def test_the_administrator_can_list_every_core_model(client, admin_user, model):
    LocalityFactory()
    client.force_login(admin_user)

    assert client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200


def test_the_history_cannot_be_written_from_the_administration(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:core_changerecord_add")).status_code == 403


def test_the_zone_list_shows_a_hundred_zones_a_page_and_the_next_page_the_rest(client, db):
    for n in range(101):
        ZoneFactory(code=f"KCN{n:03}", name_vi=f"KCN {n:03}")

    first = client.get(reverse("zone-list")).content.decode()
    second = client.get(reverse("zone-list"), {"page": 2}).content.decode()

    assert "KCN 099" in first
    assert "KCN 100" not in first
    assert "KCN 100" in second
    assert 'rel="next"' in first


def test_favicon_is_no_content_for_anyone_and_kept_a_day(client):
    """A fragment opened on its own (the forecast panel) made Chromium ask /favicon.ico: a
    404 in the console. Answered with nothing, signed in or not, and cached."""
    answer = client.get("/favicon.ico")
    assert answer.status_code == 204
    assert answer.content == b""
    assert answer["Cache-Control"] == "public, max-age=86400"
    assert client.post("/favicon.ico").status_code == 405
