"""The first province's seed data: the published figures as clean, normalised workbook sheets.

Pure Python (stdlib only, no Django). ``build_workbook()`` returns exactly the sheets of the
programme workbook (docs/programme-workbook.md) as lists of string dicts, so the Django importer
reads this data through the same path as an uploaded Excel file. ``build_core()`` returns the
reference lists (localities, agencies, zones).

Inputs live in ``xuctien/data/quangninh/``: the research CSVs copied unchanged from the shared
data folder, and ``curated/`` with the hand-made decisions that code cannot derive (programme
split, behaviours, windows, which conflicting figure is accepted, codes of places and agencies),
each explained in a ``note``. Nothing is dropped silently: an input row that cannot be read or
mapped raises ``DataError``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from .periods import (
    ESTIMATE_KINDS,
    QUALIFIERS,
    ParsedValue,
    interpret_published_period,
    parse_period,
    parse_value,
)

__all__ = [
    "AGENCY_KINDS",
    "BEHAVIOURS",
    "CORE_COLUMNS",
    "DEFAULT_DATA_DIR",
    "DIRECTIONS",
    "ESTIMATE_KINDS",
    "LOCALITY_KINDS",
    "QUALIFIERS",
    "UNITS",
    "URL_SEPARATOR",
    "WORKBOOK_COLUMNS",
    "ZONE_KINDS",
    "ZONE_STATUSES",
    "DataError",
    "build_core",
    "build_workbook",
    "parse_period",
    "split_urls",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "quangninh"
CURATED = "curated"
URL_SEPARATOR = " | "
NOTE_SEPARATOR = " | "

WORKBOOK_COLUMNS: dict[str, list[str]] = {
    "programme": [
        "code",
        "number",
        "title_vi",
        "title_en",
        "issuing_body",
        "issued_on",
        "source_url",
        "note",
    ],
    "breakthroughs": ["programme", "number", "title_vi", "title_en"],
    "solution_groups": ["programme", "code", "title_vi", "title_en", "reform_tasks"],
    "indicators": [
        "programme",
        "code",
        "breakthrough",
        "name_vi",
        "name_en",
        "unit",
        "unit_en",
        "behaviour",
        "direction",
        "tolerance",
        "responsible_agency",
        "formula",
        "registry",
        "national",
        "description",
        "description_en",
        "source_url",
        "note",
    ],
    "baselines": ["indicator", "year", "value", "qualifier", "source", "source_url", "note"],
    "targets": [
        "indicator",
        "start_year",
        "year",
        "value",
        "value_high",
        "qualifier",
        "document",
        "source_url",
        "locality",
        "revises",
        "revision_reason",
        "note",
    ],
    "observations": [
        "indicator",
        "period",
        "locality",
        "value",
        "value_high",
        "qualifier",
        "estimate",
        "accepted",
        "source",
        "source_url",
        "reported_as",
        "note",
    ],
}

CORE_COLUMNS: dict[str, list[str]] = {
    "localities": [
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

BEHAVIOURS = ("level", "rate", "cumulative")
DIRECTIONS = ("higher", "lower")
LOCALITY_KINDS = ("province", "city", "town", "district", "special_zone", "ward", "commune")
AGENCY_KINDS = (
    "party",
    "council",
    "people_committee",
    "department",
    "board",
    "centre",
    "statistics",
    "task_force",
    "local_committee",
)
ZONE_KINDS = ("economic_zone", "industrial_park", "industrial_cluster")
ZONE_STATUSES = ("operating", "under_construction", "planned", "proposed", "revoked", "unknown")

ANY_UNIT = "*"
_THOUSANDTH = Decimal("0.001")
#: Unit as published -> (unit used by the indicator, factor to multiply the published value by).
#: ANY_UNIT means "a count or text that fits the indicator's own unit".
UNITS: dict[str, tuple[str, Decimal]] = {
    "%": ("%", Decimal(1)),
    "% y/y": ("%", Decimal(1)),
    "% y/y (production index)": ("%", Decimal(1)),
    "% y/y (industrial sector)": ("%", Decimal(1)),
    "%/year": ("%", Decimal(1)),
    "%/year (average)": ("%", Decimal(1)),
    "% of workforce": ("%", Decimal(1)),
    "% of labour force": ("%", Decimal(1)),
    "% of GRDP": ("% GRDP", Decimal(1)),
    "percentage points/year": ("điểm %/năm", Decimal(1)),
    "VND trillion": ("nghìn tỷ đồng", Decimal(1)),
    "VND trillion (cumulative over period)": ("nghìn tỷ đồng", Decimal(1)),
    "VND billion": ("nghìn tỷ đồng", _THOUSANDTH),
    "VND billion (non-budget)": ("nghìn tỷ đồng", _THOUSANDTH),
    "VND million/worker": ("triệu đồng/lao động", Decimal(1)),
    "USD billion": ("tỷ USD", Decimal(1)),
    "USD billion (registered)": ("tỷ USD", Decimal(1)),
    "USD": ("USD", Decimal(1)),
    "jobs": ("việc làm", Decimal(1)),
    "jobs (cumulative)": ("việc làm", Decimal(1)),
    "enterprises": ("doanh nghiệp", Decimal(1)),
    "workers": ("lao động", Decimal(1)),
    "ha": ("ha", Decimal(1)),
    "projects": ("dự án", Decimal(1)),
    "clusters": ("cụm", Decimal(1)),
    "count": (ANY_UNIT, Decimal(1)),
    "not quantified": (ANY_UNIT, Decimal(1)),
    "": (ANY_UNIT, Decimal(1)),
}


class DataError(ValueError):
    """The source data or a curated decision is inconsistent; the message says where."""


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(f"missing data file {path}")
    with path.open(encoding="utf-8", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def split_urls(text: str) -> list[str]:
    """The URLs of a ``source_url`` cell (several are separated by `` | ``)."""
    return [u.strip() for u in text.split("|") if u.strip()]


def _join_urls(*groups: list[str] | str) -> str:
    seen: list[str] = []
    for group in groups:
        for url in split_urls(group) if isinstance(group, str) else group:
            if url not in seen:
                seen.append(url)
    return URL_SEPARATOR.join(seen)


def _hosts(urls: str) -> str:
    hosts: list[str] = []
    for url in split_urls(urls):
        host = urlsplit(url).hostname or url
        host = host.removeprefix("www.")
        if host not in hosts:
            hosts.append(host)
    return "; ".join(hosts)


def _notes(*parts: str) -> str:
    return NOTE_SEPARATOR.join(p.strip() for p in parts if p and p.strip())


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, "f")


def _fmt_converted(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _check_date(text: str, where: str) -> str:
    if text:
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise DataError(f"{where}: {text!r} is not a date YYYY-MM-DD") from exc
    return text


def _unit(raw: str, where: str) -> tuple[str, Decimal]:
    if raw not in UNITS:
        raise DataError(f"{where}: unknown unit {raw!r}; add it to UNITS with its conversion")
    return UNITS[raw]


def _convert(
    parsed: ParsedValue, raw_unit: str, indicator_unit: str, where: str
) -> tuple[str, str, str]:
    """Value and value_high in the indicator's unit, plus a note when converted."""
    canonical, factor = _unit(raw_unit, where)
    if canonical not in (ANY_UNIT, indicator_unit):
        raise DataError(
            f"{where}: published unit {raw_unit!r} does not fit the indicator unit "
            f"{indicator_unit!r}"
        )
    if parsed.value is None or factor == 1:
        return _fmt(parsed.value), _fmt(parsed.value_high), ""
    value = parsed.value * factor
    high = parsed.value_high * factor if parsed.value_high is not None else None
    shown = _fmt(parsed.value) + (f"-{_fmt(parsed.value_high)}" if high is not None else "")
    note = f"converted from {shown} {raw_unit} to {indicator_unit}"
    return _fmt_converted(value), _fmt_converted(high), note


