"""The page where the programme's managers declare the project registry complete for a year."""

import pytest
from django.urls import reverse

from tests.factories import ProvinceFactory, UserFactory
from xuctien.core.roles import Role
from xuctien.investments import services
from xuctien.investments.models import RegistryDeclaration

pytestmark = pytest.mark.django_db

PAGE = "investments:registry-declarations"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def secretariat(db):
    return UserFactory(username="thuky", role=Role.SECRETARIAT, first_name="Lan")


def declare(client, user, **data):
    client.force_login(user)
    return client.post(reverse(PAGE), data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_secretariat_declares_a_year_complete_saying_why(client, secretariat, province):
    response = declare(
        client, secretariat, province=province.pk, year=2023, reason="Checked every IRC of 2023"
    )
    assert response.status_code == 302
    declaration = RegistryDeclaration.objects.get()
    assert (declaration.province, declaration.year, declaration.locality) == (province, 2023, None)
    assert (declaration.declared_by, declaration.reason) == (
        secretariat,
        "Checked every IRC of 2023",
    )
    assert declaration.declared_at is not None
    assert services.declared_complete_years() == {2023}
    # who, when and why are shown, and kept in the history
    page = client.get(reverse(PAGE)).text
    assert 'data-year="2023"' in page
    assert "Checked every IRC of 2023" in page
    assert len(declaration.history()) == 1


def test_a_declaration_without_a_reason_is_refused_in_the_users_language(
    client, secretariat, province
):
    client.force_login(secretariat)
    response = client.post(
        reverse(PAGE), {"province": province.pk, "year": 2023, "reason": " "},
        HTTP_ACCEPT_LANGUAGE="vi",
    )  # fmt: skip
    assert response.status_code == 400
    assert not RegistryDeclaration.objects.exists()
    assert "Trường này là bắt buộc." in response.text


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.AGENCY, Role.DEVELOPER])
def test_other_roles_read_the_declarations_but_are_refused_on_the_server(
    client, role, secretariat, province
):
    services.declare_registry_complete(secretariat, 2022, "Đã đối chiếu", province=province)
    user = UserFactory(username="khac", role=role)
    client.force_login(user)
    page = client.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'data-year="2022"' in page.text
    assert "Declare complete" not in page.text  # no form offered
    response = client.post(reverse(PAGE), {"province": province.pk, "year": 2023, "reason": "x"})
    assert response.status_code == 403
    declaration = RegistryDeclaration.objects.get()
    edit = reverse("investments:registry-declaration-edit", args=[declaration.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"reason": "y", "version": declaration.version}).status_code == 403
    assert services.declared_complete_years() == {2022}


def test_investors_and_visitors_do_not_see_who_declared(client, secretariat, province):
    services.declare_registry_complete(secretariat, 2022, "Đã đối chiếu", province=province)
    assert client.get(reverse(PAGE)).status_code == 302  # to the login page
    client.force_login(UserFactory(username="nhadautu", role=Role.INVESTOR))
    assert client.get(reverse(PAGE)).status_code == 403


def test_withdrawing_makes_the_year_a_lower_bound_again(client, secretariat, province):
    declaration = services.declare_registry_complete(
        secretariat, 2021, "Đã đối chiếu", province=province
    )
    client.force_login(secretariat)
    edit = reverse("investments:registry-declaration-edit", args=[declaration.pk])
    response = client.post(
        edit, {"reason": "Thiếu một dự án", "is_withdrawn": "on", "version": declaration.version}
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.is_withdrawn
    assert declaration.reason == "Thiếu một dự án"
    assert services.declared_complete_years() == set()
    assert len(declaration.history()) == 2  # declared, then withdrawn


def test_a_stale_edit_is_answered_with_a_conflict(client, secretariat, province):
    declaration = services.declare_registry_complete(
        secretariat, 2021, "Đã đối chiếu", province=province
    )
    read_at = declaration.version
    services.update_registry_declaration(
        secretariat, declaration, reason="Đối chiếu lại", is_withdrawn=False
    )
    client.force_login(secretariat)
    edit = reverse("investments:registry-declaration-edit", args=[declaration.pk])
    response = client.post(edit, {"reason": "Khác", "version": read_at})
    assert response.status_code == 409
    declaration.refresh_from_db()
    assert declaration.reason == "Đối chiếu lại"


def test_the_capital_indicator_page_links_to_the_declarations(client, secretariat):
    from tests.factories import IndicatorFactory, TargetFactory
    from xuctien.programmes.models import Indicator

    indicator = IndicatorFactory(
        code="CAPITAL", behaviour="cumulative", registry_feed=Indicator.Feed.CAPITAL
    )
    TargetFactory(indicator=indicator)
    client.force_login(secretariat)
    page = client.get(reverse("programmes:indicator", args=[indicator.code])).text
    assert reverse(PAGE) in page
