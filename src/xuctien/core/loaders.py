"""Loading localities, agencies and zones from rows (a province's CSVs or a workbook).

Each loader upserts by code and leaves unchanged records untouched, so loading the same
data twice changes nothing.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from xuctien.core.models import Agency, Locality, Province, Zone
from xuctien.core.search import fold
from xuctien.programmes.importers import ImportResult
from xuctien.programmes.importers.upsert import upsert


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _decimal(text: str) -> Decimal | None:
    text = (text or "").replace("~", "").replace(",", "").strip()
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _count(result: ImportResult, outcome: str) -> None:
    setattr(result, outcome, getattr(result, outcome) + 1)


def _by_code(model: Any, code: str) -> Any:
    return model.objects.filter(code=code).first() if code else None


def load_localities(rows: list[dict[str, str]], result: ImportResult) -> None:
    for row in sorted(rows, key=lambda r: bool(r.get("parent"))):
        values = {
            "name_vi": row["name_vi"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "parent": _by_code(Locality, row.get("parent", "")),
            "valid_from": _date(row.get("valid_from", "")),
            "valid_to": _date(row.get("valid_to", "")),
            "source_url": row.get("source_url", ""),
            "note": row.get("note", ""),
        }
        _count(result, upsert(Locality, {"code": row["code"]}, values)[1])


def load_provinces(result: ImportResult) -> None:
    """Every top-level province locality is a province scope with the same code."""
    for locality in Locality.objects.filter(kind=Locality.Kind.PROVINCE, parent=None):
        values = {
            "name_vi": locality.name_vi,
            "name_en": locality.name_en,
            "locality": locality,
            "valid_from": locality.valid_from,
            "valid_to": locality.valid_to,
            "source_url": locality.source_url,
        }
        slug = slugify(fold(locality.name_vi).removeprefix("tinh ").removeprefix("thanh pho "))
        existing = Province.objects.filter(code=locality.code).first()
        values["slug"] = existing.slug if existing else slug
        _count(result, upsert(Province, {"code": locality.code}, values)[1])


def load_agencies(rows: list[dict[str, str]], result: ImportResult) -> None:
    for row in rows:  # first pass without successors, which may come later in the file
        values = {
            "name_vi": row["name_vi"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "valid_from": _date(row.get("valid_from", "")),
            "valid_to": _date(row.get("valid_to", "")),
            "head": row.get("head", "")[:300],
            "role": row.get("role", ""),
            "role_en": row.get("role_en", ""),
            "source_url": row.get("source_url", ""),
            "note": row.get("note", ""),
        }
        _count(result, upsert(Agency, {"code": row["code"]}, values)[1])
    for row in rows:
        if row.get("successor"):
            upsert(Agency, {"code": row["code"]}, {"successor": _by_code(Agency, row["successor"])})


def load_zones(rows: list[dict[str, str]], result: ImportResult) -> None:
    for row in sorted(rows, key=lambda r: bool(r.get("parent"))):
        values = {
            "name_vi": row["name_vi"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "parent": _by_code(Zone, row.get("parent", "")),
            "locality": _by_code(Locality, row.get("locality", "")),
            "locality_text": row.get("locality_text", "")[:300],
            "total_area_ha": _decimal(row.get("total_area_ha", "")),
            "industrial_land_ha": _decimal(row.get("industrial_land_ha", "")),
            "leased_land_ha": _decimal(row.get("leased_land_ha", "")),
            "occupancy_note": row.get("occupancy_note", ""),
            "developer": row.get("developer", "")[:300],
            "established": row.get("established", "")[:300],
            "status": row.get("status") or Zone.Status.UNKNOWN,
            "source_url": row.get("source_url", ""),
            "note": row.get("note", ""),
        }
        _count(result, upsert(Zone, {"code": row["code"]}, values)[1])


def load_core(data: dict[str, list[dict[str, str]]]) -> ImportResult:
    """Localities, then agencies, then zones (which point at localities), in one go."""
    result = ImportResult()
    with transaction.atomic():
        load_localities(data.get("localities", []), result)
        load_provinces(result)
        load_agencies(data.get("agencies", []), result)
        load_zones(data.get("zones", []), result)
    return result