# --------------------------------------------------------------------------------------------
# source-code mapping
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mapping:
    indicator: str
    split: dict[str, str]
    note: str


def _mappings(data_dir: Path) -> dict[tuple[str, str, str], _Mapping]:
    out: dict[tuple[str, str, str], _Mapping] = {}
    for row in _read(data_dir / CURATED / "source_codes.csv"):
        split: dict[str, str] = {}
        if row["split"]:
            for part in row["split"].split(";"):
                label, _, code = part.partition("=")
                split[label.strip()] = code.strip()
        if bool(split) == bool(row["indicator"]):
            raise DataError(f"source_codes.csv {row['source_code']}: give an indicator or a split")
        key = (row["source_file"], row["source_code"], row["source_unit"])
        if key in out:
            raise DataError(f"source_codes.csv: duplicate mapping {key}")
        out[key] = _Mapping(row["indicator"], split, row["note"])
    return out


def _lookup(
    mappings: dict[tuple[str, str, str], _Mapping], file: str, code: str, unit: str = ""
) -> _Mapping:
    found = mappings.get((file, code, unit)) or mappings.get((file, code, ""))
    if found is None:
        raise DataError(f"{file}: source code {code!r} has no mapping in curated/source_codes.csv")
    return found


def _split_components(text: str, split: dict[str, str], where: str) -> list[tuple[str, str, str]]:
    """'agri 4.7; ind-constr 51.9' -> [(label, indicator, '4.7'), ...]."""
    parts = []
    for piece in (p.strip() for p in text.split(";") if p.strip()):
        m = re.fullmatch(r"(.+?)\s+([~<>=≥≤]*\s*[\d.,]+(?:\s*-\s*[\d.,]+)?)", piece)
        if m is None or m[1] not in split:
            raise DataError(f"{where}: cannot split component {piece!r} (labels: {list(split)})")
        parts.append((m[1], split[m[1]], m[2]))
    return parts


