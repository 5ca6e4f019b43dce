"""One import pipeline for the whole product: read, map, check, preview, confirm, write.

Every import (action plans, the projects register, figures, the programme workbook) goes
through the same steps, and this module holds what they share:

- ``read_rows``: any supported file (.xlsx, .xls, .ods, a .docx's tables) through the one
  reader, ``xuctien.core.spreadsheets``.
- ``find_header``: the header row found among the first rows and its columns mapped by
  their names, in Vietnamese or English, accents and case aside.
- ``Preview``: every row checked, each with its action (create, update, unchanged,
  error) and its problems (row, column, message in the user's language), plus the
  file's own problems and notes; nothing is written while it has an error.
- ``Staging``: the uploaded file kept until the user confirms, bound to the user's session
  and to the user (a token from another session, or another user, finds nothing).
- ``write_all``: the confirmed rows written in one transaction, all or nothing.
- ``bulk_write``: the same at database speed for imports of thousands of rows: records
  created and updated a thousand to a statement, their edit versions claimed together,
  and one history entry for the batch listing every row (decision 0029).
- ``insert_rows``: ``bulk_create``, through ``COPY`` on PostgreSQL (decision 0030).
- ``in_one_go``: an import's reading, checking and writing without Python's cycle
  collector running every few thousand new objects (decision 0032).
- ``number_text``: a number a cell holds as text, its commas read one way for every import.
"""

import contextlib
import copy
import functools
import gc
import operator
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from xuctien import history
from xuctien.core import search
from xuctien.core.spreadsheets import Sheet, read_spreadsheet
from xuctien.models import StaleObjectError

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
#: Not a record (a heading, a note), and a row waiting for the user's answer to a question.
SKIPPED, PENDING = "skipped", "pending"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR, PENDING)
T = TypeVar("T")
#: Rows to a statement in bulk reads and writes (well inside every database's limits).
CHUNK = 1000

#: Sent by ``bulk_write`` (``sender``: the model; ``records``: the rows created and changed),
#: in its transaction: ``bulk_create`` and ``update_rows`` send no ``post_save``, so what
#: caches the rows' aggregates listens here too and invalidates once for the batch.
bulk_written = Signal()


@dataclass
class Problem:
    """What is wrong with one cell (or row, or the file: row 0), for the uploader."""

    row: int
    column: str
    message: str


@dataclass
class PreviewRow:
    """One row of the file and what confirming would do with it."""

    row: int
    action: str
    label: str
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Preview:
    """Every row checked, nothing written; ``ok`` when confirming may write it."""

    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: PreviewRow) -> PreviewRow:
        if row.problems:
            row.action = ERROR
        self.rows.append(row)
        return row

    @property
    def errors(self) -> list[Problem]:
        return self.problems + [p for r in self.rows for p in r.problems]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}


def fold(text: object) -> str:
    """Lower case without accents, one space between words ("Thời gian\nhoàn thành")."""
    return " ".join(search.fold(text).split())


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 -> "A")."""
    return get_column_letter(index + 1)


def read_rows(file: Any) -> list[Sheet]:
    """Every sheet (or Word table) of the file; ``SpreadsheetError`` for a bad file."""
    return read_spreadsheet(file)


#: "30,000", "-1,234,567.5": commas that group thousands, as the exports write numbers.
THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def number_text(text: str) -> Decimal:
    """A number written as text in a cell: "11.3", "30,000", "1,234.5" (a cell that holds
    a number is read as a number, not through here).

    A comma that does not group thousands is refused, not guessed: "2,5" is two and a half
    to a Vietnamese reader and was read as twenty-five by dropping the comma. Raises
    ``InvalidOperation``; ``NUMBER_HELP`` says what to write instead.
    """
    text = text.strip()
    if THOUSANDS.match(text):  # 30,000 is thirty thousand, never thirty
        text = text.replace(",", "")
    if "," in text or not text:
        raise InvalidOperation(text)
    number = Decimal(text)
    if not number.is_finite():  # "NaN", "Infinity": Decimal reads them, no register holds them
        raise InvalidOperation(text)
    return number


def not_a_number(text: object) -> str:
    """The uploader's message for a cell ``number_text`` refuses."""
    return _("“%(value)s” is not a number; write 11.3 or 30,000.") % {"value": text}


