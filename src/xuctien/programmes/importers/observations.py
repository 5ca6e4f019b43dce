"""Import of figures from a spreadsheet: every row through ``ObservationForm``.

What the rows name (indicators, places, the figures they correct, locked years) is read
once for the whole file, and the rows are written together: ten thousand rows take
seconds, not minutes, with the same checks and messages as the edit form (decision 0029).

The file is checked whole before anything is written. If any row is bad, nothing is
written and each bad row gets a message naming its row, column and problem in the
user's language; the good rows of a corrected file then import on their own.
"""

import copy
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuctien import history, importing
from xuctien.core.models import Locality
from xuctien.core.permissions import permits
from xuctien.history import acting_as, snapshot
from xuctien.programmes import services
from xuctien.programmes.forms import ObservationForm
from xuctien.programmes.importers import ImportRejected, ImportResult, RowError
from xuctien.programmes.importers.workbook import ROW_KEY, build_workbook, read_workbook
from xuctien.programmes.models import Indicator, Observation, PeriodLock

SHEET = "observations"
COLUMNS = [
    "indicator",
    "period",
    "locality",
    "value",
    "value_high",
    "qualifier",
    "estimate",
    "source",
    "source_url",
    "note",
]


ACTIONS = ("create", "update", "unchanged")


@dataclass
class PlannedRow:
    """What importing one row will do: create a figure, correct one, or nothing."""

    row: int
    observation: Observation
    action: str  # "create" | "update" | "unchanged"


def template_workbook(user: Any = None):  # type: ignore[no-untyped-def]
    """The downloadable template: lists of codes, places, qualifiers, kinds and periods.

    With ``user``, the indicator list holds only the indicators that user may enter. The
    example row sits on a separate ``help`` sheet so that it is never imported as a figure.
    """
    indicators = services.indicators_for(user) if user is not None else Indicator.objects.all()
    codes = list(indicators.filter(formula="").values_list("code", flat=True))
    localities = list(Locality.objects.values_list("code", flat=True))
    choices = {
        (SHEET, "indicator"): codes or ["-"],
        (SHEET, "period"): _period_suggestions(),
        (SHEET, "locality"): localities or ["-"],
        (SHEET, "qualifier"): [c for c, _label in Observation._meta.get_field("qualifier").choices],
        (SHEET, "estimate"): [c for c, _label in Observation.Estimate.choices],
    }
    sheets = {SHEET: (COLUMNS, []), "help": _help_sheet(codes)}
    return build_workbook(sheets, choices, suggestions=frozenset({(SHEET, "period")}))


def _period_suggestions() -> list[str]:
    """Common periods for the dropdown; other canonical periods (2021/2025…) are accepted."""
    from django.utils import timezone

    this_year = timezone.now().year
    endings = ["", "-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-H2", "-6M", "-9M"]
    return [f"{year}{ending}" for year in range(this_year + 5, 2014, -1) for ending in endings]


def _help_sheet(codes: list[str]) -> tuple[list[str], list[list[str]]]:
    example = [
        codes[0] if codes else "INDICATOR_CODE", "2025", "", "12.5", "", "exact", "estimate",
        "Báo cáo KT-XH 2025", "https://…", "",
    ]  # fmt: skip
    meanings = [
        _("Indicator code (from the list)"),
        _("Period: 2024, 2024-Q3, 2024-H1, 2024-M06, 2024-9M or 2021/2025"),
        _("Locality code; blank for the whole province"),
        _("Value"),
        _("Upper value of a range (optional)"),
        _("Qualifier: exact, over, at_least, under, at_most, approx, nearly"),
        _("Kind of figure: final, provisional, estimate, forecast"),
        _("Source document"),
        _("Source URL"),
        _("Note"),
    ]
    header = [_("Column"), _("Meaning"), _("Example")]
    return header, [list(row) for row in zip(COLUMNS, meanings, example, strict=True)]


