"""Anonymous visitors reach only the public pages: a walk over every route of the site.

Each route without parameters is requested by an anonymous visitor. The public ones (the
programme's approved figures, the portal, published projects, zones) answer; every other one
sends the visitor to the login page or refuses. A new private page is covered the day it is
added; a new public one must be added to PUBLIC here, on purpose.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.investments.factories import InteractionFactory

pytestmark = [pytest.mark.security, pytest.mark.django_db]

PUBLIC = {
    "home", "login", "zone-list", "agency-list",
    "programmes:dashboard",
    "investments:project-list", "investments:project-export", "investments:investor-list",
    "investments:analytics",
    "portal:index",
    "province-list",
    "api-schema", "api-docs", "api-root", "indicator-list", "observation-list", "project-list",
    "investor-list", "portal-article-list", "portal-opportunity-list",
    # Zones with their published site figures only; the public site finder.
    "api-zone-list", "portal:site-finder",
    # Published facts on training supply, and the portal's workforce page built from them.
    "labour:supply", "labour-supply-list", "portal:workforce",
    # Lists whose records are all private: anonymous visitors get an empty list.
    "interaction-list",
}  # fmt: skip
REFUSED = {302, 401, 403, 404, 405}
#: Public and empty on purpose: no icon (the pages declare an empty one).
NO_CONTENT = {"favicon"}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            space = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def routes() -> list[tuple[str, str]]:
    found = {}
    for route, name in _walk(get_resolver().url_patterns):
        if "<" in route or "(?P" in route or route.startswith("admin"):
            continue
        found.setdefault(name, "/" + route.replace("^", "").replace("/?$", "/"))
    return sorted(found.items())


@pytest.mark.parametrize(("name", "url"), routes())
def test_an_anonymous_visitor_gets_only_public_pages(client, name, url):
    response = client.get(url)

    if name.startswith("portal:legacy-"):  # an old address: on to the province list
        assert (response.status_code, response["Location"]) == (302, "/portal/")
    elif name in PUBLIC:
        assert response.status_code == 200, f"{name} should be public"
    elif name in NO_CONTENT:
        assert (response.status_code, response.content) == (204, b"")
    else:
        assert response.status_code in REFUSED, f"{name} answered {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/login/")


def test_private_lists_are_empty_for_anonymous_visitors(client, secretariat):
    InteractionFactory()
    client.force_login(secretariat)
    assert client.get("/api/v1/interactions/").json()["count"] == 1
    client.logout()

    assert client.get("/api/v1/interactions/").json()["count"] == 0


def test_the_walk_finds_the_private_pages_it_guards():
    names = {name for name, _url in routes()}

    assert {"programmes:review", "actions:task-list", "aftercare:request-list"} <= names
    assert len(names - PUBLIC) >= 30
