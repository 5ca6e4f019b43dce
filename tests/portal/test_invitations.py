"""Investor accounts: an owner invites staff; the link sets a password; expired links fail."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from freezegun import freeze_time

from xuctien.core.models import User
from xuctien.core.roles import Role
from xuctien.portal import membership, services
from xuctien.portal.models import Invitation, Membership

ACCEPT = {"full_name": "Lê Văn Ba", "username": "leba", "password1": "kho-doan-1234",
          "password2": "kho-doan-1234", "website": ""}  # fmt: skip


def token_from(link):
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_an_owner_invites_a_colleague_by_email(
    client, owner, company, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:invite", args=[company.pk]), {"email": "Ba@Example.vn"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ba@example.vn",
        "staff",
        owner,
    )
    assert mail.outbox[0].to == ["ba@example.vn"]
    assert "/portal/invitations/accept/" in mail.outbox[0].body


def test_accepting_creates_an_investor_account_of_the_same_company(client, owner, company):
    link = services.invite(owner, investor=company, email="ba@example.vn")
    response = client.post(reverse("portal:invitation-accept", args=[token_from(link)]), ACCEPT)
    assert response.status_code == 302
    user = User.objects.get(username="leba")
    assert (user.role, user.email) == (Role.INVESTOR, "ba@example.vn")
    assert list(membership.companies_for(user)) == [company]
    assert Membership.objects.get(user=user).role == Membership.Role.STAFF
    assert user.check_password("kho-doan-1234")


@pytest.mark.security
def test_a_link_works_once(client, owner, company):
    link = services.invite(owner, investor=company, email="ba@example.vn")
    url = reverse("portal:invitation-accept", args=[token_from(link)])
    client.post(url, ACCEPT)
    again = client.post(url, {**ACCEPT, "username": "leba2"})
    assert again.status_code == 410
    assert not User.objects.filter(username="leba2").exists()


@pytest.mark.security
def test_an_expired_link_is_refused(client, owner, company):
    with freeze_time("2025-05-01 09:00:00"):
        link = services.invite(owner, investor=company, email="ba@example.vn")
    url = reverse("portal:invitation-accept", args=[token_from(link)])
    with freeze_time("2025-05-08 09:00:01"):
        assert client.get(url).status_code == 410
        response = client.post(url + "?lang=en", ACCEPT)
    assert response.status_code == 410
    assert "invalid or has expired" in response.content.decode()
    assert not User.objects.filter(username="leba").exists()


@pytest.mark.security
def test_an_unknown_token_is_refused(client, db):
    response = client.get(reverse("portal:invitation-accept", args=["guessed-token"]))
    assert response.status_code == 410


@pytest.mark.security
def test_the_token_is_not_stored_in_clear(owner, company):
    link = services.invite(owner, investor=company, email="ba@example.vn")
    assert token_from(link) not in Invitation.objects.get().token_hash


@pytest.mark.security
def test_staff_may_not_invite(colleague, company):
    with pytest.raises(PermissionDenied):
        services.invite(colleague, investor=company, email="x@example.vn")


@pytest.mark.security
def test_an_owner_may_not_invite_to_another_company(client, owner, other_company):
    client.force_login(owner)
    response = client.post(
        reverse("portal:invite", args=[other_company.pk]), {"email": "x@example.vn"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.security
def test_an_owner_may_not_make_another_owner(owner, company):
    with pytest.raises(PermissionDenied):
        services.invite(owner, investor=company, email="x@example.vn", role="owner")


def test_the_centre_invites_a_company_owner(client, ipa_officer, company):
    client.force_login(ipa_officer)
    page = client.get(reverse("portal:staff-invite")).content.decode()
    assert "<option" not in page.split('name="investor"')[1].split('name="email"')[0]
    data = {"investor": company.name, "email": "ceo@example.vn", "role": "owner"}
    assert client.post(reverse("portal:staff-invite"), data).status_code == 302
    assert (Invitation.objects.get().role, Invitation.objects.get().investor) == ("owner", company)


@pytest.mark.security
def test_the_accept_form_is_rate_limited(client, db):
    url = reverse("portal:invitation-accept", args=["guessed"])
    codes = [client.post(url, ACCEPT).status_code for _ in range(11)]
    assert codes[:10] == [410] * 10
    assert codes[10] == 429


def test_a_withdrawn_invitation_no_longer_works(client, owner, company):
    link = services.invite(owner, investor=company, email="ba@example.vn")
    client.force_login(owner)
    client.post(reverse("portal:invitation-revoke", args=[Invitation.objects.get().pk]))
    client.logout()
    assert (
        client.get(reverse("portal:invitation-accept", args=[token_from(link)])).status_code == 410
    )


def test_invitations_expire_after_seven_days(owner, company):
    with freeze_time("2025-05-01 09:00:00"):
        services.invite(owner, investor=company, email="ba@example.vn")
    expires = Invitation.objects.get().expires_at
    assert expires == dt.datetime(2025, 5, 8, 9, 0, tzinfo=dt.UTC)
