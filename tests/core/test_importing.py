"""The one import pipeline's shared steps: the header found and mapped, the preview."""

from xuctien.importing import CREATE, ERROR, Preview, PreviewRow, Problem, find_header

COLUMNS = {
    "title": ("nhiem vu", "task"),
    "group": ("task group", "nhom nhiem vu"),
    "deadline": ("thoi gian hoan thanh", "deadline"),
}


def test_the_header_is_found_under_a_title_block_with_line_breaks_and_accents():
    rows = [
        ("ỦY BAN NHÂN DÂN TỈNH",),
        ("PHỤ LỤC",),
        ("STT", "NHIỆM VỤ", "Thời gian\nhoàn  thành"),
    ]
    assert find_header(rows, COLUMNS, ["title", "deadline"]) == (2, {"title": 1, "deadline": 2})


def test_a_longer_name_wins_so_task_group_is_not_the_task():
    rows = [("Task group", "Task (Vietnamese)", "Deadline as published")]
    found = find_header(rows, COLUMNS, ["title"])
    assert found == (0, {"group": 0, "title": 1, "deadline": 2})


def test_a_row_with_a_problem_is_an_error_and_the_preview_is_not_ok():
    preview = Preview()
    preview.add(PreviewRow(3, CREATE, "ok"))
    bad = preview.add(PreviewRow(4, CREATE, "bad", problems=[Problem(4, "C", "no lead")]))
    assert bad.action == ERROR
    assert not preview.ok
    assert preview.counts["create"] == 1
    assert preview.counts["error"] == 1


def test_an_import_runs_with_the_cycle_collector_paused_and_puts_it_back():
    import gc

    import pytest

    from xuctien.importing import in_one_go

    seen = []

    @in_one_go
    def import_(fail: bool = False) -> str:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad row")
        return "done"

    assert gc.isenabled()
    assert import_() == "done"
    assert gc.isenabled()
    with pytest.raises(ValueError, match="bad row"):
        import_(fail=True)
    assert gc.isenabled()
    gc.disable()  # paused by someone else: left paused
    try:
        import_()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False, False]
