"""The national catalogue, loaded from ``data/national/catalogue.csv`` (idempotent)."""

import csv
from pathlib import Path

from xuctien.national.models import CatalogueIndicator
from xuctien.programmes.importers import ImportResult
from xuctien.programmes.importers.upsert import upsert

CATALOGUE_CSV = Path(__file__).resolve().parent.parent / "data" / "national" / "catalogue.csv"


def load_catalogue(path: Path = CATALOGUE_CSV) -> ImportResult:
    result = ImportResult()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "unit_en": row["unit_en"],
                "behaviour": row["behaviour"],
                "direction": row["direction"],
                "order": int(row["order"] or 0),
                "source_url": row["source_url"],
                "note": row["note"],
            }
            outcome = upsert(CatalogueIndicator, {"code": row["code"]}, values)[1]
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result
