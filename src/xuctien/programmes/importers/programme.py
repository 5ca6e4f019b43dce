"""Import of a whole programme from its workbook (docs/programme-workbook.md).

A programme is data, not code: sheets ``programme``, ``breakthroughs``, ``indicators``,
``baselines``, ``targets`` and ``observations`` define one. The first province's loader builds
the same sheets from the province's published figures and comes through here too.
Figures in a programme workbook are published figures and are imported approved;
later figures go through data entry and approval.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuctien import importing
from xuctien.core.models import Agency, Locality, Province, Zone
from xuctien.history import acting_as
from xuctien.programmes import formula as formulas
from xuctien.programmes.importers import ImportRejected, ImportResult, RowError
from xuctien.programmes.importers.upsert import upsert
from xuctien.programmes.importers.workbook import ROW_KEY
from xuctien.programmes.models import (
    Baseline,
    Breakthrough,
    Indicator,
    Observation,
    Programme,
    Qualifier,
    SolutionGroup,
    Target,
    document_date,
)
from xuctien.programmes.periods import PeriodError, parse_period
from xuctien.programmes.rules import formula_error_text

SHEETS = ("programme", "breakthroughs", "indicators", "baselines", "targets", "observations")
YES = {"yes", "y", "1", "true", "có", "x"}


#: A comma only groups thousands (docs/programme-workbook.md); "11,3" is ambiguous.
class _Rows:
    """Reads one sheet's cells, collecting an error per bad cell instead of stopping."""

    def __init__(self, sheet: str, errors: list[RowError]) -> None:
        self.sheet, self.errors = sheet, errors

    def fail(self, record: dict, column: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, int(record.get(ROW_KEY, 0)), column, message))

    def text(self, record: dict, column: str, required: bool = False) -> str:
        value = record.get(column, "").strip()
        if required and not value:
            self.fail(record, column, _("This cell is required."))
        return value

    def number(self, record: dict, column: str, required: bool = False) -> Decimal | None:
        raw = self.text(record, column, required)
        if not raw:
            return None
        try:
            return importing.number_text(raw)
        except InvalidOperation:
            self.fail(record, column, importing.not_a_number(raw))
            return None

    def year(self, record: dict, column: str, required: bool = True) -> int | None:
        value = self.number(record, column, required)
        if value is None:
            return None
        if value != value.to_integral() or not 1900 <= value <= 2100:
            self.fail(record, column, _("“%(value)s” is not a year.") % {"value": value})
            return None
        return int(value)

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

    def lookup(
        self, record: dict, column: str, model: Any, province: Any, field: str = "code"
    ) -> Any:
        """The ``model`` of ``province`` the cell names by code."""
        code = self.text(record, column)
        if not code:
            return None
        found = model.objects.filter(province=province, **{field: code}).first()
        if found is None:
            self.fail(record, column, _("Unknown code “%(code)s”.") % {"code": code})
        return found


def import_programme(
    sheets: dict[str, list[dict]], user: Any = None, province: Province | None = None
) -> ImportResult:
    """Validate every sheet, then write all of it in one transaction, or nothing.

    Everything the workbook writes belongs to ``province`` (the installation's only province
    when not given); codes are looked up in that province only.
    """
    missing = [name for name in SHEETS if name not in sheets]
    if missing:
        message = _("The sheet is missing.")
        raise ImportRejected([RowError(name, 0, "", message) for name in missing])
    province = province or Province.objects.sole()
    if province is None:
        message = _("Say which province this programme belongs to.")
        raise ImportRejected([RowError("programme", 0, "", message)])
    result = ImportResult()
    errors: list[RowError] = []
    try:
        with transaction.atomic(), acting_as(user):
            _Importer(sheets, errors, result, user, province).run()
            if errors:
                raise ImportRejected(errors)
    except ValidationError as error:  # a frozen target changed in place, and the like
        raise ImportRejected([RowError("-", 0, "", m) for m in error.messages]) from None
    return result


