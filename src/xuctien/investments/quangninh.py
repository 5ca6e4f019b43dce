"""The first province's real projects, the VSIC 2018 reference, and a synthetic demo pipeline.

``load_reference`` and ``load_projects`` load shipped, sourced facts; ``load_demo_pipeline``
adds made-up early-stage records, each marked ``is_synthetic`` and named "(minh hoạ)".
Every function is idempotent: a second run finds every record as it left it and changes
nothing (no new version, no history entry).

How the published rows are read is decided, row by row, in
``data/quangninh/curated/project_decisions.csv`` (sector, stage, IRC date and its precision,
zone code, origin, jobs, aggregate rows): a row without a decision stops the load.
Capital stays in the currency published; a VND figure the source states itself is kept
with the rate it implies; a USD figure without one waits for an exchange rate (none is
invented). Aggregate rows are kept, flagged, and never counted.
"""

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from xuctien.core.models import Province, Zone
from xuctien.investments import services
from xuctien.investments.demo_pipeline import load_demo_pipeline
from xuctien.investments.models import (
    CapitalEvent,
    ExchangeRate,
    Investor,
    PriorityGroup,
    Project,
    Sector,
    Stage,
    StageChange,
)
from xuctien.investments.stages import POST_IRC
from xuctien.programmes.importers.upsert import upsert

__all__ = ["load_demo_pipeline", "load_projects", "load_rates", "load_reference"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROJECTS_KEY = "quangninh/projects.csv:"
NOT_AN_INVESTOR = {"", "not stated", "various", "various (us, china, taiwan investors)"}
UNITS = {"usd million": ("USD", Decimal(10) ** 6), "vnd billion": ("VND", Decimal(10) ** 9)}
VND_UNITS = {"bn": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}

PRIORITY_GROUPS = [
    ("electronic_components", "Linh kiện điện tử", "Electronic components"),
    ("automobiles_parts", "Ô tô và phụ tùng", "Automobiles and parts"),
    ("pharma_medical", "Dược phẩm và thiết bị y tế", "Pharmaceuticals and medical"),
    ("supporting_industries", "Công nghiệp hỗ trợ", "Supporting industries"),
    ("clean_energy_equipment", "Thiết bị năng lượng sạch", "Clean-energy equipment"),
    ("high_tech", "Công nghệ cao", "High-tech"),
]
PRIORITY_NOTE = "Priority groups of Resolution 01-NQ/TU as named in the programme brief."


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tally(counts: dict[str, int], outcome: str) -> None:
    counts[outcome] = counts.get(outcome, 0) + 1


def _summary(what: str, counts: dict[str, int]) -> str:
    parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("created", "updated", "unchanged"))
    return f"{what}: {parts}"


@transaction.atomic
def load_reference(data_dir: Path | None = None) -> str:
    """VSIC 2018 sections and manufacturing divisions, and the resolution's priority groups."""
    counts: dict[str, int] = {}
    for row in _rows((data_dir or DATA_DIR) / "reference" / "vsic2018.csv"):
        values = {
            "level": row["level"],
            "section": row["section"],
            "name_vi": row["name_vi"],
            "name_en": row["name_en"],
            "source_url": row["source_url"].replace(" ; ", " | "),
        }
        _tally(counts, upsert(Sector, {"code": row["code"]}, values)[1])
    for order, (code, name_vi, name_en) in enumerate(PRIORITY_GROUPS, start=1):
        values = {"name_vi": name_vi, "name_en": name_en, "order": order, "note": PRIORITY_NOTE}
        _tally(counts, upsert(PriorityGroup, {"code": code}, values)[1])
    return _summary("VSIC sectors and priority groups", counts)


RATE_KINDS = {"central": "State Bank of Vietnam central rate", "annual_average": "annual average"}