def rows_from_file(file: Any) -> list[dict[str, str]]:
    sheets = read_workbook(file)
    if SHEET in sheets:
        return sheets[SHEET]
    return next(iter(sheets.values()), [])


def plan(rows: list[dict[str, str]], user: Any) -> list[PlannedRow]:
    """Validate every row; raise ImportRejected with all the errors, or return the plan."""
    known = Lookups(rows, user)
    planned, errors = [], []
    for record in rows:
        number = int(record.get(ROW_KEY, 0))
        row_errors, planned_row = _plan_row(number, record, user, known)
        errors.extend(row_errors)
        if planned_row is not None:
            planned.append(planned_row)
    errors.extend(_duplicates(planned))
    if errors:
        raise ImportRejected(errors)
    return planned


def _plan_row(number: int, record: dict[str, str], user: Any, known: "Lookups"):  # type: ignore[no-untyped-def]
    existing = known.existing(record)
    before = snapshot(existing, Observation.history_exclude) if existing else None
    data = {column: record.get(column, "") for column in COLUMNS}
    if existing is not None:
        data["version"] = existing.version
    form = known.form(data, existing)
    if not form.is_valid():
        return _form_errors(number, form), None
    observation = form.save(commit=False)
    action = _action(before, observation)
    try:
        if action != "unchanged":
            _authorise(user, observation, before, known)
    except (PermissionDenied, ValidationError) as error:
        return [RowError(SHEET, number, "", _message(error))], None
    return [], PlannedRow(number, observation, action)


