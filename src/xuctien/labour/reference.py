"""Load the labour reference data (``labour/data``): occupations, institutions, assumptions.

Idempotent: a second run changes nothing. Runs as a step of ``xuctien load_quangninh``.
Each row keeps its source; a figure the sources do not give stays empty (unknown).
"""

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from xuctien.programmes.importers.upsert import upsert

DATA = Path(__file__).parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


@transaction.atomic
def load_reference(province: Any) -> str:
    """Occupations (shared by every province); and, for a province the data files cover
    (``policy.csv`` names it), its institutions with their programmes and figures and its
    assumptions."""
    counts = {"occupations": _occupations()}
    if not any(row["province"] == province.code for row in rows("policy.csv")):
        return f"{counts['occupations']} occupations; no labour data for {province.code}"
    counts["institutions"] = _institutions(province)
    counts["programme years"] = _programmes()
    counts["assumptions"] = _policies()
    return ", ".join(f"{n} {label}" for label, n in counts.items())


def _occupations() -> int:
    from xuctien.labour.models import Occupation

    for row in rows("occupations.csv"):
        parent = Occupation.objects.filter(code=row["parent"]).first() if row["parent"] else None
        values = {key: row[key] for key in ("name_vi", "name_en", "source_url", "note")}
        upsert(Occupation, {"code": row["code"]}, {**values, "parent": parent})
    return Occupation.objects.count()


def _institutions(province: Any) -> int:
    from xuctien.labour.models import Institution

    fields = ("kind", "name_vi", "name_en", "website", "source_url", "note")
    for row in rows("institutions.csv"):
        values = {key: row[key] for key in fields}
        upsert(Institution, {"code": row["code"]}, {**values, "province": province})
    return Institution.objects.filter(province=province).count()


def _programmes() -> int:
    from xuctien.labour.models import Institution, Occupation, Programme, ProgrammeYear

    count = 0
    for row in rows("programmes.csv"):
        institution = Institution.objects.get(code=row["institution"])
        occupation = Occupation.objects.filter(code=row["occupation"]).first()
        programme, _outcome = upsert(
            Programme,
            {"institution": institution, "name_vi": row["name_vi"]},
            {"name_en": row["name_en"], "occupation": occupation, "level": row["level"]},
        )
        values = {
            "enrolment": _int(row["enrolment"]),
            "graduates": _int(row["graduates"]),
            "graduates_at_least": row["graduates_at_least"] == "yes",
            "source_url": row["source_url"],
            "note": row["note"],
        }
        upsert(ProgrammeYear, {"programme": programme, "year": int(row["year"])}, values)
        count += 1
    return count


def _policies() -> int:
    from xuctien.core.models import Agency, Province
    from xuctien.labour.models import Policy

    for row in rows("policy.csv"):
        province = Province.objects.filter(code=row["province"]).first()
        if province is None:
            continue
        values = {
            "stay_rate": Decimal(row["stay_rate"]),
            "stay_rate_is_assumption": row["stay_rate_is_assumption"] == "yes",
            "stay_rate_source": row["stay_rate_source"],
            "stay_rate_source_en": row["stay_rate_source_en"],
            "gap_threshold": int(row["gap_threshold"]),
            "responsible_agency": Agency.objects.get(
                province=province, code=row["responsible_agency"]
            ),
            "responsible_source": row["responsible_source"],
            "task_group": row.get("task_group", ""),
        }
        upsert(Policy, {"province": province}, values)
    return Policy.objects.count()


def indicator_codes() -> dict[str, str]:
    """Measure → programme indicator code, from ``data/indicators.csv``."""
    return {row["measure"]: row["indicator_code"] for row in rows("indicators.csv")}