class _Importer:
    """Writes sheet by sheet inside the caller's transaction; errors roll it all back."""

    def __init__(
        self,
        sheets: dict,
        errors: list[RowError],
        result: ImportResult,
        user: Any,
        province: Province,
    ):
        self.sheets, self.errors, self.result, self.user = sheets, errors, result, user
        self.province = province
        self.now = timezone.now()
        self.programmes: dict[str, Programme] = {}
        self.indicators: dict[str, Indicator] = {}

    def run(self) -> None:
        steps: list[tuple[str, Callable]] = [
            ("programme", self.programme),
            ("breakthroughs", self.breakthrough),
            ("solution_groups", self.solution_group),
            ("indicators", self.indicator),
            ("baselines", self.baseline),
            ("targets", self.target),
            ("observations", self.observation),
        ]
        for sheet, step in steps:
            rows = _Rows(sheet, self.errors)
            for record in self.sheets.get(sheet, []):  # solution_groups is optional
                before = len(self.errors)
                values = step(rows, record)
                if values is not None and len(self.errors) == before:
                    self._save(rows, record, *values)
            if sheet == "indicators":
                self._check_formulas(rows)

    def _save(self, rows: _Rows, record: dict, model: Any, lookup: dict, values: dict) -> None:
        try:
            on_create = (
                {"approved_at": self._approved_at(model, lookup)} if "approved_by" in values else {}
            )
            obj, outcome = upsert(model, lookup, values, on_create)
        except ValidationError as error:
            for message in error.messages:
                rows.fail(record, "", message)
            return
        setattr(self.result, outcome, getattr(self.result, outcome) + 1)
        if model is Programme:
            self.programmes[obj.code] = obj
        elif model is Indicator:
            self.indicators[obj.code] = obj

    def _approved_at(self, model: Any, lookup: dict) -> Any:
        """A loaded target was approved when its document was issued (unknown when the
        document's name gives no date); the load itself is the record's created_at."""
        if model is Target:
            day = document_date(lookup.get("document") or "")[0]
            return timezone.make_aware(datetime.combine(day, time())) if day else None
        return self.now

    def programme(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        code = rows.text(r, "code", required=True)
        issued = rows.text(r, "issued_on")
        try:
            issued_on = date.fromisoformat(issued) if issued else None
        except ValueError:
            rows.fail(r, "issued_on", _("Write the date as YYYY-MM-DD."))
            issued_on = None
        values = {
            "number": rows.text(r, "number", required=True),
            "name_vi": rows.text(r, "title_vi", required=True),
            "name_en": rows.text(r, "title_en"),
            "issuing_body": rows.text(r, "issuing_body"),
            "issued_on": issued_on,
            "source_url": rows.text(r, "source_url"),
            "note": rows.text(r, "note"),
        }
        return Programme, {"province": self.province, "code": code}, values

    def _programme_of(self, rows: _Rows, r: dict) -> Programme | None:
        code = rows.text(r, "programme", required=True)
        programme = (
            self.programmes.get(code)
            or Programme.objects.filter(province=self.province, code=code).first()
        )
        if code and programme is None:
            rows.fail(r, "programme", _("Unknown programme “%(code)s”.") % {"code": code})
        return programme

    def breakthrough(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        programme = self._programme_of(rows, r)
        number = rows.number(r, "number", required=True)
        values = {
            "name_vi": rows.text(r, "title_vi", required=True),
            "name_en": rows.text(r, "title_en"),
        }
        return Breakthrough, {"programme": programme, "number": int(number or 0)}, values

    def solution_group(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        programme = self._programme_of(rows, r)
        values = {
            "name_vi": rows.text(r, "title_vi", required=True),
            "name_en": rows.text(r, "title_en"),
            "order": int(r.get(ROW_KEY, 0)),
            "takes_reform_tasks": (rows.text(r, "reform_tasks") or "no").lower() in YES,
        }
        code = rows.text(r, "code", required=True)
        return SolutionGroup, {"programme": programme, "code": code}, values

    def indicator(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        programme = self._programme_of(rows, r)
        number = rows.number(r, "breakthrough")
        breakthrough = None
        if programme is not None and number is not None:
            breakthrough = Breakthrough.objects.filter(programme=programme, number=number).first()
            if breakthrough is None:
                rows.fail(
                    r, "breakthrough", _("No breakthrough %(n)s in this programme.") % {"n": number}
                )
        values = {
            "programme": programme,
            "breakthrough": breakthrough,
            "name_vi": rows.text(r, "name_vi", required=True),
            "name_en": rows.text(r, "name_en"),
            "unit": rows.text(r, "unit"),
            "unit_en": rows.text(r, "unit_en"),
            "behaviour": rows.choice(r, "behaviour", Indicator.Behaviour.choices),
            "direction": rows.choice(r, "direction", Indicator.Direction.choices, "higher"),
            "tolerance": rows.number(r, "tolerance") or Decimal("0.10"),
            "responsible_agency": rows.lookup(r, "responsible_agency", Agency, self.province),
            "formula": rows.text(r, "formula"),
            "registry_feed": rows.choice(r, "registry", Indicator.Feed.choices, ""),
            "description": rows.text(r, "description"),
            "description_en": rows.text(r, "description_en"),
            "source_url": rows.text(r, "source_url"),
            "note": rows.text(r, "note"),
            "order": int(r.get(ROW_KEY, 0)),
        }
        lookup = {"province": self.province, "code": rows.text(r, "code", required=True)}
        return Indicator, lookup, values

    def _check_formulas(self, rows: _Rows) -> None:
        parsed: dict[str, Any] = {}
        known = set(Indicator.objects.filter(province=self.province).values_list("code", flat=True))
        for record in self.sheets["indicators"]:
            text = record.get("formula", "").strip()
            if not text:
                continue
            try:
                parsed[record["code"]] = formulas.parse(text)
                formulas.validate(parsed[record["code"]], known)
            except formulas.FormulaError as error:
                rows.fail(record, "formula", formula_error_text(error))
        try:
            formulas.check_cycles(parsed)
        except formulas.FormulaError as error:
            rows.fail({ROW_KEY: "0"}, "formula", formula_error_text(error))

    def _indicator_of(self, rows: _Rows, r: dict) -> Indicator | None:
        code = rows.text(r, "indicator", required=True)
        indicator = (
            self.indicators.get(code)
            or Indicator.objects.filter(province=self.province, code=code).first()
        )
        if code and indicator is None:
            rows.fail(r, "indicator", _("Unknown indicator “%(code)s”.") % {"code": code})
        return indicator

    def baseline(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        indicator = self._indicator_of(rows, r)
        values = {
            "value": rows.number(r, "value", required=True),
            "qualifier": rows.choice(r, "qualifier", Qualifier.choices, "exact"),
            "source": rows.text(r, "source"),
            "source_url": rows.text(r, "source_url"),
            "note": rows.text(r, "note"),
            "status": "approved",
            "approved_by": self.user,
        }
        lookup = {"indicator": indicator, "year": rows.year(r, "year")}
        return Baseline, lookup, values

    def target(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        indicator = self._indicator_of(rows, r)
        start, end = rows.year(r, "start_year"), rows.year(r, "year")
        if start and end and start > end:
            rows.fail(r, "start_year", _("The window starts after its target year."))
        revises = self._revised(rows, r, indicator, end)
        values = {
            "value": rows.number(r, "value", required=True),
            "value_high": rows.number(r, "value_high"),
            "qualifier": rows.choice(r, "qualifier", Qualifier.choices, "exact"),
            "source_url": rows.text(r, "source_url"),
            "note": rows.text(r, "note"),
            "revises": revises,
            "revision_reason": rows.text(r, "revision_reason"),
            "status": "approved",
            "approved_by": self.user,
        }
        if revises is not None and not values["revision_reason"]:
            rows.fail(r, "revision_reason", _("A revision must say why."))
        lookup = {
            "indicator": indicator,
            "start_year": start,
            "year": end,
            "document": rows.text(r, "document", required=True),
            "locality": rows.lookup(r, "locality", Locality, self.province),
        }
        return Target, lookup, values

    def _revised(self, rows: _Rows, r: dict, indicator: Any, year: Any) -> Target | None:
        document = rows.text(r, "revises")
        if not document or indicator is None:
            return None
        earlier = Target.objects.filter(indicator=indicator, year=year, document=document).first()
        if earlier is None:
            rows.fail(
                r,
                "revises",
                _("No target of %(year)s from “%(doc)s” to revise.")
                % {"year": year, "doc": document},
            )
        return earlier

    def observation(self, rows: _Rows, r: dict):  # type: ignore[no-untyped-def]
        indicator = self._indicator_of(rows, r)
        period = rows.text(r, "period", required=True)
        try:
            period = str(parse_period(period)) if period else period
        except PeriodError as error:
            rows.fail(r, "period", str(error))
        locality = rows.lookup(r, "locality", Locality, self.province) or self.province.locality
        if locality is None:
            rows.fail(r, "locality", _("No province is set up yet."))
        values = {
            "value": rows.number(r, "value"),
            "value_high": rows.number(r, "value_high"),
            "qualifier": rows.choice(r, "qualifier", Qualifier.choices, "exact"),
            "accepted": (rows.text(r, "accepted") or "yes").lower() in YES,
            "source": rows.text(r, "source")[:300],
            "reported_as": rows.text(r, "reported_as")[:300],
            "note": rows.text(r, "note"),
            "status": Observation.Status.APPROVED,
            "approved_by": self.user,
        }
        if values["value"] is None and not values["reported_as"]:
            rows.fail(r, "value", _("A figure needs a value, or the text as published."))
        lookup = {
            "indicator": indicator,
            "period": period,
            "locality": locality,
            "estimate": rows.choice(r, "estimate", Observation.Estimate.choices, "final"),
            "source_url": rows.text(r, "source_url"),
            "zone": rows.lookup(r, "zone", Zone, self.province),
        }
        return Observation, lookup, values
