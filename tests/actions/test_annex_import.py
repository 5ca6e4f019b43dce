"""An annex as provinces lay it out, from .xlsx, .xls, .ods and .docx (issue 13)."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from tests.actions.annex import FILES
from tests.factories import AgencyFactory, ProvinceFactory
from xuctien.actions import importer
from xuctien.actions.models import Recurrence, Task, TaskGroup
from xuctien.core.models import AgencyAlias, ChangeRecord
from xuctien.importing import CREATE, SKIPPED, UNCHANGED, UPDATE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


PLAN = "45/KH-UBND"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def agencies(province):
    """The agencies of the annex, as the reference data names them (two merged in 2025)."""
    made = {}
    for code, name, extra in [
        ("UBND-TINH", "Ủy ban nhân dân tỉnh", {}),
        ("STC", "Sở Tài chính (sau hợp nhất)", {}),
        ("SNV", "Sở Nội vụ (sau hợp nhất)", {}),
        ("SNGV", "Sở Ngoại vụ", {}),
        ("SXD", "Sở Xây dựng", {}),
        ("SNNMT", "Sở Nông nghiệp và Môi trường", {}),
        ("QEZA", "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh", {}),
        ("IPA", "Ban Xúc tiến và Hỗ trợ đầu tư tỉnh (IPA Quảng Ninh)", {}),
        ("UBND-XA", "Ủy ban nhân dân các xã, phường, đặc khu", {}),
    ]:
        made[code] = AgencyFactory(code=code, name_vi=name, name_en="", **extra)
    made["SKHDT"] = AgencyFactory(
        code="SKHDT",
        name_vi="Sở Kế hoạch và Đầu tư",
        name_en="",
        valid_to=date(2025, 2, 28),
        successor=made["STC"],
    )
    return made


def answer_all(preview, agencies) -> dict[str, str]:
    """What the secretariat answers: confirm the successor, "UBND các địa phương" = communes."""
    answers = {}
    for key, question in preview.questions.items():
        if question.kind == "successor":
            answers[key] = "confirm"
        elif question.text == "UBND các địa phương":
            answers[key] = str(agencies["UBND-XA"].pk)
    return answers


def by_number(preview) -> dict[str, dict]:
    return {r.data["number"]: r.data for r in preview.rows if r.action != SKIPPED}


@pytest.mark.parametrize("extension", ["xlsx", "xls", "ods", "docx"])
def test_the_annex_imports_from_every_format(extension, agencies, province, secretariat):
    path = FILES / f"annex.{extension}"

    first = importer.preview(path, 2025, PLAN)

    assert not first.problems, first.problems
    asked = {q.text: q.kind for q in first.questions.values()}
    assert asked == {"Sở KH&ĐT": "successor", "UBND các địa phương": "near"}
    assert first.questions["ke hoach va dau tu"].successor["name"] == "Sở Tài chính (sau hợp nhất)"
    assert not first.ok  # nothing is written while a question is open
    pending = {r.data["number"] for r in first.rows if r.action == "pending"}
    assert pending == {"1", "2"}  # rows 1 and 2 wait for the answers, neither new nor changed

    answers = answer_all(first, agencies)
    checked = importer.preview(path, 2025, PLAN, answers)
    assert checked.ok, (checked.errors, checked.open_questions)
    rows = by_number(checked)
    assert list(rows) == ["1", "1.1", "2", "3", "4", "5", "6"]
    assert [g["number"] for g in checked.groups] == ["I", "II", "III"]
    assert {n: r["lead"]["name"] for n, r in rows.items()} == {
        "1": "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh",
        "1.1": "Ban Xúc tiến và Hỗ trợ đầu tư tỉnh (IPA Quảng Ninh)",
        "2": "Sở Tài chính (sau hợp nhất)",
        "3": "Sở Nội vụ (sau hợp nhất)",
        "4": "Ban Xúc tiến và Hỗ trợ đầu tư tỉnh (IPA Quảng Ninh)",
        "5": "Sở Nông nghiệp và Môi trường",
        "6": "Ủy ban nhân dân tỉnh",
    }
    coordinating = {n: [c["name"] for c in r["coordinating"]] for n, r in rows.items()}
    assert coordinating["1"] == [
        "Sở Nông nghiệp và Môi trường",
        "Ủy ban nhân dân các xã, phường, đặc khu",
    ]
    assert coordinating["1.1"] == ["Sở Tài chính (sau hợp nhất)", "Sở Xây dựng"]
    assert coordinating["3"] == ["Sở Ngoại vụ"]
    assert coordinating["5"] == ["Sở Xây dựng", "Sở Nội vụ (sau hợp nhất)"]
    assert rows["4"]["coordinating_note"] == "Các sở, ngành"  # no agency near: kept as text

    counts = importer.commit(secretariat, checked, PLAN)
    assert counts == {CREATE: 7, UPDATE: 0, UNCHANGED: 0}
    tasks = {t.plan_number: t for t in Task.objects.filter(plan=PLAN)}
    assert tasks["1"].deadline == date(2025, 6, 30)
    assert tasks["1"].group.number == "I"
    assert tasks["1.1"].deadline == date(2025, 9, 30)
    assert tasks["1.1"].group.number == "I"
    assert tasks["2"].recurrence == Recurrence.QUARTERLY
    assert tasks["2"].group.number == "II"
    assert [o.due_date for o in tasks["2"].occurrences.order_by("due_date")] == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    yearly = tasks["3"]
    assert (yearly.recurrence, yearly.deadline) == (Recurrence.YEARLY, date(2025, 12, 15))
    assert [o.due_date for o in yearly.occurrences.all()] == [date(2025, 12, 15)]
    ongoing = tasks["4"]
    assert (ongoing.recurrence, ongoing.deadline) == (Recurrence.ONGOING, None)
    assert [o.due_date for o in ongoing.occurrences.all()] == [None]
    assert [o.due_date for o in tasks["5"].occurrences.order_by("due_date")] == [
        date(2025, 3, 20),
        date(2025, 6, 20),
        date(2025, 9, 20),
        date(2025, 12, 20),
    ]
    assert (tasks["6"].start_date, tasks["6"].deadline) == (date(2025, 1, 1), date(2026, 12, 31))
    assert list(TaskGroup.objects.values_list("number", "name_vi")) == [
        ("I", "QUY HOẠCH, QUỸ ĐẤT CÔNG NGHIỆP"),
        ("II", "HẠ TẦNG VÀ NGUỒN NHÂN LỰC"),
        ("III", "CẢI CÁCH HÀNH CHÍNH, MÔI TRƯỜNG KINH DOANH"),
    ]

    # The same plan again: every row unchanged, nothing written, nothing duplicated.
    again = importer.preview(path, 2025, PLAN, answers)
    assert again.ok
    assert again.counts == {CREATE: 0, UPDATE: 0, UNCHANGED: 7, "error": 0, "pending": 0}
    versions = sorted(Task.objects.values_list("pk", "version"))
    importer.commit(secretariat, again, PLAN)
    assert sorted(Task.objects.values_list("pk", "version")) == versions
    assert TaskGroup.objects.count() == 3


def test_an_answer_kept_as_an_alias_is_known_to_the_next_import(agencies, province, secretariat):
    path = FILES / "annex.xlsx"
    first = importer.preview(path, 2025, PLAN)
    answers = answer_all(first, agencies)
    checked = importer.preview(path, 2025, PLAN, answers)

    assert importer.remember(province, checked.questions, secretariat) == 1

    alias = AgencyAlias.objects.get()
    assert (alias.name, alias.agency.code) == ("UBND các địa phương", "UBND-XA")
    assert ChangeRecord.objects.for_object(alias).get().user == secretariat  # with its history
    later = importer.preview(path, 2025, PLAN)
    assert [q.text for q in later.questions.values()] == ["Sở KH&ĐT"]  # still confirmed each time


def test_a_changed_plan_updates_what_changed_and_reports_what_was_removed(
    agencies, province, secretariat, tmp_path
):
    from tests.actions.annex import BODY, HEADER, NUMBERS, TITLE, write_xlsx

    path = FILES / "annex.xlsx"
    answers = answer_all(importer.preview(path, 2025, PLAN), agencies)
    importer.commit(secretariat, importer.preview(path, 2025, PLAN, answers), PLAN)
    body = [list(r) for r in BODY if not (r and r[0] == "6")]
    for row in body:
        if row and row[0] == "1.1":
            row[4] = "31/10/2025"
    changed = tmp_path / "annex-v2.xlsx"
    write_xlsx(changed, [*TITLE, HEADER, NUMBERS, *body])

    second = importer.preview(changed, 2025, PLAN, answers)

    assert second.ok
    actions = {r.data["number"]: (r.action, r.changes) for r in second.rows if r.data}
    assert actions["1.1"][0] == UPDATE
    assert set(actions["1.1"][1]) == {"deadline", "deadline as published"}
    assert actions["1"] == (UNCHANGED, [])
    assert second.removed == ["6 Sơ kết thực hiện Nghị quyết"]
    importer.commit(secretariat, second, PLAN)
    assert Task.objects.get(plan_number="1.1").deadline == date(2025, 10, 31)
    assert Task.objects.filter(plan_number="6").exists()  # reported, not deleted


@pytest.mark.parametrize(
    ("written", "known", "expected"),
    [
        ("Sở Nội vụ", ["Sở Ngoại vụ"], ["Sở Ngoại vụ"]),  # 86% alike, and another department
        ("Sở Xây dựnh", ["Sở Xây dựng", "Sở Tài chính"], ["Sở Xây dựng"]),  # a typo
        ("Sở Ngoại vụ", ["Sở Nội vụ", "Sở Ngoại vụ"], None),  # exact: no question
    ],
)
def test_a_near_name_is_asked_never_guessed(written, known, expected, province, tmp_path):
    from tests.factories import AgencyFactory as Make

    for number, name in enumerate(known):
        Make(code=f"A{number}", name_vi=name, name_en="")
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            ["1", "Nhiệm vụ thử", written, "Quý II/2025"]]  # fmt: skip
    from tests.actions.annex import write_xlsx

    path = tmp_path / "plan.xlsx"
    write_xlsx(path, rows)

    result = importer.preview(path, 2025, "P")

    if expected is None:
        assert not result.questions
        assert result.ok
    else:
        (question,) = result.questions.values()
        assert [c["name"] for c in question.candidates] == expected
        assert question.lead
        assert not result.ok
        assert result.rows[0].data["lead"] is None


def test_every_timing_phrase_is_understood_or_reported_with_its_cell(province, tmp_path):
    AgencyFactory(code="SXD", name_vi="Sở Xây dựng", name_en="")
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            ["1", "Một", "Sở Xây dựng", "Năm 2024"],
            ["2", "Hai", "Sở Xây dựng", "Hằng tháng"],
            ["3", "Ba", "Sở Xây dựng", "6 tháng"],
            ["4", "Bốn", "Sở Xây dựng", "sau khi có vốn"]]  # fmt: skip
    from tests.actions.annex import write_xlsx

    path = tmp_path / "plan.xlsx"
    write_xlsx(path, rows)

    result = importer.preview(path, 2025, "P")

    timings = [r.data.get("timing") for r in result.rows]
    assert timings[0]["deadline"] == "2024-12-31"
    assert timings[1]["recurrence"] == Recurrence.MONTHLY
    assert timings[2]["recurrence"] == Recurrence.HALF_YEARLY
    (problem,) = result.errors
    assert (problem.row, problem.column) == (5, "D")
    assert "sau khi có vốn" in problem.message


def test_agencies_joined_by_va_split_only_where_every_part_is_an_agency(agencies, province):
    matcher = importer.matcher_for(province)

    def names(text: str) -> list[str]:
        return [r.agency.code if r.agency else r.text for r in matcher.split(text)]

    assert names("Ban Xúc tiến và Hỗ trợ đầu tư") == ["IPA"]
    assert names("Sở Tài chính và Sở Xây dựng") == ["STC", "SXD"]
    assert names("Sở Xây dựng, Sở Nội vụ; UBND tỉnh") == ["SXD", "SNV", "UBND-TINH"]
    assert names("sở, ngành, địa phương") == ["sở, ngành, địa phương"]
    assert names("Sở Kế hoạch và Đầu tư") == ["STC"]  # the successor, to be confirmed


def test_the_province_name_is_read_from_the_province_record(agencies, province):
    province.name_vi, province.name_en = "Tỉnh Bắc Ninh", "Bac Ninh Province"
    province.save()
    matcher = importer.matcher_for(province)

    assert matcher.resolve("Sở Xây dựng tỉnh Bắc Ninh").agency.code == "SXD"
    assert matcher.resolve("Sở Xây dựng tỉnh Quảng Ninh").status == "ask"
    source = (Path(importer.__file__).parent / "matching.py").read_text()
    assert "quang" not in source.lower()
    assert "ninh" not in source.lower()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tasks_export_imports_again_as_the_same_plan(
    language, agencies, province, secretariat, client, tmp_path
):
    path = FILES / "annex.ods"
    answers = answer_all(importer.preview(path, 2025, PLAN), agencies)
    importer.commit(secretariat, importer.preview(path, 2025, PLAN, answers), PLAN)
    client.force_login(secretariat)

    with translation.override(language):
        response = client.get("/actions/", {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE=language)
    exported = tmp_path / "tasks.xlsx"
    exported.write_bytes(response.content)
    again = importer.preview(exported, 2025, PLAN, answers)

    assert again.ok, (again.errors, again.open_questions)
    assert again.counts == {CREATE: 0, UPDATE: 0, UNCHANGED: 7, "error": 0, "pending": 0}
    assert again.removed == []


def test_the_real_task_list_laid_out_as_an_annex(secretariat, tmp_path):
    """The province's published tasks (src/xuctien/actions/data/action_tasks.csv) as an
    annex, against the real agency list: every row is read, or reported with its cell."""
    import csv

    from django.core.management import call_command

    from tests.actions.annex import TITLE, write_xlsx
    from xuctien.actions.reference import TASKS_CSV

    call_command("load_quangninh", verbosity=0)
    with TASKS_CSV.open(encoding="utf-8") as handle:
        tasks = list(csv.DictReader(handle))
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    table = [*TITLE, header, ["(1)", "(2)", "(3)", "(4)", "(5)"], ["I", "NHIỆM VỤ"]]
    table += [
        [str(n), t["task_vi"], t["lead_agency"], t["coordinating"], t["deadline_or_period"]]
        for n, t in enumerate(tasks, start=1)
    ]
    path = tmp_path / "real.xlsx"
    write_xlsx(path, table)

    result = importer.preview(path, 2025, "REAL")

    first = len(TITLE) + 4  # the sheet row of task 1
    read = [r for r in result.rows if r.action != SKIPPED]
    assert len(read) == len(tasks)
    problems = {(p.row - first + 1, p.column) for p in result.errors}
    for number, task in enumerate(tasks, start=1):
        row = read[number - 1]
        timing_ok = "timing" in row.data
        assert timing_ok != ((number, "E") in problems), task["deadline_or_period"]
        lead = row.data.get("lead")
        asked = any(row.row in q.rows and q.lead for q in result.questions.values())
        assert lead or asked or (number, "C") in problems, task["lead_agency"]
    assert read[0].data["lead"]["name"] == "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh"  # "(QEZA)"
    assert read[0].data["timing"]["deadline"] == "2023-06-30"  # "Q2/2023"
    assert not result.ok  # research notes in English ("from ~2022") are not deadlines