class Lookups:
    """Everything the rows name, read with one query per kind, not one per row.

    The indicators and places by code, the figures the rows may correct, the locked
    years of their programmes and which of those figures the user may change: the same
    answers the edit form and ``services.save_observation`` give for one figure.
    """

    def __init__(self, rows: list[dict[str, str]], user: Any) -> None:
        from xuctien.core import scope

        # The choices the form offers (narrowed to the provinces of the person acting).
        offered = ObservationForm().fields
        codes = {record.get("indicator") or "" for record in rows} - {""}
        self.indicators: dict[str, list[Indicator]] = {}
        found = offered["indicator"].queryset.select_related("province__locality")
        for indicator in _in_chunks(found, "code", codes):
            self.indicators.setdefault(indicator.code, []).append(indicator)
        self.provinces = set(scope.province_ids(user)) if scope.narrows(user) else set()
        self._chosen: dict[str, Indicator | None] = {}  # ``indicator(code)``, once per code
        self.agency: dict[int, Exception | None] = {}  # ``_check_agency``, once per indicator
        places = {record.get("locality") or "" for record in rows} - {""}
        self.localities: dict[str, list[Locality]] = {}
        for locality in _in_chunks(offered["locality"].queryset, "code", places):
            self.localities.setdefault(locality.code, []).append(locality)
        self._existing = self._read_existing(rows)
        self._taken: set[int] = set()
        programmes = {i.programme_id for found in self.indicators.values() for i in found}
        locks = PeriodLock.objects.filter(programme__in=programmes, is_locked=True)
        self.locks: dict[tuple[int, int], PeriodLock] = {}
        for lock in locks.select_related("locked_by"):
            self.locks.setdefault((lock.programme_id, lock.year), lock)
        self.may_add = permits(user, "add", Observation)
        self.forms: importing.RowForms | None = None
        self.blank: _ImportForm | None = None
        self.new_observation = history._builder(Observation)
        self.changeable = importing.permitted(
            Observation, user, "change", list(self._existing.values())
        )

    def form(self, data: dict, existing: Observation | None) -> "_ImportForm":
        """The row's form: for a figure already stored, built for it; for a new one, the
        form of the file's first new figure bound again to this row (as the projects
        register does, decision 0033): what its ``__init__`` set is the same for every
        new figure (no initial values, the fields shared by every row's form). A stored
        figure's form sets the shared fields its own way (its version is required): the
        next new figure's form is then built anew."""
        if existing is not None:
            self.blank = None
            return _ImportForm(data=data, instance=existing, known=self)
        if self.blank is None:
            self.blank = _ImportForm(data=data, instance=None, known=self)
            return self.blank
        return self.blank.bind(data, self.new_observation())

    def indicator(self, code: Any) -> Indicator | None:
        """The entered indicator with this code among those the form offers; where codes
        repeat (one per province), the one of the user's provinces."""
        if not isinstance(code, str):
            return None
        if code not in self._chosen:
            found = self.indicators.get(code)
            if found and len(found) > 1:
                found = [i for i in found if i.province_id in self.provinces]
            self._chosen[code] = found[0] if found and len(found) == 1 else None
        return self._chosen[code]

    def locality(self, code: Any, indicator: Indicator | None) -> Locality | None:
        """The place with this code, the one in the indicator's province first."""
        found = self.localities.get(code) if isinstance(code, str) else None
        if not found:
            return None
        own = [p for p in found if indicator is not None and p.province_id == indicator.province_id]
        return (own or found)[0]

    def _key(self, record: dict[str, str]) -> tuple | None:
        from xuctien.programmes.periods import PeriodError, parse_period

        try:
            period = str(parse_period(record.get("period", "")))
        except PeriodError:
            return None
        indicator = self.indicator(record.get("indicator", ""))
        if indicator is None:
            return None
        if record.get("locality"):
            locality = self.locality(record["locality"], indicator)
            place = locality.pk if locality is not None else None
        else:  # a blank place is the whole province: the province of the figure's indicator
            place = indicator.province.locality_id
        if place is None:
            return None
        estimate = record.get("estimate") or Observation.Estimate.FINAL
        return (indicator.pk, period, place, estimate, record.get("source_url", ""))

    def _read_existing(self, rows: list[dict[str, str]]) -> dict[tuple, Observation]:
        keys = {key for key in map(self._key, rows) if key is not None}
        indicators = {key[0] for key in keys}
        periods = {key[1] for key in keys}
        existing: dict[tuple, Observation] = {}
        by_id = {i.pk: i for found in self.indicators.values() for i in found}
        places = {p.pk: p for found in self.localities.values() for p in found}
        places.update({i.province.locality_id: i.province.locality for i in by_id.values()})
        for ids in importing.chunks(sorted(indicators)):
            figures = Observation.objects.filter(
                indicator__in=ids, period__in=periods, zone=None
            ).order_by(*Observation._meta.ordering)
            for o in figures:
                key = (o.indicator_id, o.period, o.locality_id, o.estimate, o.source_url)
                if key in keys and key not in existing:
                    existing[key] = o
                    o.indicator = by_id[o.indicator_id]  # read above: no query per figure
                    if o.locality_id in places:
                        o.locality = places[o.locality_id]
        return existing

    def existing(self, record: dict[str, str]) -> Observation | None:
        """The figure this row corrects: same indicator, period, place, kind and source."""
        key = self._key(record)
        found = self._existing.get(key) if key is not None else None
        if found is not None:
            if found.pk in self._taken:  # a second row for the same figure: its own copy
                return copy.copy(found)
            self._taken.add(found.pk)
        return found

    def check_unlocked(self, observation: Observation, before: dict | None) -> None:
        """``services.check_unlocked`` from the locks read once: the year the figure moves
        to, or the one it leaves."""
        observation.set_period_fields()
        programme = observation.indicator.programme_id
        places = {(programme, observation.year)}
        if before is not None:
            places.add((programme, before.get("year")))
        for place in sorted(places):
            lock = self.locks.get(place)
            if lock is not None:
                raise ValidationError(services.locked_message(lock), code="locked")


def _in_chunks(queryset: Any, field: str, values: set[str]) -> list[Any]:
    return [
        record
        for part in importing.chunks(sorted(values))
        for record in queryset.filter(**{f"{field}__in": part})
    ]


