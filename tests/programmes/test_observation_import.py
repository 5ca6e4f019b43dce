"""The figures import: a file with a bad row writes nothing and names the row."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from tests.factories import IndicatorFactory
from xuctien.core.models import ChangeRecord
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.observations import COLUMNS, import_rows, rows_from_file
from xuctien.programmes.models import Observation

pytestmark = pytest.mark.django_db

GOOD_1 = ["SHARE", "2023", "", "12.3", "", "exact", "final", "Cục Thống kê", "https://a.vn/1", ""]
GOOD_2 = ["SHARE", "2024", "", "12.43", "", "exact", "final", "Cục Thống kê", "https://a.vn/2", ""]
BAD = ["SHARE", "2024-Q5", "", "abc", "", "exact", "final", "Cục Thống kê", "https://a.vn/3", ""]


def workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def share(province, agency):
    return IndicatorFactory(code="SHARE", responsible_agency=agency)


def test_a_file_with_one_bad_row_writes_nothing_and_names_that_row(share, secretariat):
    rows = rows_from_file(workbook(GOOD_1, BAD, GOOD_2))

    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows, secretariat)

    assert Observation.objects.count() == 0
    assert ChangeRecord.objects.filter(content_type__model="observation").count() == 0
    bad_rows = {(e.row, e.column) for e in rejected.value.errors}
    assert bad_rows == {(3, "period"), (3, "value")}


def test_the_good_rows_alone_then_import(share, secretariat):
    result = import_rows(rows_from_file(workbook(GOOD_1, GOOD_2)), secretariat)

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    values = sorted(Observation.objects.values_list("period", "value", "status"))
    assert values == [
        ("2023", Decimal("12.3"), "submitted"),
        ("2024", Decimal("12.43"), "submitted"),
    ]


def test_importing_the_same_file_again_changes_nothing(share, secretariat):
    import_rows(rows_from_file(workbook(GOOD_1, GOOD_2)), secretariat)
    history = ChangeRecord.objects.count()

    result = import_rows(rows_from_file(workbook(GOOD_1, GOOD_2)), secretariat)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.count() == history


def test_messages_are_in_vietnamese_by_default(share, secretariat):
    from django.utils import translation

    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows_from_file(workbook(BAD)), secretariat)
    with translation.override("vi"):
        messages = [str(e) for e in rejected.value.errors]
    assert any("dòng 2" in m.lower() for m in messages)


def test_an_officer_cannot_import_another_agencys_indicator(share, other_officer):
    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows_from_file(workbook(GOOD_1)), other_officer)

    assert [e.row for e in rejected.value.errors] == [2]
    assert Observation.objects.count() == 0


def test_the_command_exits_non_zero_and_prints_one_line_per_bad_row(
    share, secretariat, tmp_path, capsys
):
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook(GOOD_1, BAD, BAD).getvalue())

    with pytest.raises(CommandError):
        call_command("import_observations", str(path), user=secretariat.username)

    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if line.strip()]) == 4  # rows 3 and 4, 2 cols
    assert Observation.objects.count() == 0


def test_the_command_imports_a_good_file(share, secretariat, tmp_path, capsys):
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook(GOOD_1).getvalue())

    call_command("import_observations", str(path), user=secretariat.username)

    assert "1 created" in capsys.readouterr().out
    assert Observation.objects.count() == 1


def test_blank_qualifier_and_kind_cells_mean_an_exact_final_figure(share, secretariat):
    # Regression: blank cells were refused as "required" (found by the import benchmark).
    row = ["SHARE", "2024", "", "12.43", "", "", "", "Cục Thống kê", "", ""]

    import_rows(rows_from_file(workbook(row)), secretariat)

    observation = Observation.objects.get()
    assert (observation.qualifier, observation.estimate) == ("exact", "final")


def test_an_import_is_one_batch_whose_rows_each_keep_their_history(share, secretariat):
    from xuctien.core.models import ChangeBatch
    from xuctien.programmes.models import PeriodLock

    import_rows(rows_from_file(workbook(GOOD_1, GOOD_2)), secretariat)
    first = ChangeBatch.objects.get()
    corrected = [*GOOD_2[:3], "13", *GOOD_2[4:]]
    result = import_rows(rows_from_file(workbook(GOOD_1, corrected)), secretariat)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert (first.user, first.created, first.updated) == (secretariat, 2, 0)
    second = ChangeBatch.objects.exclude(pk=first.pk).get()
    assert (second.created, second.updated) == (0, 1)
    figure = Observation.objects.get(period="2024")
    assert figure.version == 2
    changed, created = figure.history()
    assert (created.action, created.batch, created.user) == ("create", first, secretariat)
    assert created.after["value"] == "12.43"
    assert (changed.action, changed.batch) == ("update", second)
    assert (changed.before["value"], changed.after["value"]) == ("12.43", "13")
    assert not PeriodLock.objects.exists()


def test_a_figure_changed_since_it_was_read_stops_the_whole_import(share, secretariat):
    from xuctien import importing
    from xuctien.models import StaleObjectError

    import_rows(rows_from_file(workbook(GOOD_1)), secretariat)
    stale = Observation.objects.get()
    Observation.objects.get().save()  # someone else's save: version 2
    stale.value = Decimal("1")

    with pytest.raises(StaleObjectError):
        importing.bulk_write(Observation, [], [stale], "test")

    assert Observation.objects.get().value == Decimal("12.3")


def test_the_record_page_says_which_import_created_the_figure(client, share, secretariat):
    from django.template.loader import render_to_string

    from xuctien.core.models import ChangeBatch

    import_rows(rows_from_file(workbook(GOOD_1)), secretariat)
    figure = Observation.objects.get()

    html = render_to_string("partials/history.html", {"history": figure.history()})

    batch = ChangeBatch.objects.get()
    assert f"by import batch {batch.pk}" in html or f"lô nhập số {batch.pk}" in html


def test_an_import_invalidates_the_cached_assessments_of_its_indicators(share, secretariat):
    """Regression: the bulk write sends no ``post_save``; the import's batch signal bumps
    the generation its indicator's cached assessment is keyed by (``programmes.caching``)."""
    from xuctien.programmes import caching

    other = IndicatorFactory(code="OTHER", programme=share.programme)
    before = caching.generations([f"i{share.pk}", f"i{other.pk}"])

    import_rows(rows_from_file(workbook(GOOD_1, GOOD_2)), secretariat)

    after = caching.generations([f"i{share.pk}", f"i{other.pk}"])
    assert after.get(f"i{share.pk}") != before.get(f"i{share.pk}")
    assert after.get(f"i{other.pk}") == before.get(f"i{other.pk}")


