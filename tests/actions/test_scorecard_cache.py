"""The scorecard folded for many provinces at once: what the national reader sees, and the
cached fold following the day and the services' writes."""

from datetime import date

import pytest
from django.urls import reverse

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from xuctien.actions import scorecard, services
from xuctien.actions.models import Occurrence
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(db):
    """Quảng Ninh: SCT with two real tasks due 31/3 and 30/6/2025; Hải Phòng: its SCT with
    one real task due 15/5/2025 and a synthetic one."""
    here, there = ProvinceFactory(), ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    sct = AgencyFactory(code="SCT", name_vi="Sở Công Thương Quảng Ninh")
    TaskFactory(lead_agency=sct, deadline=date(2025, 3, 31), is_synthetic=False)
    TaskFactory(lead_agency=sct, deadline=date(2025, 6, 30), is_synthetic=False)
    hp = AgencyFactory(code="HSCT", province=there, name_vi="Sở Công Thương Hải Phòng")
    TaskFactory(lead_agency=hp, deadline=date(2025, 5, 15), is_synthetic=False)
    TaskFactory(lead_agency=hp, deadline=date(2025, 5, 20), is_synthetic=True)
    return here, there


def totals(client, user) -> list[tuple]:
    client.force_login(user)
    response = client.get(reverse("actions:scorecard"), {"year": 2025, "period": "year"})
    assert response.status_code == 200
    shown = [*response.context["totals"], *response.context["synthetic_totals"]]
    return [(s.agency, s.due, s.on_time, s.overdue) for s in shown]


def test_a_national_reader_sees_both_provinces_agencies_by_name(client, two_provinces):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)

    assert totals(client, national) == [
        ("Sở Công Thương Hải Phòng", 1, 0, 1),
        ("Sở Công Thương Quảng Ninh", 2, 0, 2),
        ("Sở Công Thương Hải Phòng", 1, 0, 1),  # the synthetic task, apart
    ]


def test_a_province_s_secretariat_sees_its_own_agencies_only(client, secretariat, two_provinces):
    assert totals(client, secretariat) == [("Sở Công Thương Quảng Ninh", 2, 0, 2)]


def test_the_national_scorecard_follows_a_report_in_one_province(client, two_provinces):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)
    assert totals(client, national)[1] == ("Sở Công Thương Quảng Ninh", 2, 0, 2)
    occurrence = Occurrence.objects.get(due_date=date(2025, 6, 30))
    secretariat = UserFactory(username="thuky", role=Role.SECRETARIAT)
    services.report_progress(
        secretariat, occurrence, text="Xong", percent=100, reported_on=date(2025, 6, 2)
    )

    # one done on time of two decided: now ranked above Hải Phòng's none of one
    assert totals(client, national)[0] == ("Sở Công Thương Quảng Ninh", 2, 1, 1)


def test_the_folded_scores_move_with_the_day(two_provinces):
    here, there = two_provinces
    provinces = [here.pk, there.pk]

    def overdue_on(today: date) -> int:
        found = scorecard.folds(
            scorecard.CACHE_KEY, provinces, scorecard.province_groups, scorecard.fold,
            2025, today, "quarter",
        )  # fmt: skip
        return sum(score.overdue for score in found["year"])

    assert overdue_on(date(2025, 4, 1)) == 1
    assert overdue_on(date(2025, 7, 1)) == 3


def test_agency_names_are_the_same_asked_by_id_or_read_all(agency, other_agency, monkeypatch):
    """Past ``MANY_AGENCIES`` ids, every agency is read and the others dropped."""
    AgencyFactory(code="SKH", name_vi="Sở Kế hoạch", name_en="")
    ids = {agency.pk, other_agency.pk, 10**9}
    few = {english: scorecard.agency_names(ids, english) for english in (False, True)}
    monkeypatch.setattr(scorecard, "MANY_AGENCIES", 1)
    many = {english: scorecard.agency_names(ids, english) for english in (False, True)}
    assert many == few
    english = {agency.pk: "Department of Industry", other_agency.pk: "Department of Construction"}
    assert few[True] == english
    assert few[False][agency.pk] == "Sở Công Thương"