class _ImportForm(importing.RowFormMixin, ObservationForm):
    """The edit form, its indicator and place found among those read for the whole file."""

    def __init__(self, *args: Any, known: Lookups, **kwargs: Any) -> None:
        super().__init__(*args, known=known, **kwargs)
        self.fields["indicator"].to_python = self._indicator  # type: ignore[method-assign]
        self.fields["locality"].to_python = self._locality  # type: ignore[method-assign]

    def bind(self, data: dict, instance: Observation) -> "_ImportForm":
        """This form, for another new figure: its data and a new figure (the record its
        version is checked against, as ``VersionedForm`` takes it), nothing checked yet."""
        self.data, self.instance, self.record = data, instance, instance
        self._errors = None
        self._bound_fields_cache = {}
        self.__dict__.pop("cleaned_data", None)
        return self

    def _get_validation_exclusions(self) -> set[str]:
        """The indicator and the place were just read from the database: the model need
        not ask again, row by row, whether they exist."""
        return {*super()._get_validation_exclusions(), "indicator", "locality"}

    def _choice(self, name: str, value: Any, find: Any) -> Any:
        """``ModelChoiceField.to_python`` with the record from ``find``, same messages."""
        field = self.fields[name]
        if value in field.empty_values:
            return None
        field.validate_no_null_characters(value)
        found = find(value)
        if found is None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found

    def _indicator(self, value: Any) -> Indicator | None:
        return self._choice("indicator", value, self.known.indicator)

    def _locality(self, value: Any) -> Locality | None:
        indicator = self.cleaned_data.get("indicator")
        return self._choice("locality", value, lambda code: self.known.locality(code, indicator))


def _action(before: dict | None, observation: Observation) -> str:
    if before is None:
        return "create"
    after = snapshot(observation, Observation.history_exclude)
    return "unchanged" if after == before else "update"


def _authorise(user: Any, observation: Observation, before: dict | None, known: Lookups) -> None:
    """``services.save_observation``'s checks, from what was read for the whole file."""
    allowed = known.may_add if observation._state.adding else observation.pk in known.changeable
    if not allowed:
        raise PermissionDenied(_("You may not enter figures for this indicator."))
    indicator = observation.indicator_id
    if indicator not in known.agency:  # the same answer for every figure of an indicator
        try:
            services._check_agency(user, observation)
            known.agency[indicator] = None
        except PermissionDenied as error:
            known.agency[indicator] = error
    if known.agency[indicator] is not None:
        raise known.agency[indicator]
    known.check_unlocked(observation, before)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_errors(number: int, form: ObservationForm) -> list[RowError]:
    return [
        RowError(SHEET, number, "" if field == "__all__" else field, message)
        for field, messages in form.errors.items()
        for message in messages
    ]


def _duplicates(planned: list[PlannedRow]) -> list[RowError]:
    seen: dict[tuple, int] = {}
    errors = []
    for item in planned:
        o = item.observation
        key = (o.indicator_id, o.period, o.locality_id, o.estimate, o.source_url)
        if key in seen:
            message = _("The same figure is already on row %(row)s.") % {"row": seen[key]}
            errors.append(RowError(SHEET, item.row, "period", message))
        seen.setdefault(key, item.row)
    return errors


@importing.in_one_go
def import_rows(rows: list[dict[str, str]], user: Any, submit: bool = True) -> ImportResult:
    """Validate, then write every row in one transaction (or raise ImportRejected).

    The rows are written together (``importing.bulk_write``), with one history entry for
    the import that lists every figure created or corrected (decision 0029).
    """
    planned = plan(rows, user)
    result = ImportResult()
    created, updated = [], []
    for item in planned:
        if item.action == "unchanged":
            result.unchanged += 1
            continue
        services.set_entry_status(user, item.observation, submit)
        item.observation.set_period_fields()
        (created if item.action == "create" else updated).append(item.observation)
    result.created, result.updated = len(created), len(updated)
    label = _("Figures import: %(created)s created, %(updated)s corrected") % {
        "created": result.created,
        "updated": result.updated,
    }
    with transaction.atomic(), acting_as(user):
        importing.bulk_write(Observation, created, updated, label)
    return result