def figures(count: int, **changed: dict) -> list[dict[str, str]]:
    """``count`` good rows (numbered from 2, as in a sheet) of monthly figures; ``changed``
    maps a row number (as "row<N>") to the cells it has instead."""
    from xuctien.programmes.importers.workbook import ROW_KEY

    rows = []
    for n in range(count):
        number = n + 2
        row = dict(zip(COLUMNS, GOOD_1, strict=True))
        row.update(period=f"{2000 + n // 12}-M{n % 12 + 1:02d}", value=str(10 + n % 7))
        row.update(changed.get(f"row{number}", {}))
        rows.append({ROW_KEY: str(number), **row})
    return rows


def test_bad_rows_among_many_each_get_their_error_and_nothing_is_written(share, secretariat):
    from django.utils import translation

    rows = figures(
        60,
        row17={"value": "abc"},
        row41={"value": "abc"},  # the same bad cell again: the same error again
        row30={"period": "2024-Q5", "qualifier": "roughly"},
    )

    with pytest.raises(ImportRejected) as rejected, translation.override("en"):
        import_rows(rows, secretariat)

    with translation.override("en"):
        errors = sorted((e.row, e.column, e.message) for e in rejected.value.errors)
    period = (
        "“2024-Q5” is not a period. Write a year (2024), a quarter (2024-Q3), a half-year "
        "(2024-H1), a month (2024-M06), months to date (2024-9M) or years (2021/2025)."
    )
    assert errors == [
        (17, "value", "Enter a number."),
        (30, "period", period),
        (30, "qualifier", "Select a valid choice. roughly is not one of the available choices."),
        (41, "value", "Enter a number."),
    ]
    assert Observation.objects.count() == 0
    assert ChangeRecord.objects.filter(content_type__model="observation").count() == 0


def test_the_queries_of_an_import_do_not_grow_with_its_rows(share, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_rows(figures(1), secretariat)  # the first import reads what is then cached
    counts = []
    # Up to 30 rows: SQLite takes at most 999 values to a statement, so its inserts of
    # figures (~25 columns) are cut in statements of ~39 rows (PostgreSQL: one COPY).
    for count, year in ((5, 5), (30, 10)):  # each import: other years, all new
        rows = figures(count)
        for row in rows:
            row["period"] = str(int(row["period"][:4]) + year) + row["period"][4:]
        with CaptureQueriesContext(connection) as captured:
            result = import_rows(rows, secretariat)
        assert result.created == count
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_an_import_of_many_rows_is_one_history_entry_listing_each_row(share, secretariat):
    from xuctien.core.models import ChangeBatch

    result = import_rows(figures(40), secretariat)

    batch = ChangeBatch.objects.get()
    assert (result.created, batch.created, batch.updated, batch.user) == (40, 40, 0, secretariat)
    listed = set(batch.changes.values_list("object_id", "action"))
    assert listed == {
        (str(pk), "create") for pk in Observation.objects.values_list("pk", flat=True)
    }
    assert not ChangeRecord.objects.filter(batch=None, content_type__model="observation")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_form_bound_again_per_new_figure_checks_as_a_form_built_per_row(
    share, secretariat, monkeypatch, language
):
    """The file's new figures share one row form, bound again to each row; a stored figure
    among them gets its own, and the next new figure a form built anew. Every error, in
    either language, and every planned figure are those of one form built per row."""
    from django.utils import translation

    from xuctien.history import snapshot
    from xuctien.programmes.importers import observations

    import_rows([figures(9)[-1]], secretariat)  # row 10's figure is stored: corrected below
    good = figures(30, row10={"value": "99"}, row11={"value_high": "30"})
    bad = figures(
        30,
        row10={"value": "99"},
        row9={"value": "abc"},
        row12={"period": "2024-Q5", "qualifier": "roughly"},
        row14={"locality": "NOWHERE"},
        row16={"value": "5", "value_high": "1"},
        row18={"indicator": "NONE"},
    )

    def read() -> tuple[list, list]:
        with translation.override(language):
            planned = observations.plan(good, secretariat)
            values = [(p.row, p.action, snapshot(p.observation)) for p in planned]
            with pytest.raises(ImportRejected) as rejected:
                observations.plan(bad, secretariat)
            errors = [(e.row, e.column, str(e.message)) for e in rejected.value.errors]
        return errors, values

    bound_again = read()
    monkeypatch.setattr(
        observations.Lookups,
        "form",
        lambda self, data, existing: observations._ImportForm(
            data=data, instance=existing, known=self
        ),
    )
    assert read() == bound_again
    errors, values = bound_again
    assert {row for row, *_rest in errors} == {9, 12, 14, 16, 18}
    assert [action for row, action, _s in values if row == 10] == ["update"]
    assert len(values) == 30
