"""What every signed-in page pays before its own work: the user, the cache, the menu."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from xuctien import history
from xuctien.core import navigation
from xuctien.core.caching import KeptClients
from xuctien.core.lockout import LockoutBackend
from xuctien.core.middleware import ActorMiddleware
from xuctien.core.models import Agency
from xuctien.core.planned import PlannedQuery


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_the_planned_user_is_the_orm_s_user_field_for_field(officer):
    """Same values, same types (dates converted on SQLite too), the agency attached."""
    by_orm = get_user_model().objects.select_related("agency").get(pk=officer.pk)

    planned = LockoutBackend().get_user(officer.pk)

    assert _fields(planned) == _fields(by_orm)
    assert {k: type(v) for k, v in _fields(planned).items()} == {
        k: type(v) for k, v in _fields(by_orm).items()
    }
    assert _fields(planned.agency) == _fields(by_orm.agency)
    assert planned._state.db == by_orm._state.db
    assert not planned._state.adding
    assert str(planned) == str(by_orm)
    assert planned.get_role_display() == by_orm.get_role_display()


@pytest.mark.django_db
def test_the_planned_user_reads_one_query_each_time_and_remembers_no_rows(
    officer, django_assert_num_queries
):
    backend = LockoutBackend()
    for _ in range(2):
        with django_assert_num_queries(1):
            assert backend.get_user(officer.pk).agency.code == officer.agency.code
    get_user_model().objects.filter(pk=officer.pk).update(first_name="Changed")
    Agency.objects.filter(pk=officer.agency_id).update(code="NEW")
    again = backend.get_user(officer.pk)
    assert (again.first_name, again.agency.code) == ("Changed", "NEW")


@pytest.mark.django_db
def test_the_planned_user_without_an_agency_and_a_bad_id(secretariat):
    secretariat.agency = None
    secretariat.save()

    assert LockoutBackend().get_user(secretariat.pk).agency is None
    assert LockoutBackend().get_user(str(secretariat.pk)) == secretariat
    with pytest.raises(ValueError, match="expected a number"):
        LockoutBackend().get_user("not a number")  # as filter(pk=...) refused it


@pytest.mark.django_db
def test_a_planned_query_takes_exactly_one_parameter(officer):
    two = PlannedQuery(lambda pk: get_user_model().objects.filter(pk=pk, agency_id=pk))
    with pytest.raises(ValueError, match="exactly one parameter"):
        two.first(officer.pk)


def test_the_shared_cache_keeps_one_client_per_pool():
    """Django's Redis cache made a client (~0.15 ms) for every call; no server is needed
    to make one."""
    cache = KeptClients(["redis://127.0.0.1:6379/15"])

    first = cache.get_client("a")
    assert cache.get_client("b") is first
    assert cache.get_client("c", write=True) is first  # one server: one pool
    assert first.connection_pool is cache._get_connection_pool(False)


@pytest.mark.django_db
def test_the_view_gets_the_user_itself_and_changes_are_theirs(officer):
    seen = {}

    def view(request):
        seen["user"], seen["actor"] = request.user, history.current_actor()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: get_user_model().objects.get(pk=officer.pk))
    ActorMiddleware(view)(request)

    assert type(seen["user"]) is get_user_model()
    assert seen["user"] == officer
    assert seen["actor"] is seen["user"]

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(AnonymousUser)
    ActorMiddleware(view)(request)
    assert type(seen["user"]) is AnonymousUser
    assert seen["actor"] is None


def test_the_menu_reads_the_url_conf_once_per_menu(monkeypatch):
    calls = []
    real = navigation.get_urlconf
    monkeypatch.setattr(navigation, "get_urlconf", lambda: calls.append(1) or real())
    items = [
        navigation.NavItem("Zones", "zone-list"),
        navigation.NavItem("Agencies", "agency-list"),
    ]

    navigation.menu(items, "/")

    assert len(calls) == 1


def _named_template(source: str, name: str):
    from django.template import Origin, Template, engines

    return Template(
        "{% load i18n xuctien %}" + source, origin=Origin(name), engine=engines["django"].engine
    )


def test_a_language_only_part_is_drawn_once_per_language_and_sees_no_page_variable():
    from django.template import Context
    from django.utils import translation

    from xuctien.core.templatetags import xuctien as tags

    page = _named_template(
        "{% language_only %}{% translate 'Log in' %}[{{ secret }}]{% endlanguage_only %}"
        "|{{ secret }}|{% language_only %}{{ LANGUAGE_CODE }}{% endlanguage_only %}",
        "test-language-only.html",
    )
    drawn = {}
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            drawn[language] = page.render(Context({"secret": language + "-only"}))
    assert drawn["en"] == "Log in[]|en-only|en"
    assert drawn["vi"].endswith("[]|vi-only|vi")
    assert drawn["vi"] != drawn["en"]
    parts = [key for key in tags._language_parts if key[0] == "test-language-only.html"]
    assert sorted((index, language) for _name, index, language, *_ in parts) == [
        (0, "en"),
        (0, "vi"),
        (1, "en"),
        (1, "vi"),
    ]


def test_language_only_parts_are_drawn_anew_after_a_setting_changes(settings):
    from xuctien.core.templatetags import xuctien as tags

    tags._language_parts["anything"] = "old"
    settings.STATIC_URL = "/elsewhere/"
    assert tags._language_parts == {}


@pytest.mark.django_db
def test_the_layout_drawn_from_its_parts_is_the_layout_drawn_whole(client, secretariat):
    """Each page's HTML is the same whether its parts were drawn before or not, in both
    languages."""
    import re

    from xuctien.core.templatetags import xuctien as tags

    client.force_login(secretariat)

    def page(language: str) -> str:
        html = client.get(f"/agencies/?lang={language}").content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)

    for language in ("vi", "en"):
        tags._language_parts.clear()
        first = page(language)
        assert any(key[2] == language for key in tags._language_parts)
        assert page(language) == first
        assert f'<html lang="{language}">' in first
        assert "/static/css/app.css" in first
        assert 'href="/portal/"' in first
    assert page("vi") != page("en")