# --------------------------------------------------------------------------------------------
# workbook
# --------------------------------------------------------------------------------------------


def build_workbook(data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, list[dict[str, str]]]:
    """The programme workbook sheets (see WORKBOOK_COLUMNS), every cell a string."""
    data_dir = Path(data_dir)
    mappings = _mappings(data_dir)
    agencies = {row["code"] for row in build_core(data_dir)["agencies"]}
    localities = {row["code"] for row in build_core(data_dir)["localities"]}
    targets_src = _read(data_dir / "targets.csv")
    by_code = {row["indicator_code"]: row for row in targets_src}
    if len(by_code) != len(targets_src):
        raise DataError("targets.csv: duplicate indicator_code")

    programmes = _programmes(data_dir, agencies)
    breakthroughs = _breakthroughs(data_dir, programmes)
    indicators = _indicators(data_dir, by_code, mappings, programmes, breakthroughs, agencies)
    units = {row["code"]: row["unit"] for row in indicators}
    observations = _observations(data_dir, mappings, units)
    targets = _targets(data_dir, by_code, units, localities)
    baselines = _baselines(targets_src, mappings, units, observations)
    _fill_indicator_urls(indicators, observations, targets)

    sheets = {
        "programme": programmes,
        "breakthroughs": [
            {k: row[k] for k in WORKBOOK_COLUMNS["breakthroughs"]} for row in breakthroughs
        ],
        "solution_groups": _solution_groups(data_dir, programmes),
        "indicators": indicators,
        "baselines": baselines,
        "targets": targets,
        "observations": observations,
    }
    for name, rows in sheets.items():
        _check_sheet(name, rows, WORKBOOK_COLUMNS[name])
    return sheets


def _check_sheet(name: str, rows: list[dict[str, str]], columns: list[str]) -> None:
    for i, row in enumerate(rows, start=2):
        if list(row) != columns:
            raise DataError(f"{name} row {i}: columns {list(row)} != {columns}")
        for key, value in row.items():
            if not isinstance(value, str):
                raise DataError(f"{name} row {i}: {key} is not a string")


def _programmes(data_dir: Path, agencies: set[str]) -> list[dict[str, str]]:
    rows = []
    for row in _read(data_dir / CURATED / "programmes.csv"):
        if row["issuing_body"] not in agencies:
            raise DataError(f"programme {row['code']}: unknown issuing body {row['issuing_body']}")
        _check_date(row["issued_on"], f"programme {row['code']}")
        rows.append({k: row[k] for k in WORKBOOK_COLUMNS["programme"]})
    return rows


def _breakthroughs(data_dir: Path, programmes: list[dict[str, str]]) -> list[dict[str, str]]:
    codes = {p["code"] for p in programmes}
    rows = _read(data_dir / CURATED / "breakthroughs.csv")
    for row in rows:
        if row["programme"] not in codes:
            raise DataError(f"breakthrough {row['number']}: unknown programme {row['programme']}")
    return rows


