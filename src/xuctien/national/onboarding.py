"""Onboarding a province from one workbook (docs/province-workbook.md).

Sheets ``province``, ``places``, ``agencies`` and ``zones`` describe the province; the
programme sheets (docs/programme-workbook.md) follow, read by ``import_programme``, which
this wraps: everything is validated, then written in one transaction, or nothing is. A
second import of the same workbook changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuctien import importing
from xuctien.core.models import Agency, Locality, Province, Zone
from xuctien.history import acting_as
from xuctien.national.catalogue import load_catalogue
from xuctien.national.models import CatalogueIndicator, CatalogueMapping
from xuctien.programmes.importers import ImportRejected, ImportResult, RowError
from xuctien.programmes.importers.programme import SHEETS as PROGRAMME_SHEETS
from xuctien.programmes.importers.programme import import_programme
from xuctien.programmes.importers.upsert import upsert
from xuctien.programmes.importers.workbook import ROW_KEY, build_workbook, read_workbook
from xuctien.programmes.models import Indicator

PROVINCE_SHEETS = ("province", "places", "agencies", "zones")
OPTIONAL_PROGRAMME_SHEETS = ("solution_groups",)
#: First segments of the portal's own addresses (/portal/account/…): no province's slug.
RESERVED_SLUGS = frozenset(
    {
        "account",
        "manage",
        "images",
        "invitations",
        "sectors",
        "incentives",
        "zones",
        "opportunities",
        "contacts",
        "inquiry",
        "news",
    }
)
COLUMNS: dict[str, list[str]] = {
    "province": [
        "code",
        "slug",
        "name_vi",
        "name_en",
        "locality",
        "valid_from",
        "valid_to",
        "successor",
        "source_url",
        "note",
    ],
    "places": [
        "code",
        "name_vi",
        "name_en",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
        "source_url",
        "note",
    ],
    "agencies": [
        "code",
        "abbreviation",
        "aliases",
        "name_vi",
        "name_en",
        "kind",
        "valid_from",
        "valid_to",
        "successor",
        "head",
        "role",
        "role_en",
        "source_url",
        "note",
    ],
    "zones": [
        "code",
        "name_vi",
        "name_en",
        "kind",
        "parent",
        "locality",
        "total_area_ha",
        "industrial_land_ha",
        "leased_land_ha",
        "occupancy_note",
        "developer",
        "established",
        "status",
        "source_url",
        "note",
    ],
}


@dataclass
class ProvinceImport:
    """What an import did: the province and the counts of records per outcome."""

    province: Province | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    programme: ImportResult = field(default_factory=ImportResult)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def totals(self) -> tuple[int, int, int]:
        p = self.programme
        return (self.created + p.created, self.updated + p.updated, self.unchanged + p.unchanged)


class _Cells:
    """Reads one sheet's cells, collecting an error per bad cell."""

    def __init__(self, sheet: str, errors: list[RowError]) -> None:
        self.sheet, self.errors = sheet, errors

    def fail(self, record: dict, column: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, int(record.get(ROW_KEY, 0)), column, message))

    def text(self, record: dict, column: str, required: bool = False, limit: int = 0) -> str:
        value = (record.get(column) or "").strip()
        if required and not value:
            self.fail(record, column, _("This cell is required."))
        return value[:limit] if limit else value

    def day(self, record: dict, column: str) -> date | None:
        value = self.text(record, column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(record, column, _("Write the date as YYYY-MM-DD."))
            return None

    def choice(self, record: dict, column: str, choices: Any, default: str = "") -> str:
        value = self.text(record, column) or default
        allowed = [c for c, _label in choices]
        if value not in allowed:
            self.fail(
                record,
                column,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
        return value

    def number(self, record: dict, column: str) -> Decimal | None:
        value = self.text(record, column)
        if not value:
            return None
        try:
            return importing.number_text(value)
        except InvalidOperation:
            self.fail(record, column, importing.not_a_number(value))
            return None


def import_province(sheets: dict[str, list[dict]], user: Any = None) -> ProvinceImport:
    """Validate the whole workbook, then write it in one transaction, or nothing."""
    missing = [name for name in (*PROVINCE_SHEETS, *PROGRAMME_SHEETS) if name not in sheets]
    if missing:
        message = _("The sheet is missing.")
        raise ImportRejected([RowError(name, 0, "", message) for name in missing])
    errors: list[RowError] = []
    result = ProvinceImport()
    try:
        with transaction.atomic(), acting_as(user):
            load_catalogue()
            _Onboarding(sheets, errors, result).run()
            if result.province is not None:
                try:
                    result.programme = import_programme(
                        _programme_sheets(sheets), user, province=result.province
                    )
                except ImportRejected as rejected:
                    errors.extend(rejected.errors)
                if not errors:
                    _map_to_catalogue(sheets["indicators"], errors, result)
            if errors:
                raise ImportRejected(errors)
    except ValidationError as error:
        raise ImportRejected([RowError("-", 0, "", m) for m in error.messages]) from None
    return result


def _programme_sheets(sheets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    names = (*PROGRAMME_SHEETS, *OPTIONAL_PROGRAMME_SHEETS)
    return {name: sheets[name] for name in names if name in sheets}


class _Onboarding:
    def __init__(self, sheets: dict, errors: list[RowError], result: ProvinceImport) -> None:
        self.sheets, self.errors, self.result = sheets, errors, result
        self.places: dict[str, Locality] = {}
        self.agencies: dict[str, Agency] = {}
        self.zones: dict[str, Zone] = {}

    def run(self) -> None:
        rows = self.sheets["province"]
        cells = _Cells("province", self.errors)
        if len(rows) != 1:
            cells.fail({ROW_KEY: "2"}, "", _("The sheet must hold exactly one province."))
            return
        self._province(cells, rows[0])
        if self.result.province is None:
            return  # every other sheet's codes are the province's own
        self._places()
        self._province_place(cells, rows[0])
        self._agencies()
        self._zones()

    def _save(self, cells: _Cells, record: dict, model: Any, lookup: dict, values: dict) -> Any:
        try:
            obj, outcome = upsert(model, lookup, values)
        except ValidationError as error:
            for message in error.messages:
                cells.fail(record, "", message)
            return None
        self.result.count(outcome)
        return obj

    def _known(self, cells: _Cells, record: dict, column: str, model: Any, here: dict) -> Any:
        code = cells.text(record, column)
        if not code:
            return None
        province = self.result.province
        found = here.get(code) or model.objects.filter(province=province, code=code).first()
        if found is None:
            cells.fail(record, column, _("Unknown code “%(code)s”.") % {"code": code})
        return found

    def _in_order(self, rows: list[dict], column: str) -> list[dict]:
        """Rows after the row their ``column`` names (parents first)."""
        codes = {r.get("code", "") for r in rows}
        done: set[str] = set()
        ordered: list[dict] = []
        pending = list(rows)
        while pending:
            ready = [
                r
                for r in pending
                if not r.get(column) or r[column] in done or r[column] not in codes
            ]
            if not ready:  # a circle: let the lookups report it
                ordered.extend(pending)
                break
            for r in ready:
                ordered.append(r)
                done.add(r.get("code", ""))
                pending.remove(r)
        return ordered

    def _places(self) -> None:
        cells = _Cells("places", self.errors)
        for r in self._in_order(self.sheets["places"], "parent"):
            before = len(self.errors)
            code = cells.text(r, "code", required=True)
            values = {
                "name_vi": cells.text(r, "name_vi", required=True, limit=300),
                "name_en": cells.text(r, "name_en", limit=300),
                "kind": cells.choice(r, "kind", Locality.Kind.choices),
                "parent": self._known(cells, r, "parent", Locality, self.places),
                "valid_from": cells.day(r, "valid_from"),
                "valid_to": cells.day(r, "valid_to"),
                "source_url": cells.text(r, "source_url"),
                "note": cells.text(r, "note"),
            }
            if len(self.errors) == before:
                lookup = {"province": self.result.province, "code": code}
                place = self._save(cells, r, Locality, lookup, values)
                if place is not None:
                    self.places[code] = place

    def _province(self, cells: _Cells, r: dict) -> None:
        before = len(self.errors)
        code = cells.text(r, "code", required=True)
        cells.text(r, "locality", required=True)
        successor = None
        if cells.text(r, "successor"):
            successor = Province.objects.filter(code=cells.text(r, "successor")).first()
            if successor is None:
                cells.fail(r, "successor", _("Onboard the successor province first."))
        values = {
            "slug": cells.text(r, "slug", required=True),
            "name_vi": cells.text(r, "name_vi", required=True, limit=300),
            "name_en": cells.text(r, "name_en", limit=300),
            "valid_from": cells.day(r, "valid_from"),
            "valid_to": cells.day(r, "valid_to"),
            "successor": successor,
            "source_url": cells.text(r, "source_url"),
            "note": cells.text(r, "note"),
        }
        taken = Province.objects.filter(slug=values["slug"]).exclude(code=code).first()
        if taken is not None:
            cells.fail(r, "slug", _("Another province uses this slug."))
        elif values["slug"] and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", values["slug"]):
            cells.fail(r, "slug", _("Write the slug in lower-case letters, digits and hyphens."))
        elif values["slug"] in RESERVED_SLUGS:
            cells.fail(r, "slug", _("This slug is the address of another portal page."))
        if len(self.errors) == before:
            self.result.province = self._save(cells, r, Province, {"code": code}, values)

    def _province_place(self, cells: _Cells, r: dict) -> None:
        """The province's own place: a top-level province row of ``places``."""
        locality = self._known(cells, r, "locality", Locality, self.places)
        if locality is None:
            return
        if locality.parent_id is not None or locality.kind != Locality.Kind.PROVINCE:
            cells.fail(r, "locality", _("The province's place must be a top-level province."))
            return
        province = self.result.province
        if province.locality_id != locality.pk:
            province.locality = locality
            province.save()

    def _agencies(self) -> None:
        cells = _Cells("agencies", self.errors)
        rows = self.sheets["agencies"]
        for r in rows:  # successors may come later in the sheet: they are set afterwards
            before = len(self.errors)
            code = cells.text(r, "code", required=True)
            values = {
                "abbreviation": cells.text(r, "abbreviation", limit=40),
                "aliases": cells.text(r, "aliases", limit=1000),
                "name_vi": cells.text(r, "name_vi", required=True, limit=300),
                "name_en": cells.text(r, "name_en", limit=300),
                "kind": cells.choice(r, "kind", Agency.Kind.choices),
                "locality": self.result.province.locality if self.result.province else None,
                "valid_from": cells.day(r, "valid_from"),
                "valid_to": cells.day(r, "valid_to"),
                "head": cells.text(r, "head", limit=300),
                "role": cells.text(r, "role"),
                "role_en": cells.text(r, "role_en"),
                "source_url": cells.text(r, "source_url"),
                "note": cells.text(r, "note"),
            }
            if len(self.errors) == before:
                lookup = {"province": self.result.province, "code": code}
                agency = self._save(cells, r, Agency, lookup, values)
                if agency is not None:
                    self.agencies[code] = agency
        for r in rows:
            if not cells.text(r, "successor") or r.get("code") not in self.agencies:
                continue
            successor = self._known(cells, r, "successor", Agency, self.agencies)
            if successor is not None:  # counted once, with the agency itself
                lookup = {"province": self.result.province, "code": r["code"]}
                upsert(Agency, lookup, {"successor": successor})

    def _zones(self) -> None:
        cells = _Cells("zones", self.errors)
        for r in self._in_order(self.sheets["zones"], "parent"):
            before = len(self.errors)
            code = cells.text(r, "code", required=True)
            values = {
                "name_vi": cells.text(r, "name_vi", required=True, limit=300),
                "name_en": cells.text(r, "name_en", limit=300),
                "kind": cells.choice(r, "kind", Zone.Kind.choices),
                "parent": self._known(cells, r, "parent", Zone, self.zones),
                "locality": self._known(cells, r, "locality", Locality, self.places),
                "locality_text": cells.text(r, "locality_text", limit=300),
                "total_area_ha": cells.number(r, "total_area_ha"),
                "industrial_land_ha": cells.number(r, "industrial_land_ha"),
                "leased_land_ha": cells.number(r, "leased_land_ha"),
                "occupancy_note": cells.text(r, "occupancy_note"),
                "developer": cells.text(r, "developer", limit=300),
                "established": cells.text(r, "established", limit=300),
                "status": cells.choice(r, "status", Zone.Status.choices, Zone.Status.UNKNOWN),
                "source_url": cells.text(r, "source_url"),
                "note": cells.text(r, "note"),
            }
            if len(self.errors) == before:
                lookup = {"province": self.result.province, "code": code}
                zone = self._save(cells, r, Zone, lookup, values)
                if zone is not None:
                    self.zones[code] = zone


def _map_to_catalogue(rows: list[dict], errors: list[RowError], result: ProvinceImport) -> None:
    """Column ``national`` of sheet ``indicators``: the catalogue indicator it counts as."""
    cells = _Cells("indicators", errors)
    catalogue = {c.code: c for c in CatalogueIndicator.objects.all()}
    for r in rows:
        code = cells.text(r, "national")
        indicator = Indicator.objects.filter(
            province=result.province, code=cells.text(r, "code")
        ).first()
        if indicator is None:
            continue
        if not code:
            CatalogueMapping.objects.filter(indicator=indicator).delete()
            continue
        entry = catalogue.get(code)
        if entry is None:
            cells.fail(r, "national", _("No national indicator “%(code)s”.") % {"code": code})
            continue
        if entry.unit != indicator.unit or entry.behaviour != indicator.behaviour:
            cells.fail(
                r,
                "national",
                _("“%(code)s” is counted in %(unit)s (%(behaviour)s); this indicator is not.")
                % {"code": code, "unit": entry.unit, "behaviour": entry.get_behaviour_display()},
            )
            continue
        result.count(upsert(CatalogueMapping, {"indicator": indicator}, {"catalogue": entry})[1])


# --------------------------------------------------------------------------------------------
# workbooks: reading an upload, and building one from a folder of CSV files
# --------------------------------------------------------------------------------------------


def read_province_workbook(file: IO[bytes] | str) -> dict[str, list[dict[str, str]]]:
    """The sheets of an uploaded workbook (raises ``SpreadsheetError`` for a bad file)."""
    return read_workbook(file)


def sheets_from_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    """A province workbook kept as one CSV file per sheet (``data/provinces/<name>/``)."""
    sheets: dict[str, list[dict[str, str]]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
            ]
        for number, row in enumerate(rows, start=2):
            row[ROW_KEY] = str(number)
        sheets[path.stem] = rows
    return sheets


def workbook_bytes(sheets: dict[str, list[dict[str, str]]]) -> bytes:
    """The sheets as an Excel file, each with the columns its rows use, in order."""
    book_sheets = {}
    for name, rows in sheets.items():
        header: list[str] = list(COLUMNS.get(name, []))
        for row in rows:
            header.extend(k for k in row if k != ROW_KEY and k not in header)
        book_sheets[name] = (header, [[row.get(c, "") for c in header] for row in rows])
    buffer = io.BytesIO()
    build_workbook(book_sheets).save(buffer)
    return buffer.getvalue()


def import_folder(folder: Path, user: Any = None) -> ProvinceImport:
    """Build the workbook from a folder and import it exactly as an upload is imported."""
    book = io.BytesIO(workbook_bytes(sheets_from_folder(folder)))
    return import_province(read_province_workbook(book), user)
