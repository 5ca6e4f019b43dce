"""One portal per province under its slug: its own zones, news and name; /portal/ lists the
provinces; the addresses from before still work."""

import pytest

from tests.factories import ProvinceFactory, ZoneFactory
from tests.portal.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(db):
    return ProvinceFactory()


@pytest.fixture
def second(db):
    return ProvinceFactory(
        code="BN", slug="bac-ninh", name_vi="Tỉnh Bắc Ninh", name_en="Bac Ninh province"
    )


def test_with_one_province_the_portal_and_its_old_addresses_go_to_it(client, first):
    assert client.get("/portal/")["Location"] == f"/portal/{first.slug}/"
    assert client.get("/portal/zones/")["Location"] == f"/portal/{first.slug}/zones/"
    response = client.get("/portal/news/?zone=KCN-A")
    assert response["Location"] == f"/portal/{first.slug}/news/?zone=KCN-A"
    assert client.get("/portal/news/tin-a/")["Location"] == f"/portal/{first.slug}/news/tin-a/"


def test_with_several_provinces_the_portal_lists_them(client, first, second):
    page = client.get("/portal/").content.decode()
    assert f'href="/portal/{first.slug}/"' in page
    assert 'href="/portal/bac-ninh/"' in page
    assert client.get("/portal/zones/")["Location"] == "/portal/"


def test_the_portal_lists_the_current_provinces_from_one_query(
    client, first, second, django_assert_num_queries
):
    """A province merged away (valid_to) still counts against "the only one", but is not
    listed; the list reads every province once."""
    import datetime

    ProvinceFactory(
        code="HT",
        slug="ha-tay",
        name_vi="Tỉnh Hà Tây",
        name_en="Ha Tay",
        valid_to=datetime.date(2008, 7, 31),
    )
    with django_assert_num_queries(1):
        page = client.get("/portal/").content.decode()
    assert page.index("bac-ninh") < page.index(first.slug)  # by Vietnamese name, as before
    assert "ha-tay" not in page


def test_each_portal_names_its_province_and_shows_its_own_zones(client, first, second):
    ZoneFactory(code="KCN-A", name_vi="KCN Một", province=first)
    ZoneFactory(code="KCN-B", name_vi="KCN Hai", province=second)

    home = client.get("/portal/bac-ninh/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tỉnh Bắc Ninh" in home
    zones = client.get("/portal/bac-ninh/zones/").content.decode()
    assert "KCN Hai" in zones
    assert "KCN Một" not in zones
    assert client.get("/portal/nowhere/").status_code == 404


def test_news_and_its_feed_stay_in_their_province(client, first, second):
    ArticleFactory(slug="tin-a", province=first, words="Tin của tỉnh thứ nhất")
    ArticleFactory(slug="tin-b", province=second, words="Tin Bắc Ninh")

    news = client.get("/portal/bac-ninh/news/").content.decode()
    assert "Tin Bắc Ninh" in news
    assert "Tin của tỉnh thứ nhất" not in news
    assert client.get("/portal/bac-ninh/news/tin-a/").status_code == 404
    feed = client.get("/portal/bac-ninh/news/feed/").content.decode()
    assert "<title>Tin tức đầu tư – Tỉnh Bắc Ninh</title>" in feed
    assert "/portal/bac-ninh/news/tin-b/" in feed
    assert "tin-a" not in feed


def test_the_list_names_each_province_in_the_readers_language_and_escapes_it(client, first):
    ProvinceFactory(code="BN", slug="bac-ninh", name_vi="Tỉnh Bắc <Ninh>", name_en="Bac Ninh & Co")
    vietnamese = client.get("/portal/").content.decode()
    assert '<li><a href="/portal/bac-ninh/">Tỉnh Bắc &lt;Ninh&gt;</a></li>' in vietnamese
    english = client.get("/portal/?lang=en").content.decode()
    assert '<li><a href="/portal/bac-ninh/">Bac Ninh &amp; Co</a></li>' in english
    assert f'<li><a href="/portal/{first.slug}/">{first.name_en}</a></li>' in english