@transaction.atomic
def load_rates(data_dir: Path | None = None) -> str:
    """Sourced USD/VND rates (``reference/usd_vnd_rates.csv``), each row with its source.

    Daily central rates of the State Bank of Vietnam where a report of the notice was found
    (each applies to its own day); else the IMF's annual average of the official rate, dated
    1 January and applying to its year. None is invented: a USD amount whose day has no
    central rate and whose year has no average waits for a rate.
    """
    counts: dict[str, int] = {}
    for row in _rows((data_dir or DATA_DIR) / "reference" / "usd_vnd_rates.csv"):
        if row["kind"] not in RATE_KINDS or not row["source_url"]:
            raise ValueError(f"Rate {row['date']}: a kind of {sorted(RATE_KINDS)} and a source")
        values = {
            "rate": Decimal(row["rate"]),
            "source_url": row["source_url"],
            "note": f"{RATE_KINDS[row['kind']]}. {row['note']}",
        }
        lookup = {
            "currency": row["currency"],
            "date": dt.date.fromisoformat(row["date"]),
            "kind": row["kind"],
        }
        _tally(counts, upsert(ExchangeRate, lookup, values)[1])
    return _summary("USD/VND rates", counts)


@transaction.atomic
def load_projects(province: Province | None = None, data_dir: Path | None = None) -> str:
    """The real projects of ``quangninh/projects.csv``, with investors, capital and sources."""
    province = Province.objects.given_or_sole(province)
    data_dir = data_dir or DATA_DIR
    load_reference(data_dir)
    load_rates(data_dir)
    decisions = {
        row["source_project_name"]: row
        for row in _rows(data_dir / "quangninh" / "curated" / "project_decisions.csv")
    }
    stages: dict[str, list[dict[str, str]]] = {}
    for row in _rows(data_dir / "quangninh" / "curated" / "project_stages.csv"):
        stages.setdefault(row["key"], []).append(row)
    counts: dict[str, int] = {}
    for row in _rows(data_dir / "quangninh" / "projects.csv"):
        decision = decisions.get(row["project_name"])
        if decision is None:
            raise ValueError(f"No decision for project row {row['project_name']!r}")
        _tally(counts, _load_project(province, row, decision, stages.pop(decision["key"], [])))
    if stages:
        raise ValueError(f"Stage rows for unknown projects: {sorted(stages)}")
    return _summary("real projects", counts)


def _load_project(
    province: Province, row: dict[str, str], decision: dict[str, str], stages: list[dict[str, str]]
) -> str:
    irc_date = dt.date.fromisoformat(decision["irc_date"]) if decision["irc_date"] else None
    note = " ".join(filter(None, [decision["note"], row["note"]]))
    values = {
        "name": row["project_name"][:300],
        "sector": Sector.objects.filter(code=decision["vsic"]).first(),
        "sector_text": row["sector"][:300],
        "zone": (
            Zone.objects.filter(province=province, code=decision["zone"]).first()
            if decision["zone"]
            else None
        ),
        "place_text": row["industrial_park"][:300],
        "land_ha": _number(row["area_ha"]),
        "fdi": decision["fdi"] == "1",
        "jobs_planned": int(decision["jobs"]) if decision["jobs"] else None,
        "stage": decision["stage"],
        "irc_date": irc_date,
        "irc_date_precision": decision["irc_date_precision"] or "day",
        "is_aggregate": decision["aggregate"] == "1",
        "source_url": row["source_url"],
        "note": note,
    }
    lookup = {"source_ref": PROJECTS_KEY + decision["key"]}
    project, outcome = upsert(Project, lookup, values, on_create={"province": province})
    changed = _link_investor(project, row, decision)
    changed |= _record_stages(project, decision, stages, row["source_url"])
    changed |= _record_capital(project, row, decision, irc_date)
    return "updated" if changed and outcome == "unchanged" else outcome


def _link_investor(project: Project, row: dict[str, str], decision: dict[str, str]) -> bool:
    name = row["investor"].strip()
    if name.lower() in NOT_AN_INVESTOR:
        return False
    values = {
        "country": decision["country"],
        "country_text": row["investor_country"][:200],
        "parent_group": decision["parent_group"],
    }
    investor, outcome = upsert(Investor, {"name": name[:300]}, values)
    if project.investors.filter(pk=investor.pk).exists():
        return outcome != "unchanged"
    project.investors.add(investor)
    return True


