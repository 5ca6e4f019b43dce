"""The real directives loaded as reference tasks, and the synthetic demo tasks."""

from datetime import date

import pytest
from django.utils import translation

from tests.factories import AgencyFactory, ProgrammeFactory, UserFactory
from xuctien.actions.demo import TASKS, load_demo_tasks
from xuctien.actions.models import Status, Task
from xuctien.actions.reference import load_reference_tasks, published_deadline, read_rows
from xuctien.core import loading
from xuctien.core.models import ChangeRecord
from xuctien.core.roles import Role
from xuctien.programmes.models import SolutionGroup

pytestmark = pytest.mark.django_db

CODES = ["QEZA", "TINH-UY", "UBND-TINH", "IPA", "UBND-HUYEN", "SCT", "SNV", "SLDTBXH", "SGDDT",
         "TKQN"]  # fmt: skip


@pytest.fixture
def agencies():
    return {code: AgencyFactory(code=code, name_vi=f"Cơ quan {code}") for code in CODES}


@pytest.fixture
def programme():
    """The programme the CSV names, with the solution groups its rows use (programme data)."""
    programme = ProgrammeFactory(code="NQ01")
    for code in ("sites", "admin_reform"):
        SolutionGroup.objects.create(programme=programme, code=code, name_vi=code)
    return programme


def test_the_loader_is_a_step_of_load_quangninh():
    assert ("action tasks", load_reference_tasks) in loading.steps()


def test_the_eleven_directives_load_with_their_source_and_the_note_that_they_are_not_the_programme(
    agencies, programme
):
    assert load_reference_tasks() == "11 created, 0 updated, 0 unchanged"

    tasks = Task.objects.all()
    assert len(tasks) == 11
    assert all(t.is_reference and not t.is_synthetic for t in tasks)
    assert all(t.source_url.startswith("https://") for t in tasks)
    assert all("Not from the text of Action Programme" in t.note for t in tasks)
    assert all(t.programme.code == "NQ01" for t in tasks)
    first = Task.objects.get(title_vi="Hoàn thành thủ tục đầu tư cho 18 dự án FDI")
    assert (first.lead_agency.code, first.deadline) == ("QEZA", date(2023, 6, 30))
    investor_care = Task.objects.get(title_vi__startswith="Tổ Investor Care")
    assert investor_care.lead_agency.code == "IPA"
    assert [a.code for a in investor_care.coordinating_agencies.all()] == ["UBND-HUYEN"]
    # The published wording, in Vietnamese (the reference data's deadline_vi column).
    assert (investor_care.deadline, investor_care.deadline_as_published) == (
        None,
        "hằng tháng, từ 10/2020",
    )


def test_a_second_load_changes_nothing(agencies, programme):
    load_reference_tasks()
    changes = ChangeRecord.objects.count()
    versions = list(Task.objects.order_by("pk").values_list("version", flat=True))

    assert load_reference_tasks() == "0 created, 0 updated, 11 unchanged"

    assert ChangeRecord.objects.count() == changes
    assert list(Task.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_every_row_of_the_csv_names_its_programme_and_maps_its_lead_agency():
    rows = read_rows()
    assert all(row["programme"] and row["lead_code"] for row in rows)
    assert {row["solution_group"] for row in rows} <= {"", "sites", "admin_reform"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q2/2023", date(2023, 6, 30)),
        ("2024", date(2024, 12, 31)),
        ("Q2/2022 (land clearance)", date(2022, 6, 30)),
        ("from 10/2023 (after 3-year review)", None),
        ("monthly, from 10/2020", None),
        ("from ~2022", None),
    ],
)
def test_a_published_deadline_is_read_only_when_it_names_a_day(text, expected):
    assert published_deadline(text) == expected


# --- synthetic demo tasks ---------------------------------------------------------------------


@pytest.fixture
def demo_people(agencies):
    UserFactory(username="thuky", role=Role.SECRETARIAT)
    UserFactory(username="banqlkkt", role=Role.AGENCY, agency=agencies["QEZA"])


def test_demo_tasks_are_marked_and_give_the_scorecard_every_outcome(demo_people):
    today = date(2026, 5, 20)

    load_demo_tasks(today)

    tasks = Task.objects.all()
    assert len(tasks) == len(TASKS)
    assert all(t.is_synthetic and t.title_vi.endswith("(minh hoạ)") for t in tasks)
    assert len({t.lead_agency_id for t in tasks}) >= 6
    statuses = {o.status for t in tasks for o in t.occurrences.all()}
    assert {Status.DONE, Status.DONE_LATE, Status.OVERDUE, Status.NOT_STARTED} <= statuses
    assert any(t.is_recurring and t.occurrences.count() > 1 for t in tasks)


def test_demo_tasks_have_an_english_title_for_the_english_pages(demo_people):
    # Regression: the English pages showed the synthetic tasks' Vietnamese titles.
    load_demo_tasks(date(2026, 5, 20))

    task = Task.objects.get(title_vi="Cập nhật danh mục dự án kêu gọi đầu tư (minh hoạ)")
    assert task.title_en == "Update the list of projects open to investors (synthetic)"
    assert all(t.title_en.endswith("(synthetic)") for t in Task.objects.all())
    with translation.override("en"):
        assert task.title == "Update the list of projects open to investors (synthetic)"


def test_demo_tasks_load_once(demo_people):
    load_demo_tasks(date(2026, 5, 20))
    changes = ChangeRecord.objects.count()

    assert load_demo_tasks(date(2026, 5, 21)).startswith("demo tasks: 0 created")

    assert ChangeRecord.objects.count() == changes


def test_demo_tasks_wait_for_a_secretariat_account(agencies):
    assert "skipped" in load_demo_tasks(date(2026, 5, 20))
    assert not Task.objects.exists()
