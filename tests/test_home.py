"""Each role lands on its own work: after login and on the home page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.actions.factories import TaskFactory
from tests.factories import ObservationFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.actions import services as actions
from xuctien.actions.models import Occurrence, Task
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.investments.stages import Stage
from xuctien.programmes.models import Observation

PASSWORD = "correct-horse-battery"


def make_task(secretariat, agency, title: str, days_late: int) -> Task:
    today = timezone.localdate()
    task = Task(
        title_vi=title,
        title_en=title,
        lead_agency=agency,
        start_date=today - timedelta(days=90),
        deadline=today - timedelta(days=days_late),
        is_synthetic=True,
    )
    return actions.create_task(secretariat, task, [], today=today)


@pytest.fixture
def work(secretariat, agency, other_agency):
    """A task overdue for each agency, and a land request routed to the officer's agency."""
    make_task(secretariat, agency, "Báo cáo của Sở Công Thương", days_late=3)
    make_task(secretariat, other_agency, "Báo cáo của Sở Xây dựng", days_late=5)
    RoutingRule.objects.create(category=Category.LAND, agency=agency, working_days=5)
    aftercare.submit_request(
        secretariat,
        InvestorFactory(name="Công ty minh hoạ", is_synthetic=True),
        category=Category.LAND,
        title="Chậm bàn giao đất",
        description="Đất chưa được bàn giao.",
        is_synthetic=True,
    )


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_agency_officer_lands_on_its_agencys_tasks_due_and_requests_assigned(
    client, officer, work
):
    html = home(client, officer)

    assert "Báo cáo của Sở Công Thương" in html
    assert "Báo cáo của Sở Xây dựng" not in html  # another agency's task
    assert "Chậm bàn giao đất" in html
    own = Occurrence.objects.get(task__title_vi="Báo cáo của Sở Công Thương")
    assert reverse("actions:occurrence-report", args=[own.pk]) in html  # report from home


@pytest.mark.django_db
def test_the_secretariat_lands_on_what_waits_for_review_and_what_is_overdue(
    client, secretariat, work
):
    ObservationFactory(status=Observation.Status.SUBMITTED)

    html = home(client, secretariat)

    assert "Báo cáo của Sở Công Thương" in html
    assert "Báo cáo của Sở Xây dựng" in html
    assert reverse("programmes:review") in html
    assert reverse("actions:overdue") in html


@pytest.mark.django_db
def test_leadership_lands_on_the_dashboard(client, leader):
    client.force_login(leader)

    assert client.get(reverse("home")).url == reverse("programmes:dashboard")


@pytest.mark.django_db
def test_an_investor_lands_on_my_company(client, investor):
    client.force_login(investor)

    assert client.get(reverse("home")).url == reverse("portal:account")


@pytest.mark.django_db
def test_logging_in_leads_to_the_roles_own_page(client, leader):
    leader.set_password(PASSWORD)
    leader.save()

    response = client.post(
        reverse("login"), {"username": leader.username, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("programmes:dashboard")


@pytest.mark.django_db
def test_a_visitor_still_sees_the_introduction(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("programmes:dashboard") in response.content.decode()


def queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "secretariat"])
def test_the_home_page_makes_the_same_number_of_queries_for_more_work(
    client, request, persona, work, secretariat, agency
):
    user = request.getfixturevalue(persona)
    before = queries_for(client, user)
    for n in range(4):
        make_task(secretariat, agency, f"Thêm {n}", days_late=n + 1)
        TaskFactory(lead_agency=agency)

    assert queries_for(client, user) == before


@pytest.mark.django_db
def test_a_park_developer_lands_on_the_projects_in_its_zone(client, developer):
    ProjectFactory(name="Nhà máy trong KCN", zone=developer.zone, stage=Stage.IRC_ISSUED)
    ProjectFactory(name="Nhà máy nơi khác", stage=Stage.IRC_ISSUED)

    html = home(client, developer)

    assert "Nhà máy trong KCN" in html
    assert "Nhà máy nơi khác" not in html