def _record_stages(
    project: Project, decision: dict[str, str], published: list[dict[str, str]], source: str
) -> bool:
    """The stages the sources tell: the IRC, then construction and operation where published.

    A project past its IRC whose IRC date is not published still passed the IRC: the stage
    is recorded with its date unknown, as is the current stage when no source dates it.
    Aggregate rows (totals over several projects) get no history.
    """
    if project.is_aggregate:
        return False
    rows = []
    if project.stage in POST_IRC:
        rows.append(
            {
                "stage": Stage.IRC_ISSUED,
                "date": decision["irc_date"],
                "precision": decision["irc_date_precision"],
                "source_url": source,
                "note": "IRC as published" if decision["irc_date"] else "IRC date not published",
            }
        )
    rows += published
    if project.stage not in {r["stage"] for r in rows} and project.stage != Stage.IRC_ISSUED:
        note = "Current stage as published; its date is not"
        rows.append(
            {
                "stage": project.stage,
                "date": "",
                "precision": "",
                "source_url": source,
                "note": note,
            }
        )
    changed, previous = False, ""
    for row in rows:
        if row["stage"] not in Stage.values:
            raise ValueError(f"{project.source_ref}: unknown stage {row['stage']!r}")
        values = {
            "from_stage": previous,
            "date": dt.date.fromisoformat(row["date"]) if row["date"] else None,
            "date_precision": row["precision"] or "day",
            "reason": row["note"],
            "source_url": row["source_url"],
        }
        outcome = upsert(StageChange, {"project": project, "to_stage": row["stage"]}, values)[1]
        changed |= outcome != "unchanged"
        previous = row["stage"]
    return changed


def _record_capital(
    project: Project, row: dict[str, str], decision: dict[str, str], day: dt.date | None
) -> bool:
    """The published amount, dated by the IRC, converted at the rate of its day.

    Where the IRC is not dated to the day, ``capital_stated_on`` (the day a source stated
    the amount, e.g. at a signing ceremony) gives the day whose central rate applies.
    """
    amount, currency = _capital(row)
    if amount is None:
        return False
    event = CapitalEvent(
        project=project,
        kind=CapitalEvent.Kind.REGISTRATION,
        amount=amount,
        currency=currency,
        date=day,
    )
    stated_on = decision.get("capital_stated_on") or ""
    services.convert(
        event,
        _stated_vnd(row["capital_vnd_if_stated"]),
        project.irc_date_precision if day else "day",
        dt.date.fromisoformat(stated_on) if stated_on else None,
    )
    note = f"As published: {row['registered_capital']} {row['currency']}"
    if row["capital_vnd_if_stated"]:
        note += f"; {row['capital_vnd_if_stated']}"
    if stated_on:
        note += f"; amount stated on {stated_on}, the day whose rate converts it"
    values = {
        "date": day,
        "amount": amount,
        "currency": currency,
        "amount_vnd": event.amount_vnd,
        "rate_used": event.rate_used,
        "exchange_rate": event.exchange_rate,
        "source_url": row["source_url"],
        "note": note,
    }
    lookup = {"project": project, "kind": CapitalEvent.Kind.REGISTRATION}
    outcome = upsert(CapitalEvent, lookup, values)[1]
    services.refresh_capital(project)
    return outcome != "unchanged"


def _number(text: str) -> Decimal | None:
    match = re.search(r"\d[\d,]*(\.\d+)?", text or "")
    return Decimal(match.group(0).replace(",", "")) if match else None


def _capital(row: dict[str, str]) -> tuple[Decimal | None, str]:
    """The published amount in units (USD or VND); "over"/"~" stay in the event's note."""
    unit = UNITS.get(row["currency"].strip().lower())
    amount = _number(row["registered_capital"])
    if unit is None or amount is None:
        return None, ""
    return amount * unit[1], unit[0]


def _stated_vnd(text: str) -> Decimal | None:
    amount = _number(text)
    unit = next((v for k, v in VND_UNITS.items() if k in (text or "")), None)
    return amount * unit if amount is not None and unit is not None else None
