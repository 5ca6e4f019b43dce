"""``importing.streamed``: a COPY left open while Python goes on, never beyond the block.

On PostgreSQL the rows of ``insert_rows`` are inserted by the database while Python makes
the next ones; the COPY ends before any other query, before the next COPY, and when the
block ends, with or without an error. Elsewhere the block changes nothing.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

from xuctien import history, importing
from xuctien.core.models import Agency, ChangeRecord

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's (elsewhere bulk_create)"
)


def changes(*names: str) -> list[ChangeRecord]:
    kind = ContentType.objects.get_for_model(Agency).pk
    build = history._builder(ChangeRecord)
    return [build(content_type_id=kind, object_id=name, action="create") for name in names]


def stored(*names: str) -> int:
    return ChangeRecord.objects.filter(object_id__in=names).count()


def open_copy() -> bool:
    return "_xt_copy" in connections["default"].__dict__


@postgresql
def test_the_copy_stays_open_until_the_next_query_which_finds_its_rows():
    with transaction.atomic(), importing.streamed():
        written = changes("s-a", "s-b")
        importing.insert_rows(ChangeRecord, written)
        assert open_copy()
        assert all(change.pk for change in written)  # numbered before the COPY
        found = set(ChangeRecord.objects.filter(object_id__in=["s-a", "s-b"]).values_list("pk"))
        assert not open_copy()
        assert found == {(change.pk,) for change in written}


@postgresql
def test_the_next_copy_ends_the_open_one_and_the_block_ends_the_last():
    with transaction.atomic():
        with importing.streamed():
            importing.insert_rows(ChangeRecord, changes("s-c"))
            first = connections["default"].__dict__["_xt_copy"]
            importing.insert_rows(ChangeRecord, changes("s-d"), ids=False)
            assert connections["default"].__dict__["_xt_copy"] is not first
        assert not open_copy()
        assert stored("s-c", "s-d") == 2


def fail_with_an_open_copy() -> None:
    with transaction.atomic(), importing.streamed():
        importing.insert_rows(ChangeRecord, changes("s-e"))
        assert open_copy()
        raise ZeroDivisionError


@postgresql
def test_an_error_in_the_block_abandons_the_copy_and_the_transaction_rolls_back():
    with pytest.raises(ZeroDivisionError):
        fail_with_an_open_copy()
    assert not open_copy()
    assert stored("s-e") == 0  # the connection works, nothing written


def write_one_id_twice(query_after: bool) -> None:
    with transaction.atomic(), importing.streamed():
        first = changes("s-f")
        importing.insert_rows(ChangeRecord, first)
        again = changes("s-g")
        again[0].pk = first[0].pk  # the same id twice
        importing.insert_rows(ChangeRecord, again)
        if query_after:
            ChangeRecord.objects.count()


@postgresql
@pytest.mark.parametrize("query_after", [True, False], ids=["at-next-query", "at-block-end"])
def test_a_bad_row_is_raised_at_the_next_query_or_block_end_and_nothing_is_written(query_after):
    import psycopg

    with pytest.raises(psycopg.errors.UniqueViolation):
        write_one_id_twice(query_after)
    assert not open_copy()
    assert stored("s-f", "s-g") == 0


@postgresql
def test_outside_a_block_no_copy_is_left_open():
    importing.insert_rows(ChangeRecord, changes("s-j"))
    assert not open_copy()
    assert stored("s-j") == 1


def test_elsewhere_the_block_writes_as_before():
    with transaction.atomic(), importing.streamed():
        importing.insert_rows(ChangeRecord, changes("s-l"))
        assert stored("s-l") == 1
    assert not open_copy()
