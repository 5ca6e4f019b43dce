"""The inquiry form: a lead in the pipeline, staff notified, honeypot and rate limit."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ProvinceFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory, SectorFactory
from xuctien.core.roles import Role
from xuctien.investments.models import (
    Contact,
    Interaction,
    Investor,
    LeadRoute,
    Project,
    Stage,
)
from xuctien.investments.routing import route_lead
from xuctien.portal import ratelimit
from xuctien.portal.models import Inquiry

#: The portal of the default test province (tests.factories.ProvinceFactory).
SLUG = "quang-ninh"


@pytest.fixture
def form_data(db):
    ProvinceFactory()  # the portal's province: its leads belong to it
    sector = SectorFactory()
    return {
        "company": "Hanviet Electronics Co., Ltd",
        "country": "KR",
        "contact_name": "Kim Min-jun",
        "email": "kim@hanviet.example",
        "phone": "+82 2 0000 0000",
        "sector": sector.pk,
        "land_ha": "12.5",
        "message": "We look for 12 ha near a port.",
        "consent": "on",
        "website": "",
    }


def test_an_inquiry_becomes_a_lead_in_the_pipeline(client, form_data, ipa_officer):
    response = client.post(reverse("portal:inquiry", args=[SLUG]), form_data)
    assert response.status_code == 200
    assert "portal/inquiry_thanks.html" in [t.name for t in response.templates]
    investor = Investor.objects.get(name="Hanviet Electronics Co., Ltd")
    project = Project.objects.get(investors=investor)
    assert (project.stage, project.is_synthetic, project.fdi) == (Stage.LEAD, False, True)
    assert str(project.land_ha) == "12.50"
    contact = Contact.objects.get(investor=investor)
    assert contact.email == "kim@hanviet.example"
    interaction = Interaction.objects.get(project=project)
    # How it came is said by the kind (in the reader's language); the notes are the message.
    assert interaction.kind == Interaction.Kind.PORTAL_INQUIRY
    assert interaction.notes == form_data["message"]
    assert list(interaction.contacts.all()) == [contact]
    assert Inquiry.objects.get().project == project


def test_an_inquiry_reuses_an_investor_of_the_same_name(client, form_data):
    existing = InvestorFactory(name="HANVIET ELECTRONICS CO., LTD")
    client.post(reverse("portal:inquiry", args=[SLUG]), form_data)
    assert Investor.objects.count() == 1
    assert Project.objects.get().investors.get() == existing


def test_the_centre_is_emailed(client, form_data, ipa_officer, django_capture_on_commit_callbacks):
    UserFactory(username="lanhdao2", role=Role.LEADERSHIP)  # not notified
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:inquiry", args=[SLUG]), form_data)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ipa_officer.email]
    assert "kim@hanviet.example" not in mail.outbox[0].body


def test_consent_is_required(client, form_data):
    del form_data["consent"]
    response = client.post(reverse("portal:inquiry", args=[SLUG]), form_data)
    assert response.status_code == 200
    assert not Project.objects.exists()


@pytest.mark.security
def test_a_filled_honeypot_is_silently_dropped(client, form_data):
    form_data["website"] = "http://spam.example"
    response = client.post(reverse("portal:inquiry", args=[SLUG]), form_data)
    assert response.status_code == 200
    assert "portal/inquiry_thanks.html" in [t.name for t in response.templates]
    assert not Investor.objects.exists()
    assert not Inquiry.objects.exists()


@pytest.mark.security
def test_the_rate_limit_refuses_the_next_submission_in_the_window(client, form_data):
    for _ in range(ratelimit.INQUIRY.count):
        assert client.post(reverse("portal:inquiry", args=[SLUG]), form_data).status_code == 200
    response = client.post(reverse("portal:inquiry", args=[SLUG]) + "?lang=en", form_data)
    assert response.status_code == 429
    assert "Too many submissions from your address" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Inquiry.objects.count() == ratelimit.INQUIRY.count


@pytest.mark.security
def test_the_rate_limit_is_per_address(client, form_data):
    for _ in range(ratelimit.INQUIRY.count):
        client.post(reverse("portal:inquiry", args=[SLUG]), form_data, REMOTE_ADDR="10.0.0.1")
    assert (
        client.post(
            reverse("portal:inquiry", args=[SLUG]), form_data, REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    assert (
        client.post(
            reverse("portal:inquiry", args=[SLUG]), form_data, REMOTE_ADDR="10.0.0.2"
        ).status_code
        == 200
    )


@pytest.mark.security
def test_the_rate_limit_ignores_forwarded_headers(client, form_data):
    for n in range(ratelimit.INQUIRY.count + 1):
        response = client.post(
            reverse("portal:inquiry", args=[SLUG]), form_data, HTTP_X_FORWARDED_FOR=f"10.1.1.{n}"
        )
    assert response.status_code == 429


# --- the lead's owner and first next step -----------------------------------------------


def submit(client, form_data, **changes):
    client.post(reverse("portal:inquiry", args=[SLUG]), {**form_data, **changes})
    project = Project.objects.order_by("-pk").first()
    return project, Interaction.objects.get(project=project)


def test_a_new_lead_goes_to_the_owner_of_the_most_specific_rule(client, form_data, ipa):
    anyone = UserFactory(username="any", role=Role.AGENCY, agency=ipa)
    korea = UserFactory(username="korea", role=Role.AGENCY, agency=ipa)
    korean_makers = UserFactory(username="korean-makers", role=Role.AGENCY, agency=ipa)
    LeadRoute.objects.create(owner=anyone)
    LeadRoute.objects.create(country="KR", owner=korea)
    LeadRoute.objects.create(section="C", country="KR", owner=korean_makers, next_step_days=3)

    korean_plant, step = submit(client, form_data)
    japanese_plant, _step = submit(client, form_data, company="Nippon Co.", country="JP")

    assert (korean_plant.owner, step.next_step_owner) == (korean_makers, korean_makers)
    assert japanese_plant.owner == anyone
    assert step.next_step.startswith("Trả lời yêu cầu")
    assert step.next_step_due > step.date
    assert not step.next_step_done


def test_without_a_rule_the_least_loaded_promotion_officer_takes_the_lead(client, form_data, ipa):
    busy = UserFactory(username="busy", role=Role.AGENCY, agency=ipa)
    free = UserFactory(username="free", role=Role.AGENCY, agency=ipa)
    ProjectFactory(name="Old lead", stage=Stage.LEAD, owner=busy)

    project, step = submit(client, form_data)

    assert (project.owner, step.next_step_owner) == (free, free)


def test_the_first_reply_is_due_two_working_days_later_over_a_weekend(ipa_officer):
    # Friday 7 March 2025: two working days on is Tuesday 11 March.
    routed = route_lead("C", "KR", dt.date(2025, 3, 7))
    assert (routed.owner, routed.due) == (ipa_officer, dt.date(2025, 3, 11))
