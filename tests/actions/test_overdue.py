"""The overdue list: what each reader sees, and its count cached per province."""

from datetime import date

import pytest
from django.urls import reverse

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from xuctien.actions import overdue, services
from xuctien.actions.models import Occurrence, Task
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(db):
    """Quảng Ninh with two overdue tasks (due 30/6 and 31/3/2025), one done on time, one
    cancelled; Hải Phòng with one overdue task (due 15/5/2025)."""
    here, there = ProvinceFactory(), ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng")
    sct = AgencyFactory(code="SCT")
    TaskFactory(lead_agency=sct, title_vi="Quỹ đất", deadline=date(2025, 6, 30))
    TaskFactory(lead_agency=sct, title_vi="Hạ tầng", deadline=date(2025, 3, 31))
    done = TaskFactory(lead_agency=sct, title_vi="Xong", deadline=date(2025, 4, 30))
    done.occurrences.update(status="done", percent=100, completed_at=date(2025, 4, 1))
    TaskFactory(lead_agency=sct, title_vi="Huỷ", deadline=date(2025, 4, 30), status="cancelled")
    hp = AgencyFactory(code="HSCT", province=there)
    TaskFactory(lead_agency=hp, title_vi="Cảng", deadline=date(2025, 5, 15))
    return here, there


def shown(client, user) -> tuple[list[str], int]:
    client.force_login(user)
    response = client.get(reverse("actions:overdue"))
    assert response.status_code == 200
    titles = [o.task.title_vi for o in response.context["occurrences"]]
    return titles, response.context["paginator"].count


def test_a_national_reader_sees_both_provinces_overdue_tasks_longest_overdue_first(
    client, two_provinces
):
    national = UserFactory(username="quocgia", role=Role.NATIONAL)

    assert shown(client, national) == (["Hạ tầng", "Cảng", "Quỹ đất"], 3)


def test_a_province_s_secretariat_sees_and_counts_its_own_province_only(
    client, secretariat, two_provinces
):
    assert shown(client, secretariat) == (["Hạ tầng", "Quỹ đất"], 2)


def test_the_count_follows_a_report_that_completes_an_occurrence(
    client, secretariat, two_provinces
):
    assert shown(client, secretariat)[1] == 2
    occurrence = Occurrence.objects.get(task__title_vi="Quỹ đất")
    services.report_progress(
        secretariat, occurrence, text="Xong", percent=100, reported_on=date(2025, 7, 2)
    )

    assert shown(client, secretariat) == (["Hạ tầng"], 1)


def test_the_count_follows_a_cancelled_task(client, secretariat, two_provinces):
    assert shown(client, secretariat)[1] == 2
    services.cancel_task(secretariat, Task.objects.get(title_vi="Hạ tầng"))

    assert shown(client, secretariat) == (["Quỹ đất"], 1)


def test_a_province_counts_as_its_own_day_sees_it(two_provinces):
    here, _there = two_provinces

    assert overdue.count([here.pk], date(2025, 5, 1)) == 1  # only "Hạ tầng" was due
    assert overdue.count([here.pk], date(2025, 7, 1)) == 2


def test_a_national_reader_s_count_follows_a_write_in_one_province(
    client, secretariat, two_provinces
):
    """The national count is the provinces' sum cached as one number: a report in one
    province (its generation bumped) changes it; the other province's part is reused."""
    national = UserFactory(username="quocgia", role=Role.NATIONAL)
    assert shown(client, national)[1] == 3
    occurrence = Occurrence.objects.get(task__title_vi="Hạ tầng")
    services.report_progress(
        secretariat, occurrence, text="Xong", percent=100, reported_on=date(2025, 7, 2)
    )

    assert shown(client, national) == (["Cảng", "Quỹ đất"], 2)
    services.cancel_task(secretariat, Task.objects.get(title_vi="Quỹ đất"))
    assert shown(client, national) == (["Cảng"], 1)
