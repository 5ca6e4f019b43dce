"""Programme services: entering, approving, rejecting and locking figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.factories import IndicatorFactory, ObservationFactory, ProgrammeFactory
from xuctien.core.models import ChangeRecord
from xuctien.models import StaleObjectError
from xuctien.programmes import services
from xuctien.programmes.models import Observation

pytestmark = pytest.mark.django_db

DRAFT = Observation.Status.DRAFT
SUBMITTED = Observation.Status.SUBMITTED
APPROVED = Observation.Status.APPROVED
REJECTED = Observation.Status.REJECTED


@pytest.fixture
def share(province, agency):
    return IndicatorFactory(code="SHARE", responsible_agency=agency)


def new_figure(indicator, province, period="2023", value="12.3") -> Observation:
    return Observation(
        indicator=indicator, period=period, locality=province, value=Decimal(value),
        source="Cục Thống kê",
    )  # fmt: skip


def draft(indicator, period="2023", value="12.3", status=DRAFT) -> Observation:
    return ObservationFactory(
        indicator=indicator, period=period, value=Decimal(value), status=status
    )


# --- entering ------------------------------------------------------------------------------


def test_an_officer_saves_a_draft_for_their_agencys_indicator(share, province, officer):
    saved = services.save_observation(officer, new_figure(share, province))

    assert (saved.status, saved.year, saved.period_kind) == (DRAFT, 2023, "year")
    assert ChangeRecord.objects.for_object(saved).get().user == officer


def test_submitting_records_who_submitted_and_when(share, province, officer):
    saved = services.save_observation(officer, new_figure(share, province), submit=True)

    assert saved.status == SUBMITTED
    assert saved.submitted_by == officer
    assert saved.submitted_at is not None


def test_an_officer_cannot_enter_another_agencys_indicator(share, province, other_officer):
    with pytest.raises(PermissionDenied):
        services.save_observation(other_officer, new_figure(share, province))

    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "developer", "investor"])
def test_roles_without_data_entry_cannot_enter_figures(share, province, persona, request):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.save_observation(user, new_figure(share, province))


def test_an_officer_cannot_change_an_approved_figure(share, officer):
    figure = draft(share, status=APPROVED)
    figure.value = Decimal("99")

    with pytest.raises(PermissionDenied):
        services.save_observation(officer, figure)


def test_a_rejected_figure_corrected_and_submitted_goes_back_for_approval(share, officer):
    figure = draft(share, status=REJECTED)
    figure.value = Decimal("12.5")

    saved = services.save_observation(officer, figure, submit=True)

    assert saved.status == SUBMITTED


def test_saving_a_submitted_figure_as_draft_takes_it_back(share, officer):
    figure = draft(share, status=SUBMITTED)

    assert services.save_observation(officer, figure).status == DRAFT


def test_a_correction_keeps_the_old_value_in_the_history(share, secretariat):
    figure = draft(share, status=APPROVED, value="12.3")
    figure = Observation.objects.get(pk=figure.pk)
    figure.value = Decimal("12.4")

    services.save_observation(secretariat, figure)

    change = ChangeRecord.objects.for_object(figure).filter(action="update").get()
    assert (change.before["value"], change.after["value"]) == ("12.3", "12.4")
    assert change.user == secretariat
    assert Observation.objects.get(pk=figure.pk).status == APPROVED


def test_a_save_from_a_stale_copy_is_refused_and_the_first_save_stays(share, officer):
    figure = draft(share, value="10")
    first = Observation.objects.get(pk=figure.pk)
    second = Observation.objects.get(pk=figure.pk)
    first.value = Decimal("11")
    services.save_observation(officer, first)
    second.value = Decimal("12")

    with pytest.raises(StaleObjectError):
        services.save_observation(officer, second)

    assert Observation.objects.get(pk=figure.pk).value == Decimal("11")


def test_the_indicators_an_officer_may_enter_are_their_agencys_entered_ones(
    share, other_agency, officer, secretariat
):
    other = IndicatorFactory(code="OTHER", responsible_agency=other_agency)
    IndicatorFactory(code="DERIVED", responsible_agency=share.responsible_agency, formula="SHARE*2")

    assert list(services.indicators_for(officer)) == [share]
    assert set(services.indicators_for(secretariat)) == {share, other}


# --- approving -----------------------------------------------------------------------------


def test_approving_records_the_approver_and_time(share, secretariat):
    figures = [draft(share, "2022", status=SUBMITTED), draft(share, "2023", status=SUBMITTED)]

    assert services.approve_observations(secretariat, figures) == 2

    for figure in Observation.objects.all():
        assert (figure.status, figure.approved_by) == (APPROVED, secretariat)
        assert figure.approved_at is not None


@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_only_the_secretariat_approves(share, persona, request):
    figure = draft(share, status=SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.approve_observations(request.getfixturevalue(persona), [figure])

    assert Observation.objects.get().status == SUBMITTED


def test_rejecting_keeps_the_reason_in_the_note(share, secretariat):
    figure = draft(share, status=SUBMITTED)

    services.reject_observation(secretariat, figure, "Sai nguồn số liệu")

    figure.refresh_from_db()
    assert figure.status == REJECTED
    assert "Sai nguồn số liệu" in figure.note


def test_rejecting_needs_a_reason(share, secretariat):
    figure = draft(share, status=SUBMITTED)

    with pytest.raises(ValidationError):
        services.reject_observation(secretariat, figure, "  ")

    assert Observation.objects.get().status == SUBMITTED


# --- locking -------------------------------------------------------------------------------


def test_a_locked_period_refuses_a_new_figure_and_says_why(share, province, officer, secretariat):
    secretariat.first_name, secretariat.last_name = "Lan", "Nguyễn"
    secretariat.save()
    services.lock_period(secretariat, share.programme, 2023, "Số liệu chính thức đã duyệt")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.save_observation(officer, new_figure(share, province, "2023-Q2"))

    message = refused.value.messages[0]
    assert "Số liệu chính thức đã duyệt" in message
    assert "Lan Nguyễn" in message
    assert "2023" in message
    assert "secretariat can reopen" in message
    assert not Observation.objects.exists()


def test_a_figure_cannot_be_moved_out_of_a_locked_year(share, secretariat):
    figure = draft(share, "2023")
    services.lock_period(secretariat, share.programme, 2023, "duyệt")
    figure = Observation.objects.get(pk=figure.pk)
    figure.period = "2024"

    with pytest.raises(ValidationError):
        services.save_observation(secretariat, figure)

    assert Observation.objects.get().period == "2023"


def test_another_programmes_lock_does_not_apply(share, province, officer, secretariat):
    services.lock_period(secretariat, ProgrammeFactory(code="OTHER"), 2023, "duyệt")

    assert services.save_observation(officer, new_figure(share, province)).pk


def test_approving_a_figure_of_a_locked_year_is_refused(share, secretariat):
    figure = draft(share, "2023", status=SUBMITTED)
    services.lock_period(secretariat, share.programme, 2023, "duyệt")

    with pytest.raises(ValidationError):
        services.approve_observations(secretariat, [figure])


def test_reopening_needs_a_reason_and_then_allows_figures(share, province, officer, secretariat):
    services.lock_period(secretariat, share.programme, 2023, "duyệt")
    with pytest.raises(ValidationError):
        services.reopen_period(secretariat, share.programme, 2023, "")

    lock = services.reopen_period(secretariat, share.programme, 2023, "Cục Thống kê đính chính")

    assert (lock.is_locked, lock.reopened_by, lock.reopen_reason) == (
        False, secretariat, "Cục Thống kê đính chính",
    )  # fmt: skip
    assert services.lock_for(share.programme, 2023) is None
    assert services.save_observation(officer, new_figure(share, province)).pk


@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_only_the_secretariat_locks_and_reopens(share, persona, request, secretariat):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.lock_period(user, share.programme, 2023, "x")
    services.lock_period(secretariat, share.programme, 2023, "x")

    with pytest.raises(PermissionDenied):
        services.reopen_period(user, share.programme, 2023, "x")

    assert services.lock_for(share.programme, 2023) is not None