def _indicators(
    data_dir: Path,
    by_code: dict[str, dict[str, str]],
    mappings: dict[tuple[str, str, str], _Mapping],
    programmes: list[dict[str, str]],
    breakthroughs: list[dict[str, str]],
    agencies: set[str],
) -> list[dict[str, str]]:
    programme_codes = {p["code"] for p in programmes}
    bt_numbers = {(b["programme"], b["number"]) for b in breakthroughs}
    # targets.csv rows that feed each indicator (same code first, then mapped codes)
    feeding: dict[str, list[dict[str, str]]] = defaultdict(list)
    for code, src in by_code.items():
        m = _lookup(mappings, "targets.csv", code)
        for ind in [m.indicator] if m.indicator else list(m.split.values()):
            feeding[ind].insert(0, src) if code == ind else feeding[ind].append(src)
    rows = []
    seen: set[str] = set()
    for cur in _read(data_dir / CURATED / "indicators.csv"):
        code = cur["code"]
        where = f"indicator {code}"
        if code in seen:
            raise DataError(f"{where}: duplicate code")
        seen.add(code)
        src = by_code.get(code, {})
        row = {k: cur.get(k, "") for k in WORKBOOK_COLUMNS["indicators"]}
        row["name_vi"] = row["name_vi"] or src.get("indicator_name_vi", "")
        row["name_en"] = row["name_en"] or src.get("indicator_name_en", "")
        if not row["direction"] and feeding.get(code):
            direction = {"increase": "higher", "decrease": "lower"}
            row["direction"] = direction.get(feeding[code][0]["direction"], "")
        if not row["source_url"] and feeding.get(code):
            row["source_url"] = _join_urls(*[f["source_url"] for f in feeding[code]])
        if not (row["name_vi"] and row["name_en"]):
            raise DataError(f"{where}: no name (give it in curated/indicators.csv)")
        if row["programme"] not in programme_codes:
            raise DataError(f"{where}: unknown programme {row['programme']!r}")
        if row["breakthrough"] and (row["programme"], row["breakthrough"]) not in bt_numbers:
            raise DataError(f"{where}: unknown breakthrough {row['breakthrough']!r}")
        if row["behaviour"] not in BEHAVIOURS:
            raise DataError(f"{where}: behaviour {row['behaviour']!r} not in {BEHAVIOURS}")
        if row["direction"] not in DIRECTIONS:
            raise DataError(f"{where}: direction {row['direction']!r} not in {DIRECTIONS}")
        if row["responsible_agency"] and row["responsible_agency"] not in agencies:
            raise DataError(f"{where}: unknown agency {row['responsible_agency']!r}")
        if row["tolerance"]:
            Decimal(row["tolerance"])
        rows.append(row)
    return rows


def _fill_indicator_urls(
    indicators: list[dict[str, str]],
    observations: list[dict[str, str]],
    targets: list[dict[str, str]],
) -> None:
    """Indicators with no targets.csv row cite the sources of their figures."""
    for row in indicators:
        if row["source_url"]:
            continue
        urls = [t["source_url"] for t in targets if t["indicator"] == row["code"]]
        urls += [o["source_url"] for o in observations if o["indicator"] == row["code"]]
        if not urls:
            raise DataError(f"indicator {row['code']}: no source_url and no sourced figure")
        row["source_url"] = _join_urls(*urls)


# -- observations ------------------------------------------------------------------------------


def _observations(
    data_dir: Path, mappings: dict[tuple[str, str, str], _Mapping], units: dict[str, str]
) -> list[dict[str, str]]:
    sources = [("actuals.csv", row) for row in _read(data_dir / "actuals.csv")]
    sources += [
        ("curated/observations_from_notes.csv", row)
        for row in _read(data_dir / CURATED / "observations_from_notes.csv")
    ]
    decisions: dict[tuple[str, str, str], dict[str, str]] = {}
    for dec in _read(data_dir / CURATED / "observation_decisions.csv"):
        key = (dec["source_code"], dec["published_period"], dec["published_value"])
        if key in decisions:
            raise DataError(f"observation_decisions.csv: duplicate decision {key}")
        if dec["estimate"] and dec["estimate"] not in ESTIMATE_KINDS:
            raise DataError(f"observation_decisions.csv {key}: bad estimate {dec['estimate']!r}")
        if dec["accepted"] not in ("", "yes", "no"):
            raise DataError(f"observation_decisions.csv {key}: accepted must be yes, no or ''")
        decisions[key] = dec
    used: set[tuple[str, str, str]] = set()

    out: list[dict[str, str]] = []
    for file, src in sources:
        code, published, raw_value = src["indicator_code"], src["year_or_period"], src["value"]
        where = f"{file} {code} {published!r} {raw_value!r}"
        if not src["source_url"]:
            raise DataError(f"{where}: no source_url")
        period, estimate, period_note = interpret_published_period(published)
        mapping = _lookup(mappings, "actuals.csv", code, src["unit"])
        key = (code, published, raw_value)
        if key in used:
            raise DataError(f"{where}: two rows share the same code, period and value")
        dec = decisions.get(key, {})
        if dec:
            used.add(key)
        if mapping.split:
            parts = _split_components(raw_value, mapping.split, where)
            split_note = f"split from {code} {published} '{raw_value}'"
        else:
            parts = [("", mapping.indicator, raw_value)]
            split_note = ""
        for label, indicator, text in parts:
            if indicator not in units:
                raise DataError(f"{where}: indicator {indicator!r} is not defined")
            parsed = parse_value(text)
            value, high, conversion = _convert(parsed, src["unit"], units[indicator], where)
            reported = f"{label} {text}" if label else text
            out.append(
                {
                    "indicator": indicator,
                    "period": str(period),
                    "locality": "",
                    "value": value,
                    "value_high": high,
                    "qualifier": parsed.qualifier,
                    "estimate": dec.get("estimate") or estimate,
                    "accepted": dec.get("accepted") or "yes",
                    "source": _hosts(src["source_url"]),
                    "source_url": _join_urls(src["source_url"]),
                    "reported_as": f"{reported} {src['unit']}".strip(),
                    "note": _notes(
                        mapping.note,
                        split_note,
                        period_note,
                        conversion,
                        f"Source note: {src['note']}" if src["note"] else "",
                        src.get("derived_from", ""),
                        dec.get("note", ""),
                    ),
                }
            )
    unused = set(decisions) - used
    if unused:
        raise DataError(f"observation_decisions.csv: decisions match no row: {sorted(unused)}")
    _check_accepted(out)
    return out


