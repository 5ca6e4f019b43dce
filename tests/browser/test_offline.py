"""Pages work with the network off: every request outside this site is refused."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offline_page(page, live_server):
    """The browser tab, with every request to another host aborted and remembered."""
    site = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    violations: list[str] = []

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == site:
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.elsewhere, page.violations = elsewhere, violations
    return page


def test_the_api_docs_render_offline_under_the_content_security_policy(offline_page):
    offline_page.goto(reverse("api-docs"))

    expect(offline_page.locator(".opblock").first).to_be_visible()
    assert offline_page.elsewhere == []
    assert offline_page.violations == []
