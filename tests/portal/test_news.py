"""Investment news: the list, tag filters, an article, the feeds, editing and images."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ZoneFactory
from tests.investments.factories import ProjectFactory
from tests.portal.factories import ArticleFactory
from xuctien.investments.models import Stage
from xuctien.portal.models import Article, ArticleImage

#: The portal of the default test province (tests.factories.ProvinceFactory).
SLUG = "quang-ninh"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_list_is_newest_first_and_hides_drafts(client, db):
    ArticleFactory(slug="old", date=dt.date(2024, 1, 1))
    ArticleFactory(slug="new", date=dt.date(2025, 1, 1))
    ArticleFactory(slug="draft", status=Article.Status.DRAFT)
    response = client.get(reverse("portal:article-list", args=[SLUG]))
    assert [a.slug for a in response.context["articles"]] == ["new", "old"]


def test_the_list_is_paginated_by_ten(client, db):
    for day in range(1, 13):
        ArticleFactory(date=dt.date(2025, 1, day))
    assert len(client.get(reverse("portal:article-list", args=[SLUG])).context["articles"]) == 10
    assert (
        len(
            client.get(reverse("portal:article-list", args=[SLUG]), {"page": 2}).context["articles"]
        )
        == 2
    )


def test_the_list_filters_by_zone_tag(client, db):
    tagged = ArticleFactory(slug="tagged")
    tagged.zones.add(ZoneFactory(code="KCN-X"))
    ArticleFactory(slug="other")
    response = client.get(reverse("portal:article-list", args=[SLUG]), {"zone": "KCN-X"})
    assert [a.slug for a in response.context["articles"]] == ["tagged"]


def test_an_article_shows_in_the_chosen_language(client, db):
    article = ArticleFactory(words="Tin tiếng Việt")
    url = reverse("portal:article-detail", args=[SLUG, article.slug])
    assert "Tin tiếng Việt" in client.get(url).content.decode()
    assert f"News {article.slug}" in client.get(url, {"lang": "en"}).content.decode()


@pytest.mark.security
def test_a_draft_is_not_found_by_the_public(client, db):
    article = ArticleFactory(status=Article.Status.DRAFT)
    assert (
        client.get(reverse("portal:article-detail", args=[SLUG, article.slug])).status_code == 404
    )


@pytest.mark.parametrize("name", ["portal:feed-rss", "portal:feed-atom"])
def test_the_feeds_are_valid_xml_with_published_articles_only(client, db, name):
    ArticleFactory(words="Bài <đã> đăng & xong")
    ArticleFactory(words="Nháp", status=Article.Status.DRAFT)
    response = client.get(reverse(name, args=[SLUG]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    text = ET.tostring(root, encoding="unicode")
    assert "Bài &lt;đã&gt; đăng &amp; xong" in text
    assert "Nháp" not in text


def test_an_editor_writes_and_publishes_a_bilingual_article(client, secretariat):
    client.force_login(secretariat)
    data = {
        "slug": "hoi-nghi", "date": "2025-06-01",
        "title_vi": "Hội nghị", "body_vi": '<p onclick="x()">Nội dung<script>alert(1)</script></p>',
        "title_en": "Conference", "body_en": "<p>Body</p>",
    }  # fmt: skip
    response = client.post(reverse("portal:article-create"), data)
    article = Article.objects.get(slug="hoi-nghi")
    assert response.status_code == 302
    assert article.author == secretariat
    assert article.status == Article.Status.DRAFT
    assert article.translated("body", "vi") == "<p>Nội dung</p>"
    assert article.translated("title", "en") == "Conference"
    client.post(reverse("portal:article-status", args=[article.pk]), {"status": "published"})
    article.refresh_from_db()
    assert article.is_published
    assert article.published_at is not None


def test_an_ipa_officer_may_edit_but_another_officer_may_not(client, ipa_officer, officer):
    client.force_login(ipa_officer)
    assert client.get(reverse("portal:article-create")).status_code == 200
    client.force_login(officer)
    assert client.get(reverse("portal:article-create")).status_code == 403


def test_an_article_may_not_link_a_project_before_its_irc(client, secretariat):
    lead = ProjectFactory(stage=Stage.LEAD)
    client.force_login(secretariat)
    data = {"slug": "x", "date": "2025-06-01", "title_vi": "X", "projects": [lead.pk]}
    response = client.post(reverse("portal:article-create"), data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_an_uploaded_png_is_stored_and_served_once_published(
    client, secretariat, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(secretariat)
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    url = reverse("portal:image-upload", args=[article.pk])
    client.post(url, {"file": upload, "alt": "Nhà máy"})
    image = ArticleImage.objects.get()
    assert image.content_type == "image/png"
    assert "photo" not in image.file.name
    client.logout()
    assert client.get(image.get_absolute_url()).status_code == 404
    article.status = Article.Status.PUBLISHED
    article.save()
    served = client.get(image.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.security
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("evil.png", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", PNG),  # a PNG calling itself a JPEG
        ("big.png", PNG + b"\x00" * (2 * 1024 * 1024)),
    ],
)
def test_uploads_of_the_wrong_type_or_size_are_refused(client, secretariat, tmp_path, settings,
                                                       name, content):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory()
    client.force_login(secretariat)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(
        reverse("portal:image-upload", args=[article.pk]), {"file": upload, "alt": "x"}
    )
    assert response.status_code == 200
    assert not ArticleImage.objects.exists()
