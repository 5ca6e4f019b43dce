"""Import of a projects register from Excel: all rows or none, an error per bad row.

Columns (a header row, in Vietnamese or English; order free): IRC number, IRC date,
project, investor, country, VSIC code, zone, locality, land ha, registered capital,
currency, jobs, stage. Each row is validated by ``ProjectForm``, the edit page's form.
A row updates the project with its IRC number, or creates it; a field already equal is
left alone, so importing the same file twice changes nothing and writes no history.
"""

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuctien import history, importing
from xuctien.core import bounds, search
from xuctien.core.models import Locality, Zone
from xuctien.investments import services
from xuctien.investments.countries import code_for
from xuctien.investments.forms import ProjectForm
from xuctien.investments.models import (
    CapitalEvent,
    Currency,
    ExchangeRate,
    Investor,
    Project,
    Sector,
    Stage,
    StageChange,
)
from xuctien.investments.stages import POST_IRC

COLUMNS = {
    "irc_number": ("irc number", "số gcnđkđt", "số giấy chứng nhận", "irc"),
    "irc_date": ("irc date", "ngày cấp", "ngày cấp gcnđkđt"),
    "name": ("project", "dự án", "tên dự án"),
    "investor": ("investor", "nhà đầu tư"),
    "country": ("country", "quốc gia"),
    "vsic": ("vsic code", "vsic", "mã vsic", "ngành vsic"),
    "zone": ("zone", "kcn", "khu", "khu/kcn/ccn"),
    "locality": ("locality", "địa phương"),
    "place_text": ("place as published", "địa điểm theo văn bản"),
    "fdi": ("fdi",),
    "land_ha": ("land ha", "land (ha)", "diện tích (ha)", "đất (ha)"),
    "capital": ("registered capital", "vốn đăng ký"),
    "currency": ("currency", "tiền tệ", "đơn vị tiền"),
    "jobs": ("jobs", "lao động", "việc làm"),
    "stage": ("stage", "giai đoạn"),
}
REQUIRED = ("name",)
#: The form field each column fills, where the names differ.
FIELDS = {"jobs": "jobs_planned", "vsic": "sector", "country": "fdi", "fdi": "fdi"}
#: What the export writes for "none" (a country not known, for instance).
NONE = {"—", "-", "–"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    """One valid row, ready to apply."""

    number: int
    values: dict[str, Any]
    investors: list[str]
    countries: list[str]
    capital: Decimal | None
    currency: str
    stage: str
    exists: bool = False


@dataclass
class ImportPlan:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing_columns


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@importing.in_one_go
def read(file: Any) -> ImportPlan:
    """Parse and validate a register (a path or a file object) without writing anything.

    Raises ``SpreadsheetError`` for a file that is not a spreadsheet or is beyond bounds.
    The header is found through ``xuctien.importing`` by the names above, or by the titles
    of the projects export in either language, so that every export imports again.
    """
    rows = importing.read_rows(file)[0].rows
    found = importing.find_header(rows, _columns(), ("name",)) or (0, {})
    header_index, header = found
    plan = ImportPlan(missing_columns=[c for c in ("name",) if c not in header])
    if plan.missing_columns:
        return plan
    seen: dict[str, int] = {}
    raws = []
    for number, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
        raw = {key: _cell(cells, index) for key, index in header.items()}
        if any(v not in (None, "") for v in raw.values()):
            raws.append((number, raw))
    known = Known([raw for _number, raw in raws])
    for number, raw in raws:
        _validate_row(plan, number, raw, seen, known)
    return plan


class Known:
    """What the rows name, read once for the whole file instead of once per row: the
    sectors, zones and places (by code or name, as ``_lookup`` finds them), and the
    projects the rows mean (``_existing``)."""

    def __init__(self, raws: list[dict]) -> None:
        self.names: dict[Any, dict[str, Any]] = {}  # read at the first ``lookup`` of a kind
        ircs = {str(raw.get("irc_number") or "").strip() for raw in raws} - {""}
        self.by_irc: dict[str, Project] = {}
        links = ("investors", "priority_groups")  # the form's initial values
        related = ("sector", "zone__province", "locality__province", "owner")
        for part in importing.chunks(sorted(ircs)):
            found = Project.objects.filter(irc_number__in=part).select_related(*related)
            for project in found.prefetch_related(*links):
                self.by_irc[project.irc_number] = project
        names = {
            str(raw.get("name") or "").strip().upper()
            for raw in raws
            if not str(raw.get("irc_number") or "").strip()
        } - {""}
        # ``name__iexact`` for every name at once; upper case in Python, as the database's
        # own upper() may know only ASCII (SQLite; PostgreSQL under the C locale).
        self.by_name: dict[str, list[Project]] = {}
        leads = Project.objects.filter(irc_number__isnull=True)
        # Every lead's name is read only for a file with rows that have no IRC number: the
        # nation's leads are tens of thousands of names.
        pairs = leads.values_list("pk", "name") if names else []
        wanted = [pk for pk, name in pairs if name.upper() in names]
        for part in importing.chunks(wanted):
            found = leads.filter(pk__in=part).select_related(*related)
            for project in found.prefetch_related(*links):
                self.by_name.setdefault(project.name.upper(), []).append(project)
        self.forms: importing.RowForms | None = None
        self.blank: _RowForm | None = None
        self.new_project = history._builder(Project)

    def form(self, data: dict, existing: Project | None) -> "_RowForm":
        """The row's form: for a project already stored, built for it; for a new one, the
        form of the file's first new project bound again to this row (decision 0033)."""
        if existing is not None:
            self.blank = None  # its ``__init__`` set the shared fields for its project
            return _RowForm(data, instance=existing, known=self)
        if self.blank is None:
            self.blank = _RowForm(data, instance=self.new_project(), known=self)
            return self.blank
        return self.blank.bind(data, self.new_project())

    def lookup(self, model: Any, text: str) -> Any:
        if model not in self.names:
            self.names[model] = _by_name(model, _NAMED_BY[model])
        return self.names[model].get(text.upper())

    def existing(self, irc: str, name: str) -> Project | None:
        """``_existing`` from what was read: by IRC number, else by a name only one lead has."""
        if irc:
            return self.by_irc.get(irc)
        candidates = self.by_name.get(name.upper(), [])
        return candidates[0] if len(candidates) == 1 else None


#: The fields a row's cell may name a sector, zone or place by (``_lookup``).
_NAMED_BY = {
    Sector: ("code",),
    Zone: ("code", "name_vi", "name_en"),
    Locality: ("code", "name_vi", "name_en"),
}


def _by_name(model: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """Each code and name (upper case, as ``iexact`` compares) -> the first record, in the
    order ``.first()`` takes, that has it."""
    found: dict[str, Any] = {}
    queryset = model.objects.all()
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    if hasattr(model, "province"):
        queryset = queryset.select_related("province")
    for record in queryset:
        for name in fields:
            value = getattr(record, name)
            if value:
                found.setdefault(str(value).upper(), record)
    return found


class _RowForm(importing.RowFormMixin, ProjectForm):
    """The edit page's form, for one row: its choices found among what was read for the
    whole file, its fields shared with the other rows' forms (``importing.RowForms``)."""

    def __init__(self, *args: Any, known: Known, **kwargs: Any) -> None:
        super().__init__(*args, known=known, **kwargs)
        for name in ("sector", "zone", "locality"):
            self.fields[name].to_python = self._chosen(name)  # type: ignore[method-assign]

    def bind(self, data: dict, instance: Project) -> "_RowForm":
        """This form, for another new project: its data and a new project, nothing checked
        yet. What ``__init__`` set is the same for every new project (its initial values:
        a new project's defaults; its fields: shared by every row's form, ``RowForms``)."""
        self.data, self.instance = data, instance
        self._errors = None
        self._bound_fields_cache = {}
        self.__dict__.pop("cleaned_data", None)
        return self

    def _chosen(self, name: str) -> Any:
        field = self.fields[name]

        def to_python(value: Any) -> Any:
            if value in field.empty_values:
                return None
            record = value if isinstance(value, field.queryset.model) else None
            if record is None or record.pk not in self._offered(name):
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": getattr(record, "pk", value)},
                )
            return record

        return to_python

    def _offered(self, name: str) -> set:
        """The records the form's choice offers the person (narrowed to their provinces)."""
        offered = self.known.__dict__.setdefault("offered", {})
        if name not in offered:
            offered[name] = set(self.fields[name].queryset.values_list("pk", flat=True))
        return offered[name]

    def _get_validation_exclusions(self) -> set[str]:
        """The sector, zone and place were just read from the database: the model need
        not ask again, row by row, whether they exist."""
        return {*super()._get_validation_exclusions(), "sector", "zone", "locality"}

    def validate_unique(self) -> None:
        """The only unique field a row sets is the IRC number, and a row with an IRC number
        edits the project that has it (``Known.existing``); two rows with one number are
        refused before this (``_validate_row``). Nothing left to ask the database."""


def _columns() -> dict[str, tuple[str, ...]]:
    """Each field's header names: the list above and the export's titles, in both languages."""
    from xuctien.investments.exports import _public_columns

    titles = {
        "name": "Project",
        "investor": "Investors",
        "country": "Country",
        "vsic": "VSIC",
        "zone": "Zone",
        "place_text": "Place as published",
        "stage": "Stage",
        "irc_number": "IRC number",
        "irc_date": "IRC date",
        "capital": "Registered capital (VND)",
        "jobs": "Jobs planned",
        "fdi": "FDI",
    }
    columns = {key: [key.replace("_", " "), *aliases] for key, aliases in COLUMNS.items()}
    for language in ("vi", "en"):
        with translation.override(language):
            exported = {str(title) for title, _get in _public_columns()}
            for key, title in titles.items():
                translated = str(_(title))
                if translated in exported:
                    columns[key].append(translated)
    return {key: tuple(names) for key, names in columns.items()}


def _cell(cells: tuple, index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    return value.strip() if isinstance(value, str) else value


def _validate_row(
    plan: ImportPlan, number: int, raw: dict, seen: dict[str, int], known: Known
) -> None:
    errors: list[RowError] = []
    irc = str(raw.get("irc_number") or "").strip()
    if irc and irc in seen:
        errors.append(
            RowError(
                number, _("IRC number"), _("Same IRC number as row %(row)s.") % {"row": seen[irc]}
            )
        )
    seen.setdefault(irc, number)
    data, more = _form_data(raw, number, errors, known)
    existing = known.existing(irc, str(raw.get("name") or "").strip())
    form = known.form(data, existing)
    form.fields["investors"].required = False
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = str(form.fields[name].label) if name in form.fields else name
            errors.extend(RowError(number, label, str(m)) for m in messages)
    if errors:
        plan.errors.extend(errors)
        return
    present = {FIELDS.get(key, key) for key in raw}  # a column the file lacks changes nothing
    values = {k: form.cleaned_data[k] for k in data if k in form.cleaned_data and k in present}
    plan.rows.append(Row(number=number, values=values, exists=existing is not None, **more))


def _existing(irc: str, name: str) -> Project | None:
    """The project a row means: by its IRC number, or (a lead without one) by its name."""
    if irc:
        return Project.objects.filter(irc_number=irc).first()
    candidates = Project.objects.filter(irc_number__isnull=True, name__iexact=name)
    return candidates.first() if candidates.count() == 1 else None


def _form_data(raw: dict, number: int, errors: list[RowError], known: Known) -> tuple[dict, dict]:
    """The form's data from the row's cells, and the parts the form does not cover."""
    data = {
        "name": raw.get("name") or "",
        "irc_number": str(raw.get("irc_number") or ""),
        "irc_date": _date(raw.get("irc_date")),
        "land_ha": _number_text(raw.get("land_ha")),
        "jobs_planned": _number_text(raw.get("jobs")),
    }
    stated = [c for c in (_country(t) for t in _split(raw.get("country"))) if c]
    if "fdi" in raw:  # the export says so in its own column ("yes"/"có")
        data["fdi"] = "on" if _yes(raw.get("fdi")) else ""
    elif stated:  # no known country says nothing about FDI: leave it as it is
        data["fdi"] = "on" if any(c != "VN" for c in stated) else ""
    data["sector"] = _lookup(
        known, Sector, raw.get("vsic"), number, gettext_lazy("VSIC code"), errors
    )
    data["zone"] = _lookup(known, Zone, raw.get("zone"), number, gettext_lazy("Zone"), errors)
    if "place_text" in raw:
        data["place_text"] = _text(raw.get("place_text")).strip()
    data["locality"] = _lookup(
        known, Locality, raw.get("locality"), number, gettext_lazy("Locality"), errors
    )
    investors = _split(raw.get("investor"))
    countries = [_country(c) for c in _split(raw.get("country"), keep_empty=True)]
    currency, scale = _currency(raw.get("currency"), number, errors)
    more = {
        "investors": investors,
        "countries": countries,
        "capital": _money(raw.get("capital"), number, errors, scale),
        "currency": currency,
        "stage": _stage(raw.get("stage"), number, errors),
    }
    for text, code in zip(_split(raw.get("country"), keep_empty=True), countries, strict=True):
        if text and not code:
            errors.append(
                RowError(number, _("Country"), _("Unknown country “%(value)s”.") % {"value": text})
            )
    return {k: v for k, v in data.items() if v is not None}, more


def _yes(value: Any) -> bool:
    words = set()
    for language in ("vi", "en"):
        with translation.override(language):
            words.add(str(_("yes")).lower())
    return str(value or "").strip().lower() in words | {"1", "true", "x"}


def _split(value: Any, keep_empty: bool = False) -> list[str]:
    """ "A; B" -> ["A", "B"]: the export joins a project's investors (and countries) so.

    With ``keep_empty`` a "—" (none) stays in its place as "", to pair with its investor.
    """
    parts = ["" if p.strip() in NONE else p.strip() for p in str(value or "").split(";")]
    if keep_empty:
        return parts if any(parts) else []
    return [part for part in parts if part]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number_text(value: Any) -> str:
    """A number cell for the form: thousands grouped as the exports write them ("2,188") read
    as the number (``importing.number_text``); anything else left for the form to refuse."""
    text = _text(value).strip()
    if importing.THOUSANDS.match(text):
        return text.replace(",", "")
    return text


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _lookup(known, model, value, number, column, errors) -> Any:  # type: ignore[no-untyped-def]
    """The record a cell names by its code or name (accents kept, case aside); "" if none."""
    if value in (None, ""):
        return ""
    text = str(value).strip()
    found = known.lookup(model, text)
    if found is None:
        message = _("“%(value)s” is not known.") % {"value": text}
        errors.append(RowError(number, str(column), message))  # the column's name translated now
        return ""
    return found


def _country(value: Any) -> str:
    return _country_code(str(value or ""))


@functools.lru_cache(maxsize=4096)
def _country_code(text: str) -> str:
    """``code_for``, asked once per text (a register names a few countries, row after row;
    a name is matched by folding every country's name in both languages)."""
    return code_for(text)


def _money(value: Any, number: int, errors: list[RowError], scale: int = 1) -> Decimal | None:
    """The registered capital in its currency's units: the cell times ``scale`` (a million
    for a currency cell of "USD million")."""
    if value in (None, ""):
        return None
    try:
        amount = Decimal(value) if isinstance(value, int) else importing.number_text(str(value))
    except InvalidOperation:
        errors.append(RowError(number, _("Registered capital"), importing.not_a_number(value)))
        return None
    if amount < 0:
        errors.append(RowError(number, _("Registered capital"), _("Enter a positive amount.")))
        return None
    return amount * scale if scale != 1 else amount


def _currency(value: Any, number: int, errors: list[RowError]) -> tuple[str, int]:
    """The currency a cell names and the unit its amounts are in: ("USD", 1) for "USD",
    ("USD", 1,000,000) for "USD million" or "triệu USD", ("VND", 10⁹) for "tỷ đồng"."""
    found = _currency_named(str(value or "VND"))
    if found is None:
        message = _(
            "Use VND or USD, with the unit if the amounts are in one (“USD million”, “bn VND”)."
        )
        errors.append(RowError(number, _("Currency"), message))
        return str(value).strip().upper(), 1
    return found


#: The words of a currency cell, folded (``search.fold``: lower case, no accents, "đ" as "d").
_CURRENCY_WORDS = {"usd": "USD", "us$": "USD", "vnd": "VND", "dong": "VND", "d": "VND"}
_UNIT_WORDS = {
    "nghin": 10**3,
    "ngan": 10**3,
    "thousand": 10**3,
    "trieu": 10**6,
    "million": 10**6,
    "mn": 10**6,
    "ty": 10**9,
    "ti": 10**9,
    "billion": 10**9,
    "bn": 10**9,
}


@functools.lru_cache(maxsize=256)
def _currency_named(text: str) -> tuple[str, int] | None:
    """(currency, unit) of a currency cell whose every word is known, one currency among
    them; None for anything else ("EUR", "USD or VND", "million"). "nghìn tỷ đồng" is 10¹²."""
    words = search.fold(text).replace("(", " ").replace(")", " ").split()
    currencies = [_CURRENCY_WORDS[w] for w in words if w in _CURRENCY_WORDS]
    units = [_UNIT_WORDS[w] for w in words if w in _UNIT_WORDS]
    if len(currencies) != 1 or len(currencies) + len(units) != len(words):
        return None
    return currencies[0], math.prod(units)


def _stage(value: Any, number: int, errors: list[RowError]) -> str:
    if value in (None, ""):
        return Stage.IRC_ISSUED
    found = _stage_named(str(value).strip().lower())
    if found:
        return found
    errors.append(RowError(number, _("Stage"), _("Unknown stage “%(value)s”.") % {"value": value}))
    return ""


@functools.lru_cache(maxsize=256)
def _stage_named(text: str) -> str:
    """The stage a cell names by its code or its label in either language; "" if none."""
    for language in ("vi", "en"):
        with translation.override(language):
            for stage in Stage:
                if text in (stage.value, str(stage.label).lower()):
                    return stage.value
    return ""


@importing.in_one_go
def apply(plan: ImportPlan, user: Any) -> ImportResult:
    """Write a valid plan, all rows in one transaction.

    New projects are written together (``importing.bulk_write``: one history batch with
    every project, stage change, capital event and new investor); a row whose project is
    already as it says is recognised from what was read once for the file; a row that
    changes a project goes through the services, as an edit on its page does.
    """
    if not plan.ok:
        raise ValueError("An import with errors writes nothing.")
    result = ImportResult()
    with transaction.atomic(), history.acting_as(user), importing.streamed():
        stored = _Stored(plan.rows)
        fresh, later = [], []
        names: set[str] = set()
        for row in plan.rows:
            project = stored.existing(row)
            if project is not None:
                if stored.unchanged(project, row):
                    result.unchanged += 1
                else:
                    later.append(row)
            elif row.values.get("irc_number") or row.values["name"].upper() not in names:
                names.add(row.values["name"].upper())
                fresh.append(row)
            else:  # a second lead of one name: it finds the first once that is written
                later.append(row)
        result.created = _create_all(fresh, user, stored)
        for row in later:
            outcome = _apply_row(row, user)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


class _Stored:
    """The projects the rows name, their investors and registered capital, and every
    investor by name: read once for the file."""

    def __init__(self, rows: list[Row]) -> None:
        known = Known([{"irc_number": r.values.get("irc_number"), **r.values} for r in rows])
        self.known = known
        projects = [*known.by_irc.values(), *(p for ps in known.by_name.values() for p in ps)]
        self.links: dict[int, set[int]] = {}
        self.registrations: dict[int, CapitalEvent] = {}
        through = Project.investors.through
        for part in importing.chunks([p.pk for p in projects]):
            for project_id, investor_id in through.objects.filter(project__in=part).values_list(
                "project_id", "investor_id"
            ):
                self.links.setdefault(project_id, set()).add(investor_id)
            events = CapitalEvent.objects.filter(
                project__in=part, kind=CapitalEvent.Kind.REGISTRATION
            )
            for event in events.order_by(*CapitalEvent._meta.ordering or ["pk"]):
                self.registrations.setdefault(event.project_id, event)
        # ``Investor.objects.filter(name__iexact=…).first()`` for every name at once.
        self.investors: dict[str, int] = {}
        for pk, name in Investor.objects.order_by(*Investor._meta.ordering or ["pk"]).values_list(
            "pk", "name"
        ):
            self.investors.setdefault(name.upper(), pk)

    def existing(self, row: Row) -> Project | None:
        return self.known.existing(row.values.get("irc_number") or "", row.values["name"])

    def unchanged(self, project: Project, row: Row) -> bool:
        """What ``_apply_row`` would find: no field, stage, investor or capital to change."""
        if any(getattr(project, k) != v for k, v in row.values.items()):
            return False
        if row.stage != project.stage:
            return False
        linked = self.links.get(project.pk, set())
        for name in row.investors:
            if self.investors.get(name.upper()) not in linked:
                return False
        if row.capital is None:
            return True
        current = self.registrations.get(project.pk)
        if current and current.amount == row.capital and current.currency == row.currency:
            return True
        return row.currency == "VND" and project.capital_vnd == row.capital


def _create_all(rows: list[Row], user: Any, stored: _Stored) -> int:
    """``_apply_row`` for rows that create their project, for all of them at once: what
    ``services.register_project`` and ``services.add_capital_event`` do, in bulk."""
    if not rows:
        return 0
    services._require(user, "add", Project)
    by = services._by(user)
    today = timezone.localdate()
    label = _("Projects register import: %(count)s projects") % {"count": len(rows)}
    new_investors: dict[str, Investor] = {}
    for row in rows:
        for index, name in enumerate(row.investors):
            if name.upper() not in stored.investors and name.upper() not in new_investors:
                country = row.countries[index] if index < len(row.countries) else ""
                new_investors[name.upper()] = Investor(name=name, country=country)
    projects, events, rates = [], [], {}
    answers: _Answers = {}
    # ``Project(…)`` and ``CapitalEvent(…)`` from a template of each (``history._builder``),
    # their related records set as ``__init__`` sets them (the descriptors).
    new_project, new_event = history._builder(Project), history._builder(CapitalEvent)
    for row in rows:
        on = row.values.get("irc_date") or today
        project = new_project(name=row.values["name"], stage=row.stage, stage_since=on)
        project.owner = by
        for key, value in row.values.items():
            if key != "name":
                setattr(project, key, value)
        if row.stage in POST_IRC and project.irc_date is None:
            project.irc_date = on
        services._check_zone(user, project)
        if project.province_id is None:
            project.province = project.inherited_province()
        projects.append(project)
        events.append(_registration(project, row, rates, answers, new_event))
        # The row's own fields were checked by its form (the model's checks too, in
        # ``_post_clean``): only what was set here is checked again (decision 0032).
        _check_fields(project, ("stage", "stage_since", "irc_date", "capital_vnd"), answers)
    # All or nothing as a whole (``apply``'s transaction): no savepoint per table. Under
    # ``importing.streamed``, what Python makes between two writes is made while the
    # database inserts the rows of the first: the queries come after it.
    batch = importing.bulk_write(Project, projects, [], label, savepoint=False)
    change = history._builder(StageChange)
    by_id = getattr(by, "pk", None)
    changes = [
        _of(change(project_id=p.pk, to_stage=p.stage, date=p.stage_since, by_id=by_id), p)
        for p in projects
    ]
    for event, project in zip(events, projects, strict=True):
        if event is not None:
            event.project_id = project.pk  # which forgets the project: held again
            _of(event, project)
    importing.bulk_write(Investor, list(new_investors.values()), [], label, batch, False)
    stored.investors.update({key: investor.pk for key, investor in new_investors.items()})
    links, linked = [], []
    through = Project.investors.through
    link = history._builder(through)
    for project, row in zip(projects, rows, strict=True):
        ids = list(dict.fromkeys(stored.investors[name.upper()] for name in row.investors))
        links.extend(link(project_id=project.pk, investor_id=pk) for pk in ids)
        if ids:
            linked.append((project, history.UPDATE, {"investors": []}, {"investors": sorted(ids)}))
    if user is not None:
        capitalised = [p for p, e in zip(projects, events, strict=True) if e is not None]
        allowed = importing.permitted(Project, user, "change", capitalised)
        if any(p.pk not in allowed for p in capitalised):
            raise PermissionDenied(_("You may not do this."))
    importing.insert_rows(through, links, ids=False)  # nobody reads a link's id back
    history.record_batch(Project, label, linked, batch)
    importing.bulk_write(StageChange, changes, [], label, batch, False)
    importing.bulk_write(
        CapitalEvent, [e for e in events if e is not None], [], label, batch, False
    )
    return len(projects)


def _of(record: Any, project: Project) -> Any:
    """The record with its project at hand (its ``__str__`` names it), as ``project=``
    would leave it, without a query per record."""
    record._state.fields_cache["project"] = project
    return record


#: ``Field.clean``'s answers for the values of one import: {(field, type, value): (ok,
#: answer)}. A model field's ``clean`` depends on its value only (decision 0033).
_Answers = dict[tuple[Any, type, Any], tuple[bool, Any]]


def _check_fields(record: Any, names: tuple[str, ...], answers: _Answers | None = None) -> None:
    """``record.clean_fields()`` for these fields alone: the others were checked already.
    With ``answers``, a value checked before for a field is not checked again."""
    errors: dict[str, list] = {}
    for name in names:
        model_field = record._meta.get_field(name)
        value = getattr(record, model_field.attname)
        if value in model_field.empty_values and model_field.blank:
            continue
        # Equal decimals may differ in their digits ("1.0", "1.000"), which the checks count.
        key = (model_field, type(value), str(value) if isinstance(value, Decimal) else value)
        if answers is None or key not in answers:
            try:
                found = (True, model_field.clean(value, record))
            except ValidationError as error:
                found = (False, error.error_list)
            if answers is None:
                answers = {}
            answers[key] = found
        ok, answer = answers[key]
        if ok:
            setattr(record, model_field.attname, answer)
        else:
            errors[name] = answer
    if errors:
        raise ValidationError(errors)


def _registration(
    project: Project,
    row: Row,
    rates: dict,
    answers: _Answers | None = None,
    new_event: Any = CapitalEvent,
) -> CapitalEvent | None:
    """The registered capital as ``services.add_capital_event`` records it on a new project;
    the project's ``capital_vnd`` set as ``services.refresh_capital`` would. ``new_event``:
    ``CapitalEvent`` or a builder of it (``history._builder``)."""
    if row.capital is None:
        return None
    bounds.check_amount(Decimal(row.capital), row.currency)
    event = new_event(
        kind=CapitalEvent.Kind.REGISTRATION,
        date=project.irc_date,
        amount=Decimal(row.capital),
        currency=row.currency,
    )
    event.project = project
    precision = services.date_precision(event)
    key = (event.currency, event.date, precision)
    if event.currency != Currency.VND and key not in rates:
        rates[key] = ExchangeRate.applicable(*key)
    if event.currency == Currency.VND:
        services.convert(event, None, precision)
    elif rates[key] is not None:
        event.exchange_rate = rates[key]
        event.rate_used = rates[key].rate
        event.amount_vnd = (event.amount * rates[key].rate).quantize(Decimal("0.01"))
    if event.amount_vnd is not None:
        bounds.check_amount(event.amount_vnd, "VND")
    # Its one constraint (amount >= 0) was checked above (``_money``, ``bounds``) and the
    # database keeps it too: not asked again with a query per event. Its kind, currency
    # (``_currency``) and date (the project's, checked by the row's form) are known good:
    # the amounts' digits are what is left to check.
    _check_fields(event, ("amount", "rate_used", "amount_vnd"), answers)
    project.capital_vnd = event.amount_vnd
    return event


def _apply_row(row: Row, user: Any) -> str:
    investors = _investors(row, user)
    project = _existing(row.values.get("irc_number") or "", row.values["name"])
    if project is None:
        project = services.register_project(
            user,
            name=row.values["name"],
            investors=investors,
            stage=row.stage,
            on=row.values.get("irc_date"),
            **{k: v for k, v in row.values.items() if k != "name"},
        )
        _capital(project, row, user)
        return "created"
    changed = _update(project, row, user)
    for investor in investors:
        changed |= _link(project, investor)
    changed |= _capital(project, row, user)
    return "updated" if changed else "unchanged"


def _update(project: Project, row: Row, user: Any) -> bool:
    changes = {k: v for k, v in row.values.items() if getattr(project, k) != v}
    if changes:
        project = services.update_project(user, project, **changes)
    if row.stage != project.stage:
        services.move_stage(user, project, row.stage, reason=_("Imported register"))
        return True
    return bool(changes)


def _investors(row: Row, user: Any) -> list[Investor]:
    found = []
    for index, name in enumerate(row.investors):
        country = row.countries[index] if index < len(row.countries) else ""
        investor = Investor.objects.filter(name__iexact=name).first()
        found.append(investor or Investor.objects.create(name=name, country=country))
    return found


def _link(project: Project, investor: Investor | None) -> bool:
    if investor is None or project.investors.filter(pk=investor.pk).exists():
        return False
    project.investors.add(investor)
    return True


def _capital(project: Project, row: Row, user: Any) -> bool:
    """Record the registered capital once; a different figure replaces the registration."""
    if row.capital is None:
        return False
    current = project.capital_events.filter(kind=CapitalEvent.Kind.REGISTRATION).first()
    if current and current.amount == row.capital and current.currency == row.currency:
        return False
    if row.currency == "VND" and project.capital_vnd == row.capital:
        return False  # the export's figure in VND, of a registration in another currency
    if current:
        current.delete()
    services.add_capital_event(
        user,
        project,
        kind=CapitalEvent.Kind.REGISTRATION,
        date=project.irc_date,
        amount=row.capital,
        currency=row.currency,
    )
    return True
