"""Import of a projects register from Excel: all rows or none, an error per bad row.

Columns (a header row, in Vietnamese or English; order free): IRC number, IRC date,
project, investor, country, VSIC code, zone, locality, land ha, registered capital,
currency, jobs, stage. Each row is validated by ``ProjectForm``, the edit page's form.
A row updates the project with its IRC number, or creates it; a field already equal is
left alone, so importing the same file twice changes nothing and writes no history.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from xuctien import importing
from xuctien.core.models import Locality, Zone
from xuctien.investments import services
from xuctien.investments.countries import code_for
from xuctien.investments.forms import ProjectForm
from xuctien.investments.models import CapitalEvent, Investor, Project, Sector, Stage

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
    for number, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
        raw = {key: _cell(cells, index) for key, index in header.items()}
        if not any(v not in (None, "") for v in raw.values()):
            continue
        _validate_row(plan, number, raw, seen)
    return plan


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


def _validate_row(plan: ImportPlan, number: int, raw: dict, seen: dict[str, int]) -> None:
    errors: list[RowError] = []
    irc = str(raw.get("irc_number") or "").strip()
    if irc and irc in seen:
        errors.append(
            RowError(
                number, _("IRC number"), _("Same IRC number as row %(row)s.") % {"row": seen[irc]}
            )
        )
    seen.setdefault(irc, number)
    data, more = _form_data(raw, number, errors)
    existing = _existing(irc, str(raw.get("name") or "").strip())
    form = ProjectForm(data, instance=existing)
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


def _form_data(raw: dict, number: int, errors: list[RowError]) -> tuple[dict, dict]:
    """The form's data from the row's cells, and the parts the form does not cover."""
    data = {
        "name": raw.get("name") or "",
        "irc_number": str(raw.get("irc_number") or ""),
        "irc_date": _date(raw.get("irc_date")),
        "land_ha": _text(raw.get("land_ha")),
        "jobs_planned": _text(raw.get("jobs")),
    }
    known = [c for c in (_country(t) for t in _split(raw.get("country"))) if c]
    if "fdi" in raw:  # the export says so in its own column ("yes"/"có")
        data["fdi"] = "on" if _yes(raw.get("fdi")) else ""
    elif known:  # no known country says nothing about FDI: leave it as it is
        data["fdi"] = "on" if any(c != "VN" for c in known) else ""
    data["sector"] = _lookup(Sector, raw.get("vsic"), ("code",), number, _("VSIC code"), errors)
    data["zone"] = _lookup(
        Zone, raw.get("zone"), ("code", "name_vi", "name_en"), number, _("Zone"), errors
    )
    if "place_text" in raw:
        data["place_text"] = _text(raw.get("place_text")).strip()
    data["locality"] = _lookup(
        Locality, raw.get("locality"), ("code", "name_vi", "name_en"), number, _("Locality"), errors
    )
    investors = _split(raw.get("investor"))
    countries = [_country(c) for c in _split(raw.get("country"), keep_empty=True)]
    more = {
        "investors": investors,
        "countries": countries,
        "capital": _money(raw.get("capital"), number, errors),
        "currency": _currency(raw.get("currency"), number, errors),
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


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _lookup(model, value, fields, number, column, errors) -> str:  # type: ignore[no-untyped-def]
    if value in (None, ""):
        return ""
    text = str(value).strip()
    query = Q()
    for name in fields:
        query |= Q(**{f"{name}__iexact": text})
    found = model.objects.filter(query).first()
    if found is None:
        errors.append(RowError(number, column, _("“%(value)s” is not known.") % {"value": text}))
        return ""
    return str(found.pk)


def _country(value: Any) -> str:
    return code_for(str(value or ""))


def _money(value: Any, number: int, errors: list[RowError]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        amount = Decimal(-1)
    if amount < 0:
        errors.append(RowError(number, _("Registered capital"), _("Enter a positive amount.")))
        return None
    return amount


def _currency(value: Any, number: int, errors: list[RowError]) -> str:
    text = str(value or "VND").strip().upper()
    if text not in ("VND", "USD"):
        errors.append(RowError(number, _("Currency"), _("Use VND or USD.")))
    return text


def _stage(value: Any, number: int, errors: list[RowError]) -> str:
    if value in (None, ""):
        return Stage.IRC_ISSUED
    text = str(value).strip().lower()
    for language in ("vi", "en"):
        with translation.override(language):
            for stage in Stage:
                if text in (stage.value, str(stage.label).lower()):
                    return stage.value
    errors.append(RowError(number, _("Stage"), _("Unknown stage “%(value)s”.") % {"value": value}))
    return ""


def apply(plan: ImportPlan, user: Any) -> ImportResult:
    """Write a valid plan, all rows in one transaction."""
    if not plan.ok:
        raise ValueError("An import with errors writes nothing.")
    result = ImportResult()
    with transaction.atomic():
        for row in plan.rows:
            outcome = _apply_row(row, user)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


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
