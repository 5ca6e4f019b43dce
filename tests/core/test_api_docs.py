"""The API docs page works offline: Swagger UI from the pinned sidecar, on our own origin."""

import re

import pytest
from django.urls import reverse

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_the_api_docs_page_loads_every_asset_from_this_site(client):
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    html = response.content.decode()
    assets = ASSET.findall(html)
    assert len(assets) >= 5  # icon, two style sheets, three scripts
    for url in assets:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        assert body(client.get(url)), url  # served here, not empty
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("api-docs")).content.decode()

    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html


@pytest.mark.django_db
def test_the_api_docs_start_up_script_points_at_our_schema(client):
    response = client.get(reverse("api-docs"), {"script": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema").encode() in response.content
