"""The main menu: grouped by domain, the current page marked, only pages the user may open."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from tests.factories import AgencyFactory, UserFactory
from xuctien.core import navigation
from xuctien.core.navigation import NavItem
from xuctien.core.roles import Role

#: The portal of the default test province (tests.factories.ProvinceFactory).
SLUG = "quang-ninh"


def current(groups):
    """(current group key, current entry's URL name)."""
    group = next((g.key for g in groups if g.current), None)
    link = next((lk.url_name for g in groups for lk in g.links if lk.current), None)
    return group, link


def menu_at(path: str, user):
    match = resolve(path)
    return navigation.menu(navigation.items_for(user), path, match.view_name, match.namespace)


def labels(groups) -> set[str]:
    return {lk.url_name for g in groups for lk in g.links}


@pytest.mark.django_db
def test_the_figures_import_page_lights_up_enter_figures_not_the_dashboard(secretariat):
    groups = menu_at(reverse("programmes:observation-import"), secretariat)

    assert current(groups) == ("programmes", "programmes:observation-create")


@pytest.mark.django_db
def test_an_aftercare_page_lights_up_its_own_entry_and_its_domain(secretariat):
    groups = menu_at(reverse("aftercare:escalations"), secretariat)

    assert current(groups) == ("aftercare", "aftercare:escalations")


@pytest.mark.django_db
def test_a_page_without_an_entry_lights_up_its_domain(secretariat, agency):
    groups = menu_at(reverse("aftercare:request-add"), secretariat)

    assert current(groups)[0] == "aftercare"


@pytest.mark.django_db
def test_the_menu_has_one_entry_per_domain_in_order(secretariat):
    groups = menu_at("/", secretariat)

    keys = [g.key for g in groups]
    assert keys == [
        "programmes",
        "actions",
        "investments",
        "aftercare",
        "labour",
        "portal",
        "reports",
        "core",
    ]
    assert current(groups) == (None, None)


@pytest.mark.django_db
def test_an_entry_whose_page_does_not_exist_yet_is_left_out(secretariat):
    items = [NavItem("Zones", "zone-list"), NavItem("Not built yet", "nowhere:nothing")]

    groups = navigation.menu(items, "/", "home", "")

    assert labels(groups) == {"zone-list"}


@pytest.mark.django_db
def test_the_administrator_is_not_offered_my_company(admin_user):
    assert "portal:account" not in labels(menu_at("/", admin_user))


@pytest.mark.django_db
def test_an_officer_of_an_ordinary_department_is_not_offered_portal_content_or_review(officer):
    shown = labels(menu_at("/", officer))

    assert "portal:editor" not in shown
    assert "programmes:review" not in shown
    assert "programmes:periods" not in shown
    assert "programmes:observation-create" in shown


@pytest.mark.django_db
def test_an_officer_of_the_promotion_board_is_offered_portal_content(db):
    board = AgencyFactory(code="QEZA", kind="board")
    officer = UserFactory(role=Role.AGENCY, agency=board)

    assert "portal:editor" in labels(menu_at("/", officer))


@pytest.mark.django_db
def test_the_park_developer_is_not_offered_the_register_import(developer):
    assert "investments:import" not in labels(menu_at("/", developer))


@pytest.mark.django_db
def test_a_visitor_sees_only_public_entries(client):
    html = client.get(reverse("portal:home", args=[SLUG])).content.decode()

    assert reverse("investments:project-list") in html
    assert reverse("actions:task-list") not in html
    assert reverse("aftercare:request-list") not in html


@pytest.mark.django_db
def test_the_page_shows_its_domain_strip_with_the_current_entry(client, secretariat):
    client.force_login(secretariat)

    html = client.get(reverse("aftercare:patterns")).content.decode()

    strip = html[html.index('class="subnav"') :]
    assert (
        f'<a href="{reverse("aftercare:patterns")}" class="is-current" aria-current="page">'
        in strip
    )


def test_render_marks_nothing_current_on_an_unknown_path():
    request = RequestFactory().get("/nowhere/")
    items = [NavItem("Zones", "zone-list")]

    groups = navigation.menu(items, request.path)

    assert current(groups) == (None, None)


def test_the_menu_reverses_each_entry_once_per_process(monkeypatch):
    """Every page draws the whole menu: its URLs are remembered, not reversed each time."""
    from xuctien.core import navigation

    calls = []
    real = navigation.reverse
    monkeypatch.setattr(navigation, "_urls", {})
    monkeypatch.setattr(navigation, "reverse", lambda name: calls.append(name) or real(name))
    item = navigation.NavItem("Zones", "zone-list")
    first = navigation.menu([item], "/")
    again = navigation.menu([item], "/")
    assert [g.links[0].url for g in first + again] == [real("zone-list")] * 2
    assert calls == ["zone-list"]
    missing = navigation.NavItem("Nowhere", "no-such-page")
    assert navigation.menu([missing], "/") == []


@pytest.mark.django_db
def test_a_menu_drawn_before_marks_each_page_its_own_entry_in_its_language(client, secretariat):
    """The menu's HTML is remembered by what it shows: another page, another language or
    another person's entries draw their own."""
    client.force_login(secretariat)

    def strip(name):
        html = client.get(reverse(name)).content.decode()
        return html[html.index('class="mainnav"') : html.index("</nav>")]

    patterns = strip("aftercare:patterns")
    assert patterns == strip("aftercare:patterns")
    warnings = strip("aftercare:warnings")
    assert patterns != warnings
    mark = 'class="is-current" aria-current="page">'
    assert f'<a href="{reverse("aftercare:warnings")}" {mark}' in warnings
    assert f'<a href="{reverse("aftercare:warnings")}" {mark}' not in patterns
    client.cookies["xt_language"] = "en"
    assert 'aria-label="Main menu"' in strip("aftercare:patterns")
    client.logout()
    assert "aftercare" not in strip("home")


@pytest.mark.django_db
def test_the_investment_domain_is_named_investment_not_investment_type_in_vietnamese(secretariat):
    """The menu and the FDI filter shared the msgid "Investment", so the Vietnamese menu read
    "Loại đầu tư" (investment type), the filter's word (browser walk)."""
    from django.utils import translation

    with translation.override("vi"):
        (group,) = [g for g in menu_at("/", secretariat) if g.key == "investments"]
        assert str(group.label) == "Đầu tư"
        from xuctien.investments.filtersets import ProjectFilterSet

        assert str(ProjectFilterSet().form.fields["fdi"].label) == "Loại đầu tư"
    with translation.override("en"):
        (group,) = [g for g in menu_at("/", secretariat) if g.key == "investments"]
        assert str(group.label) == "Investment"
