"""Target governance: approved baselines and targets are frozen; a change is a revision."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import BaselineFactory, IndicatorFactory, TargetFactory
from xuctien.programmes import services
from xuctien.programmes.models import Baseline, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def share(province, agency):
    return IndicatorFactory(code="SHARE", unit="%", responsible_agency=agency)


@pytest.fixture
def target(share, secretariat):
    draft = TargetFactory(
        indicator=share, start_year=2021, year=2030, value=Decimal("20"),
        document="NQ 01-NQ/TU", status=Target.Status.DRAFT,
    )  # fmt: skip
    return services.approve_revisable(secretariat, draft)


def revise(user, target, value="18", reason="Đại hội Đảng bộ tỉnh 2025 điều chỉnh"):
    return services.revise_target(user, target, Decimal(value), reason, "Văn kiện Đại hội XVI")


# --- services ------------------------------------------------------------------------------


def test_an_approved_target_cannot_be_changed_in_place(target):
    stored = Target.objects.get(pk=target.pk)
    stored.value = Decimal("25")

    with pytest.raises(ValidationError):
        stored.save()

    assert Target.objects.get(pk=target.pk).value == Decimal("20")


def test_an_approved_baseline_cannot_be_changed_in_place(share):
    baseline = Baseline.objects.get(pk=BaselineFactory(indicator=share, value=Decimal("9.5")).pk)
    baseline.value = Decimal("10")

    with pytest.raises(ValidationError):
        baseline.save()


def test_a_draft_target_may_still_change(share):
    draft = Target.objects.get(pk=TargetFactory(indicator=share, status=Target.Status.DRAFT).pk)
    draft.value = Decimal("16")

    draft.save()

    assert Target.objects.get(pk=draft.pk).value == Decimal("16")


def test_approving_a_target_records_who_and_when_and_freezes_it(target, secretariat):
    assert (target.status, target.approved_by) == (Target.Status.APPROVED, secretariat)
    assert target.approved_at is not None
    assert target.is_current


def test_a_revision_replaces_the_target_and_keeps_the_earlier_version(target, share, secretariat):
    revision = revise(secretariat, target)

    earlier = Target.objects.get(pk=target.pk)
    assert (earlier.value, earlier.status, earlier.is_current) == (Decimal("20"), "approved", False)
    assert revision.revises == earlier
    assert (revision.value, revision.approved_by) == (Decimal("18"), secretariat)
    assert revision.revision_reason == "Đại hội Đảng bộ tỉnh 2025 điều chỉnh"
    assert (revision.start_year, revision.year) == (2021, 2030)
    assert share.current_targets() == [revision]


def test_a_revision_must_say_why(target, secretariat):
    with pytest.raises(ValidationError):
        revise(secretariat, target, reason=" ")

    assert Target.objects.count() == 1


def test_only_the_current_version_can_be_revised(target, secretariat):
    revise(secretariat, target)

    with pytest.raises(ValidationError):
        revise(secretariat, Target.objects.get(pk=target.pk), value="19")

    assert Target.objects.count() == 2


@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_only_the_secretariat_revises_and_approves_targets(target, share, persona, request):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        revise(user, target)
    with pytest.raises(PermissionDenied):
        services.approve_revisable(user, TargetFactory(indicator=share, status="draft"))


# --- the page ------------------------------------------------------------------------------


def url(target) -> str:
    return reverse("programmes:target-revise", args=[target.pk])


def test_the_page_shows_the_current_and_earlier_versions_with_their_approvers(
    client, target, secretariat
):
    secretariat.first_name, secretariat.last_name = "Lan", "Nguyễn"
    secretariat.save()
    revision = revise(secretariat, target)
    client.force_login(secretariat)

    response = client.get(url(target))

    assert response.status_code == 200
    assert response.context["current"] == revision
    assert response.context["earlier"] == [Target.objects.get(pk=target.pk)]
    html = response.content.decode()
    assert "Văn kiện Đại hội XVI" in html
    assert "NQ 01-NQ/TU" in html
    assert html.count("Lan Nguyễn") >= 2  # both versions say who approved them


def test_a_revision_posted_from_the_page_keeps_the_old_version(client, target, secretariat):
    client.force_login(secretariat)
    data = {"value": "18", "qualifier": "over", "document": "Văn kiện Đại hội XVI",
            "reason": "Điều chỉnh theo Đại hội"}  # fmt: skip

    response = client.post(url(target), data)

    revision = Target.objects.get(revises=target)
    assert response.status_code == 302
    assert response.url == url(revision)
    assert (revision.value, revision.qualifier) == (Decimal("18"), "over")
    assert Target.objects.get(pk=target.pk).value == Decimal("20")


def test_a_revision_without_a_reason_is_refused_on_the_page(client, target, secretariat):
    client.force_login(secretariat)

    response = client.post(url(target), {"value": "18", "qualifier": "exact", "document": "X"})

    assert response.status_code == 422
    assert "reason" in response.context["form"].errors
    assert Target.objects.count() == 1


def test_a_draft_target_is_approved_from_the_page(client, share, secretariat):
    draft = TargetFactory(indicator=share, status=Target.Status.DRAFT)
    client.force_login(secretariat)

    client.post(url(draft), {"action": "approve"})

    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == ("approved", secretariat)


def test_leadership_reads_the_versions_but_sees_no_revision_form(client, target, leader):
    client.force_login(leader)

    response = client.get(url(target))

    assert response.status_code == 200
    assert b'name="reason"' not in response.content


@pytest.mark.parametrize(
    ("persona", "get_status", "post_status"),
    [
        ("admin_user", 200, 302),
        ("secretariat", 200, 302),
        ("leader", 200, 403),
        ("officer", 403, 403),
        ("developer", 403, 403),
        ("investor", 403, 403),
    ],
)
def test_who_may_open_and_revise_a_target(
    client, target, persona, get_status, post_status, request
):
    client.force_login(request.getfixturevalue(persona))
    data = {"value": "18", "qualifier": "exact", "document": "X", "reason": "Y"}

    assert client.get(url(target)).status_code == get_status
    assert client.post(url(target), data).status_code == post_status
    assert Target.objects.count() == (2 if post_status == 302 else 1)


def test_an_anonymous_visitor_is_sent_to_log_in(client, target):
    response = client.get(url(target))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_marks_the_code_as_no_words_and_writes_the_years_as_years(
    client, target, secretariat
):
    """ "SHARE" in a code read as an English word on the Vietnamese page, and the tab's
    title grouped the years as numbers ("2.021–2.030")."""
    from tests.language import foreign_texts

    client.force_login(secretariat)
    html = client.get(url(target), {"lang": "vi"}).content.decode()
    assert '<span translate="no">SHARE</span>' in html
    title = html.split("<title>")[1].split("</title>")[0]
    assert "2021–2030" in title
    assert "2.021" not in title
    assert foreign_texts(html, "vi", [target.indicator.name_vi, target.indicator.name_en]) == []