def find_header(
    rows: list[tuple],
    columns: dict[str, tuple[str, ...]],
    required: Iterable[str],
    search: int = 15,
) -> tuple[int, dict[str, int]] | None:
    """(0-based index of the header row, {field: 0-based column}) or None.

    A header cell names a field when, folded, it starts with one of the field's names;
    the header is the first row that names every required field.
    """
    names = [(fold(alias), key) for key, aliases in columns.items() for alias in aliases]
    names.sort(key=lambda item: -len(item[0]))  # the longest name first
    for index, row in enumerate(rows[:search]):
        found: dict[str, int] = {}
        for column, value in enumerate(row):
            text = fold(str(value or "")).replace("_", " ")
            for alias, key in names:
                if text and text.startswith(alias) and key not in found:
                    found[key] = column
                    break
        if set(required) <= found.keys():
            return index, found
    return None


def cell(row: tuple, index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def write_all(items: Iterable[T], write: Callable[[T], Any]) -> list[Any]:
    """Write every item in one transaction: one failure and nothing is written."""
    with transaction.atomic():
        return [write(item) for item in items]


def in_one_go(function: Callable[..., T]) -> Callable[..., T]:
    """Run ``function`` with Python's cycle collector paused.

    An import of ten thousand rows makes millions of objects that live until it ends
    (cells, forms, records, history rows); the collector, run every 700 new objects,
    walked them again and again: about a fifth of a 10,000-project import's CPU time.
    Nothing is lost: reference counting still frees what is not in a cycle, and the
    cycles made meanwhile are found by the collector's next runs, once it is back on.
    Other threads of the process skip the collector for as long (seconds, bounded by
    the files' row caps). Nested calls leave it as the outermost found it.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> T:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def chunks(items: list[T], size: int = CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_write(
    model: type[models.Model],
    created: list[Any],
    updated: list[Any],
    label: str,
    batch: Any = None,
    savepoint: bool = True,
) -> Any:
    """Insert ``created`` and save ``updated`` (records read from the database and changed),
    all or nothing; returns the batch's history entry (None when nothing was written).
    ``savepoint=False`` for a caller whose transaction fails as a whole on any error: no
    savepoint asked for around the write (under ``streamed``, its queries would end the
    COPY before Python has made the next rows).

    What ``BaseModel.save`` does row by row, done for all at once: the versions the rows
    were read at are checked under a lock (a row changed since raises ``StaleObjectError``)
    and moved on by one; each row's before and after go into one ``ChangeBatch`` with the
    acting user and request (``history.record_batch``). No ``save()`` runs, so a model whose
    ``save`` does more than ``BaseModel``'s must do that before calling this.
    """
    exclude = model.history_exclude
    rows: list[tuple[Any, str, dict | None, dict | None]] = []
    with transaction.atomic(savepoint=savepoint):
        claim_versions(model, updated)
        insert_rows(model, created)
        for record, after in zip(created, history.snapshots(model, created, exclude), strict=True):
            rows.append((record, history.CREATE, None, after))
            record._history_before = after
        names: set[str] = set()
        now = timezone.now()
        for record in updated:
            after = history.snapshot(record, exclude)
            before, changed = history.diff(record._history_before, after)
            if changed:
                rows.append((record, history.UPDATE, before, changed))
                names.update(changed)
            record._history_before = after
            record.updated_at = now
        if updated:
            update_rows(model, updated, [*sorted(names), "version", "updated_at"])
        if created or updated:
            bulk_written.send(sender=model, records=[*created, *updated])
        return history.record_batch(model, label, rows, batch) if rows else batch


def insert_rows(model: type[models.Model], records: list[Any], ids: bool = True) -> None:
    """``model.objects.bulk_create(records)``: each record gets its id, nothing else runs.
    With ``ids=False``, records without one may be left without it (rows nobody reads
    back, the history's): on PostgreSQL the database numbers them as it inserts them.

    On PostgreSQL the ids are taken from the table's sequence in one query and the rows
    are sent with ``COPY … FROM STDIN``: ``bulk_create``'s ``INSERT … UNNEST`` spends
    seconds per ten thousand rows quoting its arrays in Python, ``COPY`` a fraction of
    that (decision 0030). Elsewhere, and for a model whose database fills in a column
    (``db_default``, a generated column), ``bulk_create`` itself.
    """
    if not records:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    opts = model._meta
    fields = list(opts.concrete_fields)
    if (
        connection.vendor != "postgresql"
        or any(f.generated or f.db_default is not models.NOT_PROVIDED for f in fields)
        or opts.pk not in opts.db_returning_fields
        or len(opts.db_returning_fields) > 1
    ):
        model._base_manager.using(alias).bulk_create(records, batch_size=CHUNK)
        return
    queryset = model._base_manager.using(alias)
    # Pk defaults, related objects' ids: nothing to do for a record that holds no related
    # record and needs no pk default (the history's rows, built from ids).
    pk_default = opts.pk.has_default()
    queryset._prepare_for_bulk_create(
        [r for r in records if r._state.fields_cache or (pk_default and not r._is_pk_set())]
    )
    quote = connection.ops.quote_name
    table, pk = opts.db_table, opts.pk
    missing = [record for record in records if not record._is_pk_set()]
    if missing and not ids and len(missing) == len(records):
        fields = [f for f in fields if f is not pk]  # the database numbers the rows itself
        missing = []
    end_copy(connection)  # one COPY at a time on a connection
    with contextlib.ExitStack() as stack:
        cursor = stack.enter_context(connection.cursor())
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk.column, len(missing)],
            )
            for record, (pk_value,) in zip(missing, cursor.fetchall(), strict=True):
                record.pk = pk_value
        columns = ", ".join(quote(f.column) for f in fields)
        _stamp(records, fields)
        # The columns sent as the record holds them, read together; the others prepared.
        values = _getter([f.attname for f in fields])
        prepared = [(i, f) for i, f in enumerate(fields) if not (_plain(f) or _stamped(f))]
        sql = f"COPY {quote(table)} ({columns}) FROM STDIN"
        copy = stack.enter_context(cursor.cursor.copy(sql))
        write = copy.write_row
        if not prepared:
            for record in records:
                write(values(record))
        else:
            for record in records:
                row = list(values(record))
                for index, f in prepared:
                    row[index] = f.get_db_prep_save(f.pre_save(record, True), connection)
                write(row)
        if getattr(connection, "_xt_streaming", False):
            # Left open: the database inserts the rows while Python goes on (``streamed``).
            connection._xt_copy = stack.pop_all()
    for record in records:
        record._state.adding = False
        record._state.db = alias


@contextlib.contextmanager
def streamed(using: str = "default") -> Iterator[None]:
    """Within the block, ``insert_rows`` on PostgreSQL returns once it has sent its rows,
    without waiting for the database to insert them: the database inserts them (and
    fills their indexes) while Python makes the next rows. Use it inside the import's
    transaction, around its writing.

    A COPY left open this way is ended (and any error of its rows raised) before any
    other query on the connection (a wrapper of its queries), before the next COPY, and
    when the block ends, whatever happens in it: on an error, the COPY is abandoned and
    the error goes on to the transaction, which rolls back. None outlives the block.
    Elsewhere than on PostgreSQL, and outside a transaction, nothing changes.
    """
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or not connection.in_atomic_block
        or getattr(connection, "_xt_streaming", False)
    ):
        yield
        return
    connection._xt_streaming = True
    try:
        with connection.execute_wrapper(_copy_ended_first):
            yield
    except BaseException as error:
        end_copy(connection, error)
        raise
    else:
        end_copy(connection)
    finally:
        connection._xt_streaming = False
        end_copy(connection, RuntimeError("block left"))  # only if ending it above failed


def end_copy(connection: Any, error: BaseException | None = None) -> None:
    """End the COPY ``streamed`` left open on the connection, if any: waits for the
    database to insert its rows (raising what it found wrong), or, with ``error``,
    abandons it."""
    pending = connection.__dict__.pop("_xt_copy", None)
    if pending is None:
        return
    if error is None:
        pending.close()
    else:
        pending.__exit__(type(error), error, error.__traceback__)


def _copy_ended_first(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    end_copy(context["connection"])
    return execute(sql, params, many, context)


def _getter(names: list[str]) -> Callable[[Any], tuple]:
    """The record's attributes of these names, as a tuple."""
    if len(names) == 1:
        name = names[0]
        return lambda record: (getattr(record, name),)
    return operator.attrgetter(*names)


#: Columns whose Python value psycopg sends as it is: ``get_db_prep_save`` would return it.
_PLAIN_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField",
    "CharField", "DateField", "DecimalField", "FloatField", "ForeignKey", "IntegerField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SlugField", "SmallIntegerField", "TextField", "URLField", "EmailField",
}  # fmt: skip


def _stamped(field: models.Field) -> bool:
    """A date and time set on insert (``auto_now``, ``auto_now_add``), as Django's own
    ``DateTimeField`` sets it."""
    return (
        type(field).pre_save is models.DateTimeField.pre_save
        and type(field).get_db_prep_save is models.Field.get_db_prep_save
        and (field.auto_now or field.auto_now_add)
    )


def _stamp(records: list[Any], fields: list[models.Field]) -> None:
    """What ``pre_save`` does for each stamped field, done once for the rows of one insert:
    ``timezone.now()`` asked once, not once per field and row (decision 0032)."""
    stamped = [f for f in fields if _stamped(f)]
    if not stamped:
        return
    now = timezone.now()
    for record in records:
        for stamped_field in stamped:
            setattr(record, stamped_field.attname, now)


def _plain(field: models.Field) -> bool:
    """A column ``insert_rows`` sends as the record holds it: a plain type, nothing set on
    save (``auto_now``), and for a foreign key, a plain key."""
    if type(field).pre_save is not models.Field.pre_save:
        return False
    if field.is_relation:
        return _plain(field.target_field)
    return field.get_internal_type() in _PLAIN_TYPES


def update_rows(model: type[models.Model], records: list[Any], names: list[str]) -> None:
    """``UPDATE … SET <names> WHERE id = …`` for each record, sent as one batch.

    ``QuerySet.bulk_update`` writes a ``CASE WHEN id = … THEN …`` per field and row, which
    the database takes seconds to read for ten thousand rows; one prepared statement run
    for each row (``executemany``: pipelined by psycopg) takes a fraction of that.
    """
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    params = [
        [
            *(f.get_db_prep_save(getattr(record, f.attname), connection) for f in fields),
            pk.get_db_prep_save(record.pk, connection),
        ]
        for record in records
    ]
    with connection.cursor() as cursor:
        for part in chunks(params):
            cursor.executemany(sql, part)


def permitted(model: type[models.Model], user: Any, action: str, records: list[Any]) -> set:
    """The records among these ``user`` may ``action``: ``permits(user, action, record)``
    for each (province by province, then the model's own rule), asked with one query per
    province and thousand records instead of one per record."""
    from xuctien.core import scope

    by_province: dict[Any, list[Any]] = {}
    for record in records:
        by_province.setdefault(scope.province_of(record), []).append(record.pk)
    allowed: set = set()
    for province, pks in by_province.items():
        membership = None
        if province is not None and scope._active(user) and not user.is_superuser:
            membership = scope.membership_in(user, province)
            if membership is None:
                continue
        acting = scope.acting_in(user, membership) if membership else contextlib.nullcontext()
        with acting:
            for part in chunks(pks):
                queryset = model._default_manager.filter(pk__in=part)
                narrowed = model.restrict_queryset(queryset, user, action)
                allowed.update(narrowed.values_list("pk", flat=True))
    return allowed


class SharedFields(dict):
    """A form's fields that ``BaseForm.__init__``'s deep copy hands over as they are."""

    def __deepcopy__(self, memo: dict) -> "SharedFields":
        return self


class RowForms:
    """One set of form fields for the forms of every row of an import.

    Copying a form's fields for each of ten thousand rows cost more than checking the
    rows. What a form's ``__init__`` changes in its fields (``required``, the querysets
    narrowed to the person's provinces) is put back before each row's form is built, so
    each starts from the fields as declared. Use: ``self.base_fields = rows.fields()``
    before ``super().__init__``.
    """

    def __init__(self, form_class: type) -> None:
        self._fields = SharedFields(copy.deepcopy(form_class.base_fields))
        self._declared = {
            name: (
                field.required,
                getattr(field, "queryset", None),
                field.widget,
                list(getattr(field, "input_formats", None) or ()),
            )
            for name, field in self._fields.items()
        }
        self._narrowed: dict[str, Any] = {}
        #: ``RowFormMixin``'s answers: {(field, required, value): (ok, value or error)} and
        #: {(failed, empty, required fields): the model fields its checks leave out}.
        self.cleaned: dict[tuple, tuple[bool, Any]] = {}
        self.exclusions: dict[tuple, frozenset] = {}
        self._pure: dict[int, bool] = {}
        #: ``construct_instance``'s model fields per (form class, model), ``_nothing_chosen``'s
        #: empty querysets per field name.
        self.constructed: dict[tuple, list] = {}
        self.nothing: dict[str, tuple[Any, Any]] = {}

    def pure(self, field: Any) -> bool:
        """``_pure(field)``, asked once per field of the import."""
        if id(field) not in self._pure:
            self._pure[id(field)] = _pure(field)
        return self._pure[id(field)]

    def fields(self) -> SharedFields:
        for name, (required, queryset, widget, formats) in self._declared.items():
            field = self._fields[name]
            field.required = required
            field.widget = widget  # the date pickers replace it
            if formats:
                field.input_formats = list(formats)  # … and add the ISO format first
            if queryset is not None and field.queryset is not self._narrowed.get(name):
                field.queryset = queryset
                self._narrowed[name] = field.queryset
        return self._fields


class RowFormMixin:
    """What an edit form checks that is the same from row to row, checked once per import.

    Mix in before the edit form, and set ``row_forms`` (the import's ``RowForms``) before
    its ``__init__``. Each row's form still runs the form's own checks in Django's order
    (each field's ``clean``, then ``clean_<field>``, ``clean()``, the model's ``full_clean``)
    and gives the same errors; only the answers that depend on nothing but the cell's
    value are kept and given again to the next row with that value: a built-in field's
    ``clean`` ("12.5" is a number of at most so many digits; "exact" is a choice), and
    which model fields the model's checks leave out. Ten thousand rows of figures repeat
    a few hundred values per column (decision 0030).
    """

    row_forms: "RowForms"

    def __init__(self, *args: Any, known: Any, **kwargs: Any) -> None:
        """``known``: what the import read for the whole file; its ``forms`` (the import's
        ``RowForms``, made by the first row) are shared by every row's form."""
        if known.forms is None:
            known.forms = RowForms(type(self))
        self.row_forms = known.forms
        self.base_fields = known.forms.fields()
        self.known = known
        kwargs.setdefault("label_suffix", ":")  # no labels shown: not translated per row
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    def _clean_fields(self) -> None:
        """``BaseForm._clean_fields`` without its ``BoundField`` per field and row."""
        for name, form_field in self.fields.items():  # type: ignore[attr-defined]
            if type(form_field)._clean_bound_field is not forms.Field._clean_bound_field:
                try:  # a field that reads its bound field its own way (a file): as Django does
                    self.cleaned_data[name] = form_field._clean_bound_field(self[name])  # type: ignore
                    if hasattr(self, f"clean_{name}"):
                        self.cleaned_data[name] = getattr(self, f"clean_{name}")()  # type: ignore
                except ValidationError as error:
                    self.add_error(name, error)  # type: ignore[attr-defined]
                continue
            if form_field.disabled:
                value = self.get_initial_for_field(form_field, name)  # type: ignore[attr-defined]
            else:
                value = form_field.widget.value_from_datadict(
                    self.data,  # type: ignore[attr-defined]
                    self.files,  # type: ignore[attr-defined]
                    self.add_prefix(name),  # type: ignore[attr-defined]
                )
            try:
                self.cleaned_data[name] = self._clean_value(name, form_field, value)  # type: ignore[attr-defined]
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()  # type: ignore[attr-defined]
            except ValidationError as error:
                self.add_error(name, error)  # type: ignore[attr-defined]

    def _clean_value(self, name: str, form_field: Any, value: Any) -> Any:
        """``form_field.clean(value)``; for a built-in field, its answer for this value
        kept for the next row (a failure raised again as the same messages)."""
        if value is None and type(form_field).clean is forms.ModelMultipleChoiceField.clean:
            return self._nothing_chosen(name, form_field)
        key = (name, form_field.required, value)
        if not self.row_forms.pure(form_field) or not _hashable(key):
            return form_field.clean(value)
        cleaned = self.row_forms.cleaned
        if key not in cleaned:
            try:
                result = form_field.clean(value)
            except ValidationError as error:
                cleaned[key] = (False, error)
            else:
                if not _hashable((result,)):  # a list, a dict: each row gets its own
                    return result
                cleaned[key] = (True, result)
        ok, result = cleaned[key]
        if not ok:
            raise ValidationError(result.error_list)
        return result

    def _nothing_chosen(self, name: str, form_field: Any) -> Any:
        """``ModelMultipleChoiceField.clean(None)``: "required", or for a field that is not,
        its choices' ``none()``: one empty queryset for the rows (each made a copy)."""
        if form_field.required:
            return form_field.clean(None)
        queryset, nothing = self.row_forms.nothing.get(name, (None, None))
        if queryset is not form_field.queryset:
            queryset, nothing = form_field.queryset, form_field.clean(None)
            self.row_forms.nothing[name] = (queryset, nothing)
        return nothing

    def _post_clean(self) -> None:
        """``ModelForm._post_clean`` (Django 5.2), its ``construct_instance`` with the
        model fields it may set listed once per import (``_construct_instance``)."""
        from django.forms.models import InlineForeignKeyField

        opts = self._meta  # type: ignore[attr-defined]
        exclude = self._get_validation_exclusions()
        for name, form_field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(form_field, InlineForeignKeyField):
                exclude.add(name)
        try:
            self.instance = self._construct_instance(opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        if self._validate_unique:  # type: ignore[attr-defined]
            self.validate_unique()  # type: ignore[attr-defined]

    def _construct_instance(self, fields: Any, exclude: Any) -> Any:
        """``construct_instance(self, self.instance, fields, exclude)``: the same fields set
        in the same order; which model fields it may set (editable, not an ``AutoField``,
        among ``fields``, not in ``exclude``) is found once for the import."""
        instance = self.instance  # type: ignore[attr-defined]
        key = (type(self), type(instance))  # ``fields``, ``exclude``: its Meta's
        settable = self.row_forms.constructed.get(key)
        if settable is None:
            settable = self.row_forms.constructed[key] = [
                (f, f.has_default(), isinstance(f, models.FileField))
                for f in instance._meta.fields
                if f.editable
                and not isinstance(f, models.AutoField)
                and (fields is None or f.name in fields)
                and not (exclude and f.name in exclude)
            ]
        cleaned_data = self.cleaned_data  # type: ignore[attr-defined]
        file_fields = []
        for f, has_default, is_file in settable:
            name = f.name
            if name not in cleaned_data:
                continue
            form_field = self.fields[name]  # type: ignore[attr-defined]
            # Defaults stay for fields not in the data, except checkboxes (not sent unticked).
            if (
                has_default
                and form_field.widget.value_omitted_from_data(
                    self.data,  # type: ignore[attr-defined]
                    self.files,  # type: ignore[attr-defined]
                    self.add_prefix(name),  # type: ignore[attr-defined]
                )
                and cleaned_data.get(name) in form_field.empty_values
            ):
                continue
            if is_file:  # after the others: a callable ``upload_to`` may read them
                file_fields.append(f)
            else:
                f.save_form_data(instance, cleaned_data[name])
        for f in file_fields:
            f.save_form_data(instance, cleaned_data[f.name])
        return instance

    def _get_validation_exclusions(self) -> set[str]:
        """``ModelForm._get_validation_exclusions``: it reads every model field, and its
        answer depends only on which fields failed and which were left empty."""
        fields, data = self.fields, self.cleaned_data  # type: ignore[attr-defined]
        key = (
            tuple(self._errors),  # type: ignore[attr-defined]
            tuple((n, data.get(n) in f.empty_values) for n, f in fields.items() if not f.required),
        )
        found = self.row_forms.exclusions.get(key)
        if found is None:
            found = self.row_forms.exclusions[key] = frozenset(
                super()._get_validation_exclusions()  # type: ignore[misc]
            )
        return set(found)


def _pure(field: Any) -> bool:
    """A field whose ``clean`` depends on nothing but the value: one of Django's own,
    not a choice of records, its checks not replaced on the field itself."""
    from django.forms import ModelChoiceField

    return (
        type(field).__module__.startswith("django.forms.")
        and not isinstance(field, ModelChoiceField)
        and not {"clean", "to_python", "validate", "run_validators"} & vars(field).keys()
    )


def _hashable(key: tuple) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def claim_versions(model: type[models.Model], records: list[Any]) -> None:
    """Lock the stored rows; any not at the version it was read at raises ``StaleObjectError``;
    otherwise every record's version moves on by one (saved with the record)."""
    by_pk = {record.pk: record for record in records}
    for pks in chunks(list(by_pk)):
        stored = dict(
            model._base_manager.select_for_update()
            .filter(pk__in=pks)
            .values_list("pk", "version")
            .order_by()
        )
        for pk in pks:
            if stored.get(pk) != by_pk[pk].version:
                raise StaleObjectError(by_pk[pk])
    for record in records:
        record.version += 1


class Staging:
    """An uploaded file waiting for its confirmation, bound to a session and a user."""

    def __init__(self, request: Any, kind: str) -> None:
        self.request, self.kind = request, kind
        self.key = f"import:{kind}"

    @staticmethod
    def directory() -> Path:
        return Path(settings.VAR_DIR) / "imports"

    def _path(self, token: str, suffix: str) -> Path:
        return self.directory() / f"{uuid.UUID(hex=token).hex}{suffix}"

    def stage(self, upload: Any, **extra: Any) -> str:
        """Keep the upload (replacing this session's earlier one); returns its token."""
        self.discard()
        token = uuid.uuid4().hex
        suffix = Path(getattr(upload, "name", "") or "").suffix.lower()[:6]
        path = self._path(token, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                out.write(chunk)
        self.request.session[self.key] = {
            "token": token,
            "suffix": suffix,
            "name": getattr(upload, "name", ""),
            "user": self.request.user.pk,
            "extra": extra,
        }
        return token

    def get(self, token: str | None = None) -> dict[str, Any] | None:
        """The staged upload (with its ``path``), if this session and user staged it."""
        staged = self.request.session.get(self.key)
        if not staged or staged.get("user") != self.request.user.pk:
            return None
        if token is not None and token != staged.get("token"):
            return None
        path = self._path(staged["token"], staged.get("suffix", ""))
        if not path.exists():
            return None
        return {**staged, "path": path}

    def update(self, **extra: Any) -> None:
        staged = self.request.session.get(self.key)
        if staged:
            staged["extra"] = {**staged.get("extra", {}), **extra}
            self.request.session[self.key] = staged

    def discard(self) -> None:
        staged = self.request.session.pop(self.key, None)
        if staged:
            with contextlib.suppress(ValueError, KeyError):
                self._path(staged["token"], staged.get("suffix", "")).unlink(missing_ok=True)
