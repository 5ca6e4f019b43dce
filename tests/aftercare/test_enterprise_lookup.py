"""The enterprise of a request is typed and matched on the server, never listed in full."""

import pytest
from django.urls import reverse

from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.aftercare.models import Category, Request

pytestmark = pytest.mark.django_db


def _companies(count: int) -> None:
    for n in range(count):
        InvestorFactory(name=f"Công ty Thép số {n:02d}", tax_code=f"57000{n:05d}")


def _file(client, **fields):  # type: ignore[no-untyped-def]
    data = {"category": Category.LAND, "title": "Công văn", "description": "Số 12.", **fields}
    data = {"channel": "letter", "received_on": "2025-01-23", **data}
    return client.post(reverse("aftercare:request-add"), data)


def test_the_secretariat_s_form_lists_no_enterprise(client, secretariat):
    _companies(25)
    client.force_login(secretariat)
    content = client.get(reverse("aftercare:request-add")).content.decode()
    assert "Công ty Thép" not in content
    assert 'list="enterprise-suggestions"' in content
    assert '<select name="project"' not in content


def test_a_tax_code_a_suggestion_or_a_unique_name_finds_the_enterprise(
    client, secretariat, land_rule
):
    _companies(3)
    client.force_login(secretariat)
    for typed in ("5700000001", "Công ty Thép số 01 (5700000001)", "thép số 01"):
        response = _file(client, enterprise=typed)
        assert response.status_code == 302, typed
    assert {r.enterprise.tax_code for r in Request.objects.all()} == {"5700000001"}


def test_an_ambiguous_or_unknown_name_is_refused_with_a_clear_error(client, secretariat):
    _companies(3)
    client.force_login(secretariat)
    ambiguous = _file(client, enterprise="Thép").context["form"].errors["enterprise"][0]
    assert "Công ty Thép số 00 (5700000000)" in ambiguous
    unknown = _file(client, enterprise="Gạch").context["form"].errors["enterprise"][0]
    assert "Gạch" in unknown
    assert not Request.objects.exists()


def test_the_project_is_found_among_the_enterprise_s_own_by_irc_number(
    client, secretariat, land_rule
):
    company = InvestorFactory(name="Công ty Kính", tax_code="5701234567")
    ours = ProjectFactory(name="Nhà máy kính", irc_number="IRC-1", investors=[company])
    ProjectFactory(name="Nhà máy khác", irc_number="IRC-2")
    client.force_login(secretariat)
    assert _file(client, enterprise="5701234567", project="irc-1").status_code == 302
    assert Request.objects.get().project == ours
    refused = _file(client, enterprise="5701234567", project="IRC-2")
    assert "IRC-2" in refused.context["form"].errors["project"][0]


def test_the_suggestions_are_the_first_twenty_matches(client, secretariat):
    _companies(25)
    client.force_login(secretariat)
    response = client.get(reverse("aftercare:enterprise-search"), {"enterprise": "thép"})
    assert response.content.decode().count("<option") == 20
    assert b'value="C\xc3\xb4ng ty Th\xc3\xa9p s\xe1\xbb\x91 00 (5700000000)"' in response.content


def test_an_investor_is_suggested_only_the_companies_of_their_requests(
    client, investor_member, land_request, other_request
):
    client.force_login(investor_member)
    url = reverse("aftercare:enterprise-search")
    assert "Minh Hoạ" in client.get(url, {"company": "Minh"}).content.decode()
    assert "<option" not in client.get(url, {"company": "Other"}).content.decode()


def test_the_list_filters_by_the_typed_enterprise(client, secretariat, land_request, other_request):
    client.force_login(secretariat)
    response = client.get(reverse("aftercare:request-list"), {"company": "minh hoạ"})
    assert [r.pk for r in response.context["requests"]] == [land_request.pk]
    assert b'<select name="enterprise"' not in response.content
