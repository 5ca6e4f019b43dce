"""API tokens: created on the account page (key shown once), used by scripts, revoked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from xuctien.core import tokens
from xuctien.core.models import ApiToken

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def api(key: str | None = None, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.cookies["xt_language"] = "en"
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def private_tasks(client: APIClient) -> int:
    """Status of the task list, which only the programme's own people may read."""
    return client.get(reverse("action-task-list")).status_code


def test_the_page_creates_a_token_and_shows_its_key_once(client, officer):
    client.force_login(officer)

    created = client.post(reverse("account-tokens"), {"name": "Xuất số liệu hằng tháng"})

    assert created.status_code == 201
    key = created.context["new_key"]
    assert key.startswith("xt_")
    assert key in created.content.decode()
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (officer, "Xuất số liệu hằng tháng", key[:10])
    assert key not in token.key_hash
    assert created["Cache-Control"] == "no-store"
    listed = client.get(reverse("account-tokens")).content.decode()
    assert key not in listed
    assert token.prefix in listed


def test_a_token_needs_a_name(client, officer):
    client.force_login(officer)

    response = client.post(reverse("account-tokens"), {"name": "  "})

    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_page_needs_a_login(client):
    response = client.get(reverse("account-tokens"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_token_signs_a_script_in_as_its_owner_and_records_its_use(officer):
    token, key = tokens.create_token(officer, "script")

    assert private_tasks(api(key)) == 200
    assert private_tasks(api(key, keyword="Bearer")) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401(client, officer):
    token, key = tokens.create_token(officer, "script")
    assert private_tasks(api(key)) == 200
    client.force_login(officer)

    response = client.post(reverse("account-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    refused = api(key).get(reverse("action-task-list"))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert refused.json()["detail"] == "Invalid or revoked token."
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(reverse("account-tokens")).content.decode()


def test_an_unknown_or_malformed_key_gets_401(officer):
    assert private_tasks(api("xt_not-a-key")) == 401
    assert private_tasks(api("two words")) == 401


def test_no_token_means_anonymous(officer):
    assert private_tasks(api()) in (401, 403)


def test_a_token_of_a_deactivated_user_gets_401(officer):
    _token, key = tokens.create_token(officer, "script")
    officer.is_active = False
    officer.save()

    assert private_tasks(api(key)) == 401


def test_one_person_holds_several_tokens_and_revokes_one(officer):
    first, first_key = tokens.create_token(officer, "one")
    _second, second_key = tokens.create_token(officer, "two")

    tokens.revoke_token(officer, first)

    assert (private_tasks(api(first_key)), private_tasks(api(second_key))) == (401, 200)


def test_nobody_sees_or_revokes_someone_elses_token(client, officer, admin_user):
    token, key = tokens.create_token(officer, "script")
    client.force_login(admin_user)

    assert token.prefix not in client.get(reverse("account-tokens")).content.decode()
    response = client.post(reverse("account-token-revoke", args=[token.pk]))

    assert response.status_code == 404
    assert private_tasks(api(key)) == 200


def test_revoking_is_recorded_in_the_tokens_history(officer):
    token, _key = tokens.create_token(officer, "script")

    tokens.revoke_token(officer, token)

    change = token.history().filter(action="update").get()
    assert change.user == officer
    assert "revoked_at" in change.after
    assert "key_hash" not in (change.after or {})


def test_last_use_is_written_at_most_once_a_minute(officer, django_assert_num_queries):
    token, key = tokens.create_token(officer, "script")
    tokens.user_for_key(key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())

    with django_assert_num_queries(1):
        tokens.user_for_key(key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(2):
        tokens.user_for_key(key)
