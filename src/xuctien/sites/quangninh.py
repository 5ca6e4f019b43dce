"""The province's published site figures, loaded as published reports (``load_quangninh``).

Each row of ``data/quangninh/site_reports.csv`` is one published source about one zone:
its date (empty when the source gives none), the figures it states and its URL. The
zones' areas, developers and statuses stay on the zone records (``core.Zone``, from the
province's zone list) and count as the oldest source. Idempotent: a zone's report from the
same source is updated, not added again.
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from xuctien import history
from xuctien.core.models import Zone
from xuctien.sites.models import SiteReport, State
from xuctien.sites.services import province_of

DATA = Path(__file__).resolve().parent.parent / "data" / "quangninh" / "site_reports.csv"
DECIMALS = (
    "occupancy_pct",
    "industrial_ha",
    "water_m3_day",
    "wastewater_m3_day",
    "airport_km",
    "expressway_km",
    "latitude",
    "longitude",
)


def load_site_reports(province: Any, path: Path = DATA) -> str:
    created = updated = unchanged = skipped = 0
    with open(path, encoding="utf-8") as handle, transaction.atomic(), history.acting_as(None):
        for row in csv.DictReader(handle):
            zone = Zone.objects.filter(province=province, code=row["zone_code"]).first()
            if zone is None:
                skipped += 1
                continue
            values = {
                "as_of": dt.date.fromisoformat(row["as_of"]) if row["as_of"] else None,
                "power_kv": int(row["power_kv"]) if row["power_kv"] else None,
                "power_supply": row["power_supply"],
                "rent_term": row["rent_term"],
                "location_approximate": row["location_approximate"] == "1",
                "note": row["note"],
            }
            for key in DECIMALS:
                values[key] = Decimal(row[key]) if row[key] else None
            report = SiteReport.objects.filter(zone=zone, source_url=row["source_url"]).first()
            if report is None:
                report = SiteReport(
                    zone=zone,
                    province=province_of(zone),
                    source_url=row["source_url"],
                    state=State.PUBLISHED,
                )
                created += 1
            elif all(getattr(report, key) == value for key, value in values.items()):
                unchanged += 1  # loading the same data again changes nothing
                continue
            else:
                updated += 1
            for key, value in values.items():
                setattr(report, key, value)
            report.full_clean(exclude=["sectors", "province"])
            report.save()
    return (
        f"site reports: {created} created, {updated} updated, {unchanged} unchanged, "
        f"{skipped} without their zone"
    )
