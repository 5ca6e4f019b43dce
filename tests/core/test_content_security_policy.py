"""Every page is sent with a Content-Security-Policy, and no page needs 'unsafe-inline'.

Each route without parameters is walked as an administrator (who may see every page) and
as an anonymous visitor; every HTML page must carry the policy and hold no inline script,
no ``<style>`` block, no ``style=""`` attribute and no ``on…=`` event handler.
"""

import re

import pytest

from tests.test_anonymous_access import routes

pytestmark = [pytest.mark.security, pytest.mark.django_db]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
STYLE_BLOCK = re.compile(r"<style[\s>]")
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle=")
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
#: Data passed to scripts, which the browser does not run.
JSON_SCRIPT = re.compile(r'<script id="[^"]*" type="application/json">.*?</script>', re.DOTALL)


def inline_code(html: str) -> list[str]:
    html = JSON_SCRIPT.sub("", html)
    found = []
    for name, pattern in [
        ("inline script", INLINE_SCRIPT),
        ("style block", STYLE_BLOCK),
        ("style attribute", STYLE_ATTRIBUTE),
        ("event handler", EVENT_HANDLER),
    ]:
        found += [f"{name}: {match.group(0)[:120]}" for match in pattern.finditer(html)]
    return found


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere(settings):
    policy = settings.CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    # Only map tiles come from elsewhere: images from the configured tile host, nothing else.
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    others = {name: value for name, value in directives.items() if name != "img-src"}
    assert not any("http" in value for value in others.values())


@pytest.mark.parametrize("anonymous", [False, True], ids=["administrator", "anonymous"])
@pytest.mark.parametrize(("name", "url"), routes())
def test_every_page_has_the_policy_and_no_inline_code(client, admin_user, name, url, anonymous):
    if not anonymous:
        client.force_login(admin_user)

    response = client.get(url)

    assert response.headers.get("Content-Security-Policy"), name
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], name


def test_static_files_have_the_policy_too(client):
    assert client.get("/static/css/app.css").headers.get("Content-Security-Policy")


def test_the_check_finds_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><style>p{}</style><p style="x">'
        '<a href="#" onclick="x()">a</a><script src="/static/a.js"></script>'
        '<script id="d" type="application/json">{"a": 1}</script>'
    )

    assert [found.split(":")[0] for found in inline_code(html)] == [
        "inline script", "style block", "style attribute", "event handler"
    ]  # fmt: skip


def test_pages_of_records_with_charts_have_no_inline_code(client, admin_user, agency):
    from django.urls import reverse

    from tests.actions.factories import TaskFactory
    from tests.investments.factories import ProjectFactory
    from tests.programmes.test_monitoring import resolution

    resolution(agency)
    task = TaskFactory(lead_agency=agency, is_synthetic=False)
    project = ProjectFactory()
    client.force_login(admin_user)
    pages = [
        reverse("programmes:indicator", args=["SHARE"]),
        reverse("actions:task-detail", args=[task.pk]),
        reverse("actions:scorecard") + "?year=2025",
        reverse("investments:project-detail", args=[project.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Content-Security-Policy"), url
        assert inline_code(response.content.decode()) == [], url
    scorecard = client.get(pages[2]).content.decode()
    assert 'data-chart-height="' in scorecard


def test_the_browsable_api_needs_nothing_inline(client, admin_user):
    """DRF's pages in a browser: its inline styles come from static/css/api.css instead.

    Before, /api/v1/projects/ in Chromium reported two CSP violations (pygments' <style>
    block, the filter button's style attribute) and a 404 for /favicon.ico.
    """
    from xuctien.core.api.renderers import INLINE_STYLE

    client.force_login(admin_user)
    for url in ["/api/v1/", "/api/v1/projects/", "/api/v1/tasks/"]:
        response = client.get(url, HTTP_ACCEPT="text/html")

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        html = response.content.decode()
        assert inline_code(html) == [], url
        assert '<link rel="icon" href="data:,">' in html, url
        assert "/static/css/api.css" in html, url
    filtered = client.get("/api/v1/projects/", HTTP_ACCEPT="text/html").content.decode()
    assert "data-xt-api-right" in filtered  # the Filters button, floated by the style sheet
    assert INLINE_STYLE.strip() in _drf_base_template()  # what the renderer replaces is still there
    css = client.get("/static/css/api.css")
    assert css.status_code == 200
    rule = b"[data-xt-api-right] { float: right; margin-right: 10px; }"
    assert rule in b"".join(css.streaming_content)


def _drf_base_template() -> str:
    from django.template.loader import get_template

    return get_template("rest_framework/base.html").template.source
