"""``xuctien import_action_plan``: the page's importer from the shell."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.actions.factories import plan_workbook
from xuctien.actions.models import Task

pytestmark = pytest.mark.django_db

GOOD = [
    [
        "1",
        "Rà soát quy hoạch",
        "sở công thương",
        "Sở Xây dưng; các địa phương",
        "Quý II/2025",
        "Báo cáo",
    ],
    ["2", "Báo cáo định kỳ", "SCT", "", "Hằng quý", "Báo cáo quý"],
]


@pytest.fixture
def plan_file(tmp_path):
    def write(rows: list[list]) -> str:
        path = tmp_path / "ke-hoach.xlsx"
        path.write_bytes(plan_workbook(rows).getvalue())
        return str(path)

    return write


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_action_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def province(scope):
    return scope


def test_without_confirm_it_prints_the_matches_and_writes_nothing(plan_file, agency, other_agency):
    out, _err = run(plan_file(GOOD), "--year", "2025")

    assert "row 3 [create]: 1 Rà soát quy hoạch | lead: sở công thương → Sở Công Thương" in out
    assert "Quý II/2025 → 30/06/2025" in out
    assert "Sở Xây dưng → Sở Xây dựng" in out  # only the accent differs: the same name
    assert "not in the agency list: các địa phương" in out
    assert "2 row(s) checked; nothing written" in out
    assert not Task.objects.exists()


def test_with_confirm_it_creates_every_task_and_a_second_run_changes_nothing(
    plan_file, agency, other_agency, secretariat
):
    out, _err = run(plan_file(GOOD), "--year", "2025", "--confirm", "--user", "thuky")

    assert "2 created, 0 updated, 0 unchanged" in out
    first, second = Task.objects.order_by("pk")
    assert (first.deadline, first.lead_agency) == (date(2025, 6, 30), agency)
    assert second.occurrences.count() == 4
    assert first.plan == "ke-hoach"
    again, _err = run(plan_file(GOOD), "--year", "2025", "--confirm", "--user", "thuky")
    assert "0 created, 0 updated, 2 unchanged" in again
    assert Task.objects.count() == 2


def test_a_question_is_answered_on_the_command_line(plan_file, agency, other_agency, secretariat):
    rows = [["1", "Rà soát", "Sở Công Thươg", "", "Quý II/2025", ""]]
    with pytest.raises(CommandError, match="1 problem"):
        run(plan_file(rows), "--year", "2025", "--confirm", "--user", "thuky")
    out, _err = run(
        plan_file(rows), "--year", "2025", "--confirm", "--user", "thuky",
        "--answer", "Sở Công Thươg=SCT",
    )  # fmt: skip
    assert "1 created" in out


def test_a_bad_row_exits_non_zero_and_writes_nothing(plan_file, agency, secretariat):
    rows = [*GOOD, ["3", "Nhiệm vụ lạ", "Sở Không Tồn Tại", "", "Tháng 13/2025", ""]]

    with pytest.raises(CommandError, match="2 problem"):
        run(plan_file(rows), "--year", "2025", "--confirm", "--user", "thuky")

    assert not Task.objects.exists()


def test_each_bad_cell_is_one_line_on_stderr(plan_file, agency, secretariat):
    err = StringIO()
    rows = [["1", "Nhiệm vụ lạ", "Sở Không Tồn Tại", "", "Tháng 13/2025", ""]]
    with pytest.raises(CommandError):
        call_command("import_action_plan", plan_file(rows), "--year", "2025", stderr=err)

    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["row 3, column E", "question"]


def test_confirm_needs_a_user_who_may_assign_tasks(plan_file, agency, other_agency, officer):
    with pytest.raises(CommandError, match="--user"):
        run(plan_file(GOOD), "--confirm")
    with pytest.raises(CommandError, match="nothing was written"):
        run(plan_file(GOOD), "--year", "2025", "--confirm", "--user", officer.username)
    assert not Task.objects.exists()
