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


def _by_code(model: Any, province: Province, code: str) -> Any:
    return model.objects.filter(province=province, code=code).first() if code else None


def _is_province(row: dict[str, str]) -> bool:
    return row.get("kind") == Locality.Kind.PROVINCE and not row.get("parent")


def load_localities(rows: list[dict[str, str]], province: Province, result: ImportResult) -> None:
    """The province's places, parents first; its own place becomes ``province.locality``."""
    for row in sorted(rows, key=lambda r: bool(r.get("parent"))):
        values = {
            "name_vi": row["name_vi"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "parent": _by_code(Locality, province, row.get("parent", "")),
            "valid_from": _date(row.get("valid_from", "")),
            "valid_to": _date(row.get("valid_to", "")),
            "source_url": row.get("source_url", ""),
            "note": row.get("note", ""),
        }
        lookup = {"province": province, "code": row["code"]}
        locality, outcome = upsert(Locality, lookup, values)
        _count(result, outcome)
        if _is_province(row) and province.locality_id != locality.pk:
            province.locality = locality
            province.save()


def province_code(data: dict[str, list[dict[str, str]]]) -> str:
    """The code of the province whose data this is (its one top-level province row)."""
    [row] = [r for r in data.get("localities", []) if _is_province(r)]
    return row["code"]


def load_province(rows: list[dict[str, str]], result: ImportResult) -> Province:
    """The province whose place is the one top-level province row of the localities."""
    [row] = [r for r in rows if _is_province(r)]
    values = {
        "name_vi": row["name_vi"],
        "name_en": row.get("name_en", ""),
        "valid_from": _date(row.get("valid_from", "")),
        "valid_to": _date(row.get("valid_to", "")),
        "source_url": row.get("source_url", ""),
    }
    slug = slugify(fold(row["name_vi"]).removeprefix("tinh ").removeprefix("thanh pho "))
    existing = Province.objects.filter(code=row["code"]).first()
    values["slug"] = existing.slug if existing else slug
    province, outcome = upsert(Province, {"code": row["code"]}, values)
    _count(result, outcome)
    return province


def load_agencies(rows: list[dict[str, str]], province: Province, result: ImportResult) -> None:
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
        _count(result, upsert(Agency, {"province": province, "code": row["code"]}, values)[1])
    for row in rows:
        if row.get("successor"):
            successor = _by_code(Agency, province, row["successor"])
            upsert(Agency, {"province": province, "code": row["code"]}, {"successor": successor})


def load_zones(rows: list[dict[str, str]], province: Province, result: ImportResult) -> None:
    for row in sorted(rows, key=lambda r: bool(r.get("parent"))):
        values = {
            "name_vi": row["name_vi"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "parent": _by_code(Zone, province, row.get("parent", "")),
            "locality": _by_code(Locality, province, row.get("locality", "")),
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
        _count(result, upsert(Zone, {"province": province, "code": row["code"]}, values)[1])


def load_core(data: dict[str, list[dict[str, str]]]) -> tuple[Province, ImportResult]:
    """One province: the province, its localities, agencies and zones, in one go."""
    result = ImportResult()
    with transaction.atomic():
        localities = data.get("localities", [])
        province = load_province(localities, result)
        load_localities(localities, province, result)
        load_agencies(data.get("agencies", []), province, result)
        load_zones(data.get("zones", []), province, result)
    return province, result