def _check_accepted(observations: list[dict[str, str]]) -> None:
    groups: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in observations:
        key = (row["indicator"], row["period"], row["locality"], row["estimate"])
        groups[key].append(row)
    for key, rows in groups.items():
        accepted = [r for r in rows if r["accepted"] == "yes"]
        if len(accepted) != 1:
            figures = ", ".join(f"{r['reported_as']} ({r['source']})" for r in rows)
            raise DataError(
                f"observations {key}: {len(accepted)} accepted figures among {figures}; "
                "decide in curated/observation_decisions.csv"
            )
        if len(rows) > 1 and not all("CONFLICT" in r["note"] for r in rows):
            raise DataError(f"observations {key}: several figures but no CONFLICT note")


# -- targets -----------------------------------------------------------------------------------

_TARGET_FIELDS = ("target_2025", "target_2030", "other_target", "note")


def _targets(
    data_dir: Path,
    by_code: dict[str, dict[str, str]],
    units: dict[str, str],
    localities: set[str],
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for dec in _read(data_dir / CURATED / "target_decisions.csv"):
        indicator = dec["indicator"]
        where = f"target_decisions.csv {indicator} {dec['source_text']!r}"
        src = by_code.get(dec["source_code"])
        if src is None:
            raise DataError(f"{where}: source code {dec['source_code']!r} not in targets.csv")
        if indicator not in units:
            raise DataError(f"{where}: unknown indicator")
        if dec["source_field"] not in _TARGET_FIELDS:
            raise DataError(f"{where}: source_field must be one of {_TARGET_FIELDS}")
        if dec["source_text"] not in src[dec["source_field"]]:
            raise DataError(f"{where}: text not found in targets.csv {dec['source_field']}")
        if dec["interpreted"] != "yes" and dec["value_text"] not in dec["source_text"]:
            raise DataError(f"{where}: value {dec['value_text']!r} is not in the source text")
        if dec["interpreted"] == "yes" and not dec["note"]:
            raise DataError(f"{where}: an interpreted value needs a note")
        parsed = parse_value(dec["value_text"])
        if parsed.value is None:
            raise DataError(f"{where}: a target needs a number")
        value, high, conversion = _convert(
            parsed, dec["reported_unit"] or src["unit"], units[indicator], where
        )
        start, year = int(dec["start_year"]), int(dec["year"])
        if start > year:
            raise DataError(f"{where}: start_year after year")
        urls = split_urls(dec["source_url"]) or split_urls(src["source_url"])
        stray = [u for u in urls if u not in split_urls(src["source_url"])]
        if stray:
            raise DataError(f"{where}: URLs not cited by the targets.csv row: {stray}")
        if dec["locality"] and dec["locality"] not in localities:
            raise DataError(f"{where}: unknown locality {dec['locality']!r}")
        if dec["revises"] and not dec["revision_reason"]:
            raise DataError(f"{where}: a revision needs a revision_reason")
        out.append(
            {
                "indicator": indicator,
                "start_year": str(start),
                "year": str(year),
                "value": value,
                "value_high": high,
                "qualifier": parsed.qualifier,
                "document": dec["document"],
                "source_url": _join_urls(urls),
                "locality": dec["locality"],
                "revises": dec["revises"],
                "revision_reason": dec["revision_reason"],
                "note": _notes(
                    dec["note"],
                    conversion,
                    f"Published as '{dec['source_text']}' ({dec['source_code']}, "
                    f"{dec['source_field']} in targets.csv).",
                ),
            }
        )
    # every revision points at an earlier target of the same indicator, year and place
    keys = {(t["indicator"], t["year"], t["locality"], t["document"]) for t in out}
    for t in out:
        if t["revises"] and (t["indicator"], t["year"], t["locality"], t["revises"]) not in keys:
            raise DataError(
                f"target {t['indicator']} {t['year']}: revises {t['revises']!r}, which has no "
                "target of the same indicator, year and locality"
            )
    return out


# -- baselines ---------------------------------------------------------------------------------


def _baselines(
    targets_src: list[dict[str, str]],
    mappings: dict[tuple[str, str, str], _Mapping],
    units: dict[str, str],
    observations: list[dict[str, str]],
) -> list[dict[str, str]]:
    out = []
    for src in targets_src:
        if not src["baseline_year"]:
            continue
        code = src["indicator_code"]
        where = f"targets.csv {code} baseline"
        mapping = _lookup(mappings, "targets.csv", code)
        indicator = mapping.indicator
        if not re.fullmatch(r"\d{4}", src["baseline_year"]):
            # a span (e.g. 2010-2020): no single baseline year; the figure must be an observation
            period, _, _ = interpret_published_period(src["baseline_year"])
            if not any(
                o["indicator"] == indicator and o["period"] == str(period) for o in observations
            ):
                raise DataError(f"{where}: span {src['baseline_year']} has no observation")
            continue
        parsed = parse_value(src["baseline_value"])
        if parsed.value is None:
            raise DataError(f"{where}: the baseline needs a number")
        value, _, conversion = _convert(parsed, src["unit"], units[indicator], where)
        same = [
            o
            for o in observations
            if o["indicator"] == indicator
            and o["period"] == src["baseline_year"]
            and o["value"] == value
            and o["accepted"] == "yes"
        ]
        also = (
            f"Same figure as the observation {src['baseline_year']} ({same[0]['source']})."
            if same
            else ""
        )
        urls = _join_urls(*[o["source_url"] for o in same], src["source_url"])
        out.append(
            {
                "indicator": indicator,
                "year": src["baseline_year"],
                "value": value,
                "qualifier": parsed.qualifier,
                "source": _hosts(urls),
                "source_url": urls,
                "note": _notes(
                    f"Baseline from targets.csv ({code}).",
                    also,
                    conversion,
                    f"Source note: {src['note']}" if src["note"] else "",
                ),
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# core reference lists
# --------------------------------------------------------------------------------------------


def build_core(data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, list[dict[str, str]]]:
    """Localities, agencies and zones (see CORE_COLUMNS), every cell a string."""
    data_dir = Path(data_dir)
    localities = _localities(data_dir)
    agencies = _agencies(data_dir)
    zones = _zones(data_dir, {row["code"] for row in localities})
    core = {
        "localities": _referenced_first(localities, "parent"),
        "agencies": _referenced_first(agencies, "successor"),
        "zones": _referenced_first(zones, "parent"),
    }
    for name, rows in core.items():
        _check_sheet(name, rows, CORE_COLUMNS[name])
        codes = [row["code"] for row in rows]
        if len(set(codes)) != len(codes):
            raise DataError(f"{name}: duplicate codes")
        for row in rows:
            if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", row["code"]):
                raise DataError(f"{name} {row['code']!r}: codes are upper-case ASCII with '-'")
            if not row["source_url"]:
                raise DataError(f"{name} {row['code']}: no source_url")
    return core


def _solution_groups(data_dir: Path, programmes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The programme's groups of solutions, as the resolution names them."""
    codes = {p["code"] for p in programmes}
    rows = _read(data_dir / CURATED / "solution_groups.csv")
    for row in rows:
        if row["programme"] not in codes:
            raise DataError(f"solution group {row['code']}: unknown programme")
    return [{k: row[k] for k in WORKBOOK_COLUMNS["solution_groups"]} for row in rows]


def build_province_workbook(data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, list[dict]]:
    """The whole province workbook (docs/province-workbook.md): the province, its places,
    agencies and zones, then the programme sheets. The province row is the top-level
    province of the places, named as the data names it."""
    core = build_core(data_dir)
    provinces = [r for r in core["localities"] if r["kind"] == "province" and not r["parent"]]
    if len(provinces) != 1:
        raise DataError(f"localities: {len(provinces)} top-level provinces, expected one")
    place = provinces[0]
    province = {
        "code": place["code"],
        "slug": _slug(place["name_vi"]),
        "name_vi": place["name_vi"],
        "name_en": place["name_en"],
        "locality": place["code"],
        "valid_from": place["valid_from"],
        "valid_to": place["valid_to"],
        "successor": "",
        "source_url": place["source_url"],
        "note": "",
    }
    return {
        "province": [province],
        "places": core["localities"],
        "agencies": core["agencies"],
        "zones": core["zones"],
        **build_workbook(data_dir),
    }


def _slug(name: str) -> str:
    """ "Tỉnh Hà Giang" -> "ha-giang": the name without its kind, unaccented, hyphenated."""
    import unicodedata

    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()
    for kind in ("tinh ", "thanh pho "):
        plain = plain.removeprefix(kind)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _referenced_first(rows: list[dict[str, str]], column: str) -> list[dict[str, str]]:
    """Keep the source order, but put a row after the row its ``column`` refers to, so that a
    loader reading top-down always finds the parent (or successor) already loaded."""
    done: set[str] = set()
    out: list[dict[str, str]] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r[column] or r[column] in done]
        if not ready:
            raise DataError(f"circular {column} among {[r['code'] for r in pending]}")
        first = ready[0]
        out.append(first)
        done.add(first["code"])
        pending.remove(first)
    return out


_LOCALITY_PREFIX = {"thành phố": "Thành phố", "thị xã": "Thị xã", "huyện": "Huyện"}
_LOCALITY_SUFFIX = {"city": "City", "town": "Town", "district": "District"}


def _localities(data_dir: Path) -> list[dict[str, str]]:
    admin = {row["name_vi"]: row for row in _read(data_dir / "admin_units.csv")}
    used: set[str] = set()
    out = []
    for cur in _read(data_dir / CURATED / "localities.csv"):
        row = {k: cur[k] for k in CORE_COLUMNS["localities"]}
        where = f"locality {row['code']}"
        notes = [cur["note"]]
        if cur["source_name_vi"]:
            src = admin.get(cur["source_name_vi"])
            if src is None:
                raise DataError(f"{where}: {cur['source_name_vi']!r} not in admin_units.csv")
            used.add(cur["source_name_vi"])
            row["kind"] = row["kind"] or src["kind"]
            prefix = _LOCALITY_PREFIX[src["kind_vi"]]
            row["name_vi"] = row["name_vi"] or f"{prefix} {src['name_vi']}"
            row["name_en"] = row["name_en"] or f"{src['name_en']} {_LOCALITY_SUFFIX[src['kind']]}"
            row["source_url"] = row["source_url"] or src["source_url"]
            notes.append(f"Status until 2025: {src['status_until_2025']}.")
            if src["notes"]:
                notes.append(f"Source note: {src['notes']}")
        row["note"] = _notes(*notes)
        if row["kind"] not in LOCALITY_KINDS:
            raise DataError(f"{where}: kind {row['kind']!r} not in {LOCALITY_KINDS}")
        _check_date(row["valid_from"], where)
        _check_date(row["valid_to"], where)
        out.append(row)
    missing = set(admin) - used
    if missing:
        raise DataError(f"admin_units.csv rows without a locality: {sorted(missing)}")
    codes = {row["code"] for row in out}
    for row in out:
        if row["parent"] and row["parent"] not in codes:
            raise DataError(f"locality {row['code']}: unknown parent {row['parent']!r}")
    return out


def _agencies(data_dir: Path) -> list[dict[str, str]]:
    decisions = {d["source_name_vi"]: d for d in _read(data_dir / CURATED / "agency_decisions.csv")}
    used: set[str] = set()
    out = []
    for src in _read(data_dir / "agencies.csv"):
        dec = decisions.get(src["name_vi"])
        if dec is None:
            raise DataError(f"agencies.csv {src['name_vi']!r}: no decision in agency_decisions.csv")
        used.add(src["name_vi"])
        where = f"agency {dec['code']}"
        row = {
            "code": dec["code"],
            "name_vi": src["name_vi"],
            "name_en": src["name_en"],
            "kind": dec["kind"],
            "valid_from": _check_date(dec["valid_from"], where),
            "valid_to": _check_date(dec["valid_to"], where),
            "successor": dec["successor"],
            # The head as the research wrote it ("Director X (2023)") is a curation remark:
            # it goes to the internal note, the role to the page in both languages.
            "head": "",
            "role": dec["role_vi"],
            "role_en": dec["role_en"],  # place names unaccented, as in every English name
            "source_url": _join_urls(src["source_url"]),
            "note": _notes(
                f"Level: {src['level']}; active: {src['period_active'] or 'not stated'}.",
                f"Head or contact: {src['head_or_contact_if_stated']}."
                if src["head_or_contact_if_stated"]
                else "",
                f"Source note: {src['note']}" if src["note"] else "",
                dec["note"],
            ),
        }
        if row["kind"] not in AGENCY_KINDS:
            raise DataError(f"{where}: kind {row['kind']!r} not in {AGENCY_KINDS}")
        out.append(row)
    unused = set(decisions) - used
    if unused:
        raise DataError(f"agency_decisions.csv rows match no agency: {sorted(unused)}")
    codes = {row["code"] for row in out}
    for row in out:
        if row["successor"] and row["successor"] not in codes:
            raise DataError(f"agency {row['code']}: unknown successor {row['successor']!r}")
    return out


def _area(text: str, column: str, where: str) -> tuple[str, str]:
    if not text:
        return "", ""
    parsed = parse_value(text)
    if parsed.value is None or parsed.value_high is not None:
        raise DataError(f"{where}: {column} {text!r} is not a single number")
    if parsed.qualifier == "exact":
        return _fmt(parsed.value), ""
    return _fmt(parsed.value), f"{column} is {parsed.qualifier} ({text})"


_ESTABLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NOT_FOUND = ("not found", "not stated")


def _zones(data_dir: Path, localities: set[str]) -> list[dict[str, str]]:
    decisions = {d["source_name_vi"]: d for d in _read(data_dir / CURATED / "zone_decisions.csv")}
    used: set[str] = set()
    out = []
    for src in _read(data_dir / "zones.csv"):
        dec = decisions.get(src["name_vi"])
        if dec is None:
            raise DataError(f"zones.csv {src['name_vi']!r}: no decision in zone_decisions.csv")
        used.add(src["name_vi"])
        where = f"zone {dec['code']}"
        total, total_note = _area(src["total_area_ha"], "total_area_ha", where)
        industrial, ind_note = _area(src["industrial_land_ha"], "industrial_land_ha", where)
        developer, dev_note = src["developer"], ""
        if developer.lower().startswith(_NOT_FOUND):
            developer, dev_note = "", f"Developer: {src['developer']}."
        elif developer and src["kind"] == "economic_zone":
            # an economic zone has a management board, not an infrastructure developer
            developer, dev_note = "", f"Management as published: {src['developer']}."
        if dec["established"] and not _ESTABLISHED.fullmatch(dec["established"]):
            raise DataError(f"{where}: established must be YYYY, YYYY-MM or YYYY-MM-DD")
        row = {
            "code": dec["code"],
            "name_vi": src["name_vi"],
            "name_en": dec["name_en"],
            "kind": src["kind"],
            "parent": dec["parent"],
            "locality": dec["locality"],
            "total_area_ha": total,
            "industrial_land_ha": industrial,
            "leased_land_ha": "",
            "occupancy_note": src["leased_or_occupancy"],
            "developer": developer,
            "established": dec["established"],
            "status": dec["status"],
            "source_url": _join_urls(src["source_url"]),
            "note": _notes(
                f"Location as published: {src['locality']}." if src["locality"] else "",
                f"Established/approved as published: {src['established_or_approved']}."
                if src["established_or_approved"]
                else "",
                src["other_facts"],
                f"Source note: {src['note']}" if src["note"] else "",
                total_note,
                ind_note,
                dev_note,
                dec["note"],
            ),
        }
        if row["kind"] not in ZONE_KINDS:
            raise DataError(f"{where}: kind {row['kind']!r} not in {ZONE_KINDS}")
        if row["status"] not in ZONE_STATUSES:
            raise DataError(f"{where}: status {row['status']!r} not in {ZONE_STATUSES}")
        if row["locality"] and row["locality"] not in localities:
            raise DataError(f"{where}: unknown locality {row['locality']!r}")
        out.append(row)
    unused = set(decisions) - used
    if unused:
        raise DataError(f"zone_decisions.csv rows match no zone: {sorted(unused)}")
    codes = {row["code"] for row in out}
    for row in out:
        if row["parent"] and row["parent"] not in codes:
            raise DataError(f"zone {row['code']}: unknown parent {row['parent']!r}")
        if row["parent"] == row["code"]:
            raise DataError(f"zone {row['code']}: a zone cannot be its own parent")
    return out
