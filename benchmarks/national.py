"""A national data set for measuring Xúc Tiến at the scale of 34 provinces (issue 12).

    psql -h 127.0.0.1 -U postgres -c 'create database h_mine'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_mine .venv/bin/xuctien migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_mine .venv/bin/python \
        benchmarks/national.py --size quick        # ~20 s; --size medium, --size full

(SQLite works too at quick size: ``DATABASE_URL=sqlite:////tmp/national.sqlite3``.)

What it builds, on a fresh (migrated) database:

1. The real one-province load, exactly as ``xuctien demo --no-server`` does it: Quảng Ninh's
   programmes, projects, tasks, the shipped Bắc Ninh, the demo accounts (password
   ``xuctien-demo-2026``: ``thuky`` secretariat, ``socongthuong`` agency officer, ``quocgia``
   national…) and the demo's synthetic records. Skipped when Quảng Ninh is already there.
2. Synthetic provinces ``SYN01``… ("Tỉnh Tổng hợp 01 (minh hoạ)") so that the installation
   has ``--size``'s number of provinces, each with its province locality and communes,
   Quảng Ninh's agencies (same codes), zones, and a copy of Resolution 01 (NQ01): its
   breakthroughs, solution groups, indicators, approved baselines and targets (scaled).
3. Synthetic rows, all marked ``is_synthetic`` where the model has the flag: figures
   (``programmes.Observation``, approved, per entered indicator × place × period),
   investors, projects with their investors, stage changes and capital events, tasks with
   coordinating agencies and occurrences, aftercare requests with assignments and their
   timeline.

Rows are written in bulk with explicit ids (PostgreSQL COPY, SQLite executemany), with no
per-row ``save()`` and no history entry per row; sequences are reset at the end. Running it
again on a database that already has the synthetic provinces changes nothing and prints
the counts. Importable: ``build(SIZES["quick"])`` returns the counts (used by the tests).
"""

import argparse
import itertools
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYNTHETIC_PREFIX = "SYN"
NOTE = "synthetic (minh hoạ): benchmarks/national.py"
TEMPLATE_PROVINCE = "QN"
TEMPLATE_PROGRAMME = "NQ01"


@dataclass(frozen=True)
class Size:
    name: str
    provinces: int  # in all, with Quảng Ninh and the shipped ones
    projects: int  # synthetic, over the synthetic provinces
    figures: int
    tasks: int
    requests: int
    investors: int
    communes: int = 0  # per synthetic province; 0: as many as the figures need


SIZES = {
    "tiny": Size("tiny", 3, 300, 3_000, 60, 120, 80, communes=4),
    "quick": Size("quick", 5, 2_000, 20_000, 500, 1_000, 500),
    "medium": Size("medium", 12, 25_000, 250_000, 5_000, 10_000, 2_000),
    "full": Size("full", 34, 250_000, 2_000_000, 50_000, 100_000, 20_000),
}


# ---------------------------------------------------------------------------------------
# Bulk writing with explicit ids
# ---------------------------------------------------------------------------------------


class Table:
    """Rows of one model, written in bulk: COPY on PostgreSQL, executemany elsewhere."""

    BATCH = 50_000

    def __init__(self, model, now) -> None:  # type: ignore[no-untyped-def]
        from django.db import connection
        from django.db.models import Max
        from django.db.models.fields import NOT_PROVIDED

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        template: list = []
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                template.append(now)
            elif field.default is not NOT_PROVIDED:
                template.append(field.get_default())
            elif field.null:
                template.append(None)
            elif field.get_internal_type() in ("CharField", "TextField", "SlugField"):
                template.append("")
            else:
                template.append(None)
        self.template = template
        self.rows: list[list] = []
        self.count = 0
        self.next_id = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.postgres = connection.vendor == "postgresql"
        self.converters: list[Callable | None] = []
        if not self.postgres:  # SQLite: dates and datetimes as Django stores them
            ops = connection.ops
            for field in self.fields:
                kind = field.get_internal_type()
                if kind == "DateTimeField":
                    self.converters.append(ops.adapt_datetimefield_value)
                elif kind == "DecimalField":
                    self.converters.append(lambda v: None if v is None else str(v))
                elif kind == "DateField":
                    self.converters.append(ops.adapt_datefield_value)
                else:
                    self.converters.append(None)

    def add(self, **values) -> int:  # type: ignore[no-untyped-def]
        row = self.template.copy()
        pk = values.pop("id", None)
        if pk is None:
            pk = self.next_id
            self.next_id += 1
        row[0] = pk
        position = self.position
        for name, value in values.items():
            row[position[name]] = value
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self.flush()
        return pk

    def flush(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                convert = [(i, c) for i, c in enumerate(self.converters) if c]
                for row in self.rows:
                    for i, c in convert:
                        row[i] = c(row[i])
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        self.count += len(self.rows)
        self.rows = []


class Writer:
    """One ``Table`` per model; ``close()`` flushes all and moves the id sequences on."""

    def __init__(self) -> None:
        from django.utils import timezone

        self.now = timezone.now()
        self.tables: dict = {}

    def __call__(self, model) -> Table:  # type: ignore[no-untyped-def]
        if model not in self.tables:
            self.tables[model] = Table(model, self.now)
        return self.tables[model]

    def flush(self, *models) -> None:  # type: ignore[no-untyped-def]
        for model in models or list(self.tables):
            if model in self.tables:
                self.tables[model].flush()

    def close(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        self.flush()
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------


def setup_django() -> None:
    """For a script run: the settings of ``xuctien`` (tests and the app have theirs)."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuctien.settings")
    os.environ.setdefault("XT_DEBUG", "1")
    import django

    django.setup()


def load_one_province(out: Callable[[str], None] = print, migrate: bool = True) -> None:
    """The demo's own load (Quảng Ninh, Bắc Ninh, demo accounts), unless already there."""
    from django.core.management import call_command

    from xuctien.core.models import Province

    if Province.objects.filter(code=TEMPLATE_PROVINCE).exists():
        out("one-province load: already there")
        return
    from io import StringIO

    if migrate:
        call_command("demo", no_server=True, stdout=StringIO())
    else:  # the same steps as ``xuctien demo``, on a database already migrated (tests)
        from xuctien.actions.demo import load_demo_tasks
        from xuctien.aftercare.demo import load_demo_requests
        from xuctien.core.demo import demo_steps, ensure_demo_accounts
        from xuctien.labour.demo import load_demo_needs
        from xuctien.national.shipped import load_shipped_provinces

        call_command("load_quangninh", stdout=StringIO())
        province = Province.objects.get(code=TEMPLATE_PROVINCE)
        load_shipped_provinces()
        for _name, demo_step in demo_steps():
            demo_step(province)
        ensure_demo_accounts(province)
        load_demo_tasks(province=province)
        load_demo_requests(province=province)
        load_demo_needs()
    out("one-province load: the demo's (Quảng Ninh, shipped provinces, demo accounts)")


def counts() -> dict[str, int]:
    from xuctien.actions.models import Occurrence, Task
    from xuctien.aftercare.models import Assignment, Request, RequestEvent
    from xuctien.core.models import Agency, Locality, Province, Zone
    from xuctien.investments.models import CapitalEvent, Investor, Project, StageChange
    from xuctien.programmes.models import Indicator, Observation, Programme, Target

    models = [
        Province,
        Locality,
        Agency,
        Zone,
        Programme,
        Indicator,
        Target,
        Observation,
        Investor,
        Project,
        StageChange,
        CapitalEvent,
        Task,
        Occurrence,
        Request,
        Assignment,
        RequestEvent,
    ]
    return {m._meta.label: m._base_manager.count() for m in models}


def build(size: Size, seed: int = 12, out: Callable[[str], None] = print) -> dict[str, int]:
    """Build the national data set of ``size`` (see the module docstring); return counts."""
    from django.db import connection, transaction

    from xuctien.core.models import Province

    started = time.perf_counter()
    load_one_province(out)
    out(f"  {time.perf_counter() - started:.1f} s")
    if Province.objects.filter(code__startswith=SYNTHETIC_PREFIX).exists():
        out("synthetic provinces: already there, nothing written")
        return counts()
    existing = Province.objects.count()
    wanted = max(size.provinces - existing, 1)
    rng = random.Random(seed)
    writer = Writer()
    with transaction.atomic():
        builder = Builder(writer, rng, size, out)
        step(out, "provinces, places, agencies, zones", lambda: builder.provinces(wanted))
        step(out, "programmes (copies of NQ01)", builder.programmes)
        step(out, "figures", builder.figures)
        step(out, "investors", builder.investors)
        step(out, "projects, stage changes, capital events", builder.projects)
        step(out, "tasks and occurrences", builder.tasks)
        step(out, "aftercare requests", builder.requests)
        step(out, "sequences", writer.close)
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would give a production database: right
        # after bulk COPY the planner guesses row counts and picks sequential scans.
        with connection.cursor() as cursor:
            step(out, "analyze", lambda: cursor.execute("ANALYZE"))
    result = counts()
    out(f"built in {time.perf_counter() - started:.1f} s")
    return result


def step(out: Callable[[str], None], name: str, action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    out(f"{name}: {time.perf_counter() - started:.1f} s")


def split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@dataclass
class Place:
    province_id: int
    code: str
    locality_id: int
    communes: list[int]
    agencies: dict[str, int]
    zones: list[tuple[int, int]]  # (zone id, locality id)
    programme_id: int = 0
    factor: float = 1.0
    indicators: list = None  # type: ignore[assignment]  (id, code, behaviour, unit, base)
    breakthroughs: list[int] = None  # type: ignore[assignment]
    groups: list[int] = None  # type: ignore[assignment]
    projects: list[int] = None  # type: ignore[assignment]
    public_projects: list[tuple[int, int]] = None  # type: ignore[assignment]


class Builder:
    def __init__(self, writer: Writer, rng: random.Random, size: Size, out) -> None:  # type: ignore[no-untyped-def]
        from xuctien.core.models import Province
        from xuctien.programmes.models import Programme

        self.w = writer
        self.rng = rng
        self.size = size
        self.out = out
        from django.utils import timezone

        self.today = timezone.localdate()
        self.template_province = Province.objects.get(code=TEMPLATE_PROVINCE)
        self.template = Programme.objects.get(
            province=self.template_province, code=TEMPLATE_PROGRAMME
        )
        self.places: list[Place] = []
        self.investor_ids: list[int] = []

    # --- provinces -----------------------------------------------------------------

    def provinces(self, wanted: int) -> None:
        from xuctien.core.models import Agency, Locality, Province, Zone

        w, rng = self.w, self.rng
        agencies = list(Agency.objects.filter(province=self.template_province, valid_to=None))
        places_per_province = self._communes_needed(wanted)
        provinces, localities = w(Province), w(Locality)
        for number in range(1, wanted + 1):
            code = f"{SYNTHETIC_PREFIX}{number:02d}"
            name = f"Tỉnh Tổng hợp {number:02d} (minh hoạ)"
            province_id = provinces.add(
                code=code,
                slug=code.lower(),
                name_vi=name,
                name_en=f"Synthetic province {number:02d}",
                note=NOTE,
            )
            provinces.flush()  # the localities point at it
            locality_id = localities.add(
                province_id=province_id,
                code=code,
                kind=Locality.Kind.PROVINCE,
                name_vi=name,
                name_en=f"Synthetic province {number:02d}",
                note=NOTE,
            )
            communes = [
                localities.add(
                    province_id=province_id,
                    code=f"{code}-X{n:03d}",
                    kind=Locality.Kind.COMMUNE,
                    parent_id=locality_id,
                    name_vi=f"Xã {n:03d} ({name})",
                    name_en=f"Commune {n:03d}",
                    note=NOTE,
                )
                for n in range(1, places_per_province)
            ]
            place = Place(province_id, code, locality_id, communes, {}, [])
            place.factor = rng.uniform(0.3, 1.8)
            for agency in agencies:
                place.agencies[agency.code] = w(Agency).add(
                    province_id=province_id,
                    code=agency.code,
                    abbreviation=agency.abbreviation,
                    kind=agency.kind,
                    name_vi=agency.name_vi.replace("Quảng Ninh", name),
                    name_en=agency.name_en.replace("Quang Ninh", f"Synthetic {number:02d}"),
                    role=agency.role,
                    note=NOTE,
                )
            for n in range(1, 9):
                kind = (
                    Zone.Kind.ECONOMIC_ZONE
                    if n == 1
                    else Zone.Kind.INDUSTRIAL_PARK
                    if n <= 6
                    else Zone.Kind.INDUSTRIAL_CLUSTER
                )
                zone_locality = rng.choice(communes) if communes else locality_id
                area = Decimal(rng.randrange(150, 3000))
                zone_id = w(Zone).add(
                    province_id=province_id,
                    code=f"{code}-Z{n}",
                    kind=kind,
                    locality_id=zone_locality,
                    name_vi=f"Khu công nghiệp {n} ({name})",
                    name_en=f"Industrial park {n}",
                    total_area_ha=area,
                    industrial_land_ha=area * Decimal("0.7"),
                    leased_land_ha=area * Decimal("0.4"),
                    status=Zone.Status.OPERATING,
                    note=NOTE,
                )
                place.zones.append((zone_id, zone_locality))
            self.places.append(place)
        w.flush(Locality)
        provinces.flush()
        for place in self.places:  # the province's own locality, now that both exist
            Province.objects.filter(pk=place.province_id).update(locality_id=place.locality_id)
        w.flush(Agency, Zone)

    def _communes_needed(self, wanted: int) -> int:
        """Places per province (with the province itself) the figures need."""
        if self.size.communes:
            return self.size.communes + 1
        entered = self.template.indicators.filter(registry_feed="", formula="").count()
        per_place = max(entered, 1) * len(PERIODS)
        return max(2, math.ceil(self.size.figures / wanted / per_place))

    # --- programmes ----------------------------------------------------------------

    def programmes(self) -> None:
        from xuctien.programmes.models import (
            Baseline,
            Breakthrough,
            Indicator,
            Programme,
            SolutionGroup,
            Target,
        )

        w, template = self.w, self.template
        breakthroughs = list(template.breakthroughs.all())
        groups = list(template.solution_groups.all())
        indicators = list(
            template.indicators.select_related("responsible_agency").prefetch_related(
                "targets", "baselines"
            )
        )
        agency_codes = {i.pk: i.responsible_agency.code for i in indicators if i.responsible_agency}
        for place in self.places:
            place.programme_id = w(Programme).add(
                province_id=place.province_id,
                code=template.code,
                number=template.number,
                issuing_body=template.issuing_body,
                issued_on=template.issued_on,
                name_vi=template.name_vi,
                name_en=template.name_en,
                note=NOTE,
            )
            by_number = {
                b.pk: w(Breakthrough).add(
                    programme_id=place.programme_id,
                    number=b.number,
                    name_vi=b.name_vi,
                    name_en=b.name_en,
                )
                for b in breakthroughs
            }
            place.breakthroughs = list(by_number.values())
            place.groups = [
                w(SolutionGroup).add(
                    programme_id=place.programme_id,
                    code=g.code,
                    order=g.order,
                    takes_reform_tasks=g.takes_reform_tasks,
                    name_vi=g.name_vi,
                    name_en=g.name_en,
                )
                for g in groups
            ]
            place.indicators = []
            for indicator in indicators:
                indicator_id = w(Indicator).add(
                    province_id=place.province_id,
                    programme_id=place.programme_id,
                    breakthrough_id=by_number.get(indicator.breakthrough_id),
                    code=indicator.code,
                    name_vi=indicator.name_vi,
                    name_en=indicator.name_en,
                    unit=indicator.unit,
                    unit_en=indicator.unit_en,
                    behaviour=indicator.behaviour,
                    direction=indicator.direction,
                    tolerance=indicator.tolerance,
                    responsible_agency_id=place.agencies.get(agency_codes.get(indicator.pk)),
                    formula=indicator.formula,
                    description=indicator.description,
                    description_en=indicator.description_en,
                    order=indicator.order,
                    registry_feed=indicator.registry_feed,
                    note=NOTE,
                )
                scale = Decimal(str(round(place.factor, 3)))
                share = indicator.unit.strip().startswith("%")
                base = None
                for target in indicator.targets.all():
                    if not target.is_approved or target.locality_id or target.revises_id:
                        continue
                    value = target.value if share else target.value * scale
                    base = base or value
                    w(Target).add(
                        indicator_id=indicator_id,
                        start_year=target.start_year,
                        year=target.year,
                        value=value,
                        qualifier=target.qualifier,
                        document=target.document,
                        status=Target.Status.APPROVED,
                        note=NOTE,
                    )
                for baseline in indicator.baselines.all():
                    if not baseline.is_approved or baseline.revises_id:
                        continue
                    w(Baseline).add(
                        indicator_id=indicator_id,
                        year=baseline.year,
                        value=baseline.value if share else baseline.value * scale,
                        qualifier=baseline.qualifier,
                        status=Baseline.Status.APPROVED,
                        note=NOTE,
                    )
                if not indicator.registry_feed and not indicator.formula.strip():
                    place.indicators.append(
                        (indicator_id, indicator.behaviour, indicator.unit, base)
                    )
        w.flush(Programme, Breakthrough, SolutionGroup, Indicator, Target, Baseline)

    # --- figures -------------------------------------------------------------------

    def figures(self) -> None:
        from xuctien.core import bounds
        from xuctien.programmes.models import Observation

        w, rng = self.w, self.rng
        table = w(Observation)
        approved = Observation.Status.APPROVED
        quotas = split(self.size.figures, len(self.places))
        for place, quota in zip(self.places, quotas, strict=True):
            written = 0
            places = [place.locality_id, *place.communes]
            for locality_id in places:
                if written >= quota:
                    break
                local = 1.0 if locality_id == place.locality_id else 1 / max(len(places), 2)
                for indicator_id, _behaviour, unit, base in place.indicators:
                    if written >= quota:
                        break
                    low, high = bounds.indicator_range(unit)
                    share = (unit or "").strip().startswith("%")
                    start = float(base) if base else rng.uniform(5, 500)
                    if not share:
                        start *= local
                    for period, kind, year, start_year, months in PERIODS:
                        if written >= quota:
                            break
                        grown = start * (1.06 ** (year - 2016)) * rng.uniform(0.85, 1.15)
                        if not share:
                            grown *= months / 12
                        value = Decimal(f"{min(max(grown, float(low)), float(high)):.3f}")
                        roll = rng.random()
                        table.add(
                            indicator_id=indicator_id,
                            period=period,
                            period_kind=kind,
                            year=year,
                            start_year=start_year,
                            locality_id=locality_id,
                            value=value,
                            status=approved if roll < 0.97 else "submitted",
                            source="Số liệu tổng hợp (minh hoạ)",
                            note=NOTE,
                        )
                        written += 1
        table.flush()

    # --- investors and projects ----------------------------------------------------

    def investors(self) -> None:
        from xuctien.investments.models import Investor

        countries = ["VN", "KR", "JP", "CN", "SG", "TW", "US", "DE", "HK", "TH"]
        table = self.w(Investor)
        self.investor_ids = [
            table.add(
                name=f"Công ty Tổng hợp {n:05d} (minh hoạ)",
                country=self.rng.choice(countries),
                tax_code=f"9{n:09d}",
                is_synthetic=True,
                note=NOTE,
            )
            for n in range(1, self.size.investors + 1)
        ]
        table.flush()

    def projects(self) -> None:
        from xuctien.investments.models import CapitalEvent, Project, Sector, StageChange
        from xuctien.investments.stages import EXITS, PIPELINE, POST_IRC

        w, rng, today = self.w, self.rng, self.today
        sectors = list(Sector.objects.values_list("pk", flat=True)) or [None]
        projects, links = w(Project), w(Project.investors.through)
        changes, capital = w(StageChange), w(CapitalEvent)
        weights = [20, 12, 8, 6, 5, 12, 7, 10, 15, 2, 2, 1]
        stages = [*PIPELINE, *EXITS]
        counter = itertools.count(1)
        quotas = split(self.size.projects, len(self.places))
        for place, quota in zip(self.places, quotas, strict=True):
            place.projects, place.public_projects = [], []
            for _ in range(quota):
                n = next(counter)
                stage = rng.choices(stages, weights)[0]
                exit_from = rng.randrange(1, len(PIPELINE) - 1) if stage in EXITS else None
                reached = exit_from if exit_from is not None else PIPELINE.index(stage)
                entry = rng.randrange(0, reached + 1)
                first_day = today - timedelta(days=rng.randrange(60, 3600))
                public = stage in POST_IRC or (exit_from is not None and exit_from >= 5)
                irc_day = first_day + timedelta(days=30 * max(5 - entry, 0)) if public else None
                zone_id, locality_id = rng.choice(place.zones)
                amount = Decimal(rng.randrange(20, 5000)) * Decimal(1_000_000_000)
                increase = amount * Decimal("0.3") if public and rng.random() < 0.3 else None
                project_id = projects.add(
                    province_id=place.province_id,
                    name=f"Dự án tổng hợp {n:06d} (minh hoạ)",
                    sector_id=rng.choice(sectors),
                    zone_id=zone_id,
                    locality_id=locality_id,
                    land_ha=Decimal(rng.randrange(1, 300)),
                    fdi=rng.random() < 0.6,
                    jobs_planned=rng.randrange(20, 3000),
                    stage=stage,
                    stage_since=min(first_day + timedelta(days=40 * (reached - entry)), today),
                    irc_number=f"{place.code}-{n:07d}" if public else None,
                    irc_date=irc_day,
                    expected_capital_vnd=amount,
                    capital_vnd=(amount + (increase or 0)) if public else None,
                    is_synthetic=True,
                    note=NOTE,
                )
                place.projects.append(project_id)
                investor = rng.choice(self.investor_ids)
                links.add(project_id=project_id, investor_id=investor)
                if rng.random() < 0.2:
                    other = rng.choice(self.investor_ids)
                    if other != investor:
                        links.add(project_id=project_id, investor_id=other)
                if public:
                    place.public_projects.append((project_id, investor))
                day, previous = first_day, ""
                path = list(PIPELINE[entry : reached + 1])
                if exit_from is not None:
                    path.append(stage)
                for to_stage in path:
                    changes.add(
                        project_id=project_id,
                        from_stage=previous,
                        to_stage=to_stage,
                        date=min(day, today),
                        reason="Nhà đầu tư dừng (minh hoạ)" if to_stage in EXITS else "",
                    )
                    previous, day = to_stage, day + timedelta(days=40)
                if public:
                    capital.add(
                        project_id=project_id,
                        kind=CapitalEvent.Kind.REGISTRATION,
                        date=irc_day,
                        amount=amount,
                        amount_vnd=amount,
                        note=NOTE,
                    )
                    if increase:
                        capital.add(
                            project_id=project_id,
                            kind=CapitalEvent.Kind.INCREASE,
                            date=min(irc_day + timedelta(days=365), today),
                            amount=increase,
                            amount_vnd=increase,
                            note=NOTE,
                        )
                    if rng.random() < 0.4:
                        capital.add(
                            project_id=project_id,
                            kind=CapitalEvent.Kind.DISBURSEMENT,
                            date=min(irc_day + timedelta(days=200), today),
                            amount=amount * Decimal("0.2"),
                            amount_vnd=amount * Decimal("0.2"),
                            note=NOTE,
                        )
        w.flush(Project, Project.investors.through, StageChange, CapitalEvent)

    # --- tasks ---------------------------------------------------------------------

    def tasks(self) -> None:
        from xuctien.actions.models import Occurrence, Task
        from xuctien.actions.schedule import periods

        w, rng, today = self.w, self.rng, self.today
        tasks, occurrences = w(Task), w(Occurrence)
        coordinating = w(Task.coordinating_agencies.through)
        kinds = ["none", "none", "none", "none", "quarterly", "quarterly", "yearly", "ongoing"]
        counter = itertools.count(1)
        quotas = split(self.size.tasks, len(self.places))
        for place, quota in zip(self.places, quotas, strict=True):
            agencies = list(place.agencies.values())
            for _ in range(quota):
                n = next(counter)
                recurrence = rng.choice(kinds)
                start = today - timedelta(days=rng.randrange(0, 1400))
                deadline = start + timedelta(days=rng.randrange(30, 900))
                if recurrence == "ongoing":
                    schedule = [("", None)]
                    deadline = None
                elif recurrence == "none":
                    schedule = [("", deadline)]
                else:
                    schedule = periods(recurrence, start, deadline)
                rows = []
                for label, due in schedule:
                    if due is None or due > today:
                        status, done = rng.choice(["not_started", "in_progress"]), None
                    else:
                        roll = rng.random()
                        if roll < 0.6:
                            status, done = "done", due - timedelta(days=rng.randrange(0, 20))
                        elif roll < 0.8:
                            status, done = "done_late", due + timedelta(days=rng.randrange(1, 60))
                            done = min(done, today)
                        else:
                            status, done = "overdue", None
                    rows.append((label, due, status, done))
                open_rows = [r for r in rows if r[2] not in ("done", "done_late")]
                task_status = open_rows[0][2] if open_rows else rows[-1][2]
                task_id = tasks.add(
                    province_id=place.province_id,
                    title_vi=f"Nhiệm vụ tổng hợp {n:06d} (minh hoạ)",
                    title_en=f"Synthetic task {n:06d}",
                    programme_id=place.programme_id,
                    breakthrough_id=rng.choice(place.breakthroughs or [None]),
                    solution_group_id=rng.choice(place.groups or [None]),
                    lead_agency_id=rng.choice(agencies),
                    start_date=start,
                    deadline=deadline,
                    recurrence=recurrence,
                    status=task_status,
                    percent=100 if not open_rows else rng.randrange(0, 90),
                    is_synthetic=True,
                    note=NOTE,
                )
                coordinating.add(task_id=task_id, agency_id=rng.choice(agencies))
                for label, due, status, done in rows:
                    occurrences.add(
                        task_id=task_id,
                        period_label=label,
                        due_date=due,
                        status=status,
                        completed_at=done,
                        percent=100 if done else 0,
                    )
        w.flush(Task, Task.coordinating_agencies.through, Occurrence)

    # --- aftercare -----------------------------------------------------------------

    def requests(self) -> None:
        from xuctien.aftercare.models import Assignment, Request, RequestEvent
        from xuctien.aftercare.models.requests import Category

        w, rng, today = self.w, self.rng, self.today
        requests, assignments, events = w(Request), w(Assignment), w(RequestEvent)
        categories = [c.value for c in Category]
        statuses = ["received", "assigned", "in_progress", "answered", "closed", "reopened"]
        weights = [5, 10, 15, 20, 45, 5]
        counter = itertools.count(1)
        quotas = split(self.size.requests, len(self.places))
        for place, quota in zip(self.places, quotas, strict=True):
            agencies = list(place.agencies.values())
            public = place.public_projects or [(None, rng.choice(self.investor_ids))]
            for _ in range(quota):
                n = next(counter)
                project_id, enterprise_id = rng.choice(public)
                status = rng.choices(statuses, weights)[0]
                received = today - timedelta(days=rng.randrange(0, 1000))
                answered = status in ("answered", "closed")
                answered_on = min(received + timedelta(days=rng.randrange(3, 40)), today)
                late = status in ("assigned", "in_progress") and rng.random() < 0.3
                request_id = requests.add(
                    province_id=place.province_id,
                    enterprise_id=enterprise_id,
                    project_id=project_id,
                    category=rng.choice(categories),
                    title=f"Kiến nghị tổng hợp {n:06d} (minh hoạ)",
                    description="Nội dung kiến nghị tổng hợp để đo hiệu năng (minh hoạ).",
                    channel=rng.choice(["portal", "meeting", "letter", "hotline"]),
                    received_on=received,
                    status=status,
                    escalation="secretariat" if late else "none",
                    escalated_on=received + timedelta(days=25) if late else None,
                    answered_on=answered_on if answered else None,
                    closed_on=answered_on if status == "closed" else None,
                    is_synthetic=True,
                )
                events.add(request_id=request_id, kind="received", on=received, status="received")
                if status == "received":
                    continue
                for agency_id in rng.sample(agencies, 2 if rng.random() < 0.2 else 1):
                    assigned = received + timedelta(days=1)
                    assignments.add(
                        request_id=request_id,
                        agency_id=agency_id,
                        assigned_on=assigned,
                        working_days=15,
                        deadline=assigned + timedelta(days=21),
                        started_on=assigned if status != "assigned" else None,
                        answered_on=answered_on if answered else None,
                        answer="Đã trả lời (minh hoạ)." if answered else "",
                    )
                    events.add(
                        request_id=request_id,
                        kind="routed",
                        on=assigned,
                        status="assigned",
                        agency_id=agency_id,
                    )
                if answered:
                    events.add(
                        request_id=request_id, kind="answered", on=answered_on, status="answered"
                    )
        w.flush(Request, Assignment, RequestEvent)


def _periods() -> list[tuple[str, str, int, int | None, int]]:
    """(period, kind, year, start year, months covered): years, quarters, months."""
    rows = [(str(y), "year", y, None, 12) for y in range(2016, 2026)]
    rows += [(f"{y}-Q{q}", "quarter", y, None, 3) for y in range(2020, 2026) for q in (1, 2, 3, 4)]
    months = range(1, 13)
    rows += [(f"{y}-M{m:02d}", "month", y, None, 1) for y in range(2023, 2026) for m in months]
    return rows


PERIODS = _periods()


def database_size() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default="quick")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--one-province", action="store_true", help="the demo's load only")
    args = parser.parse_args(list(argv) if argv is not None else None)
    setup_django()
    if args.one_province:
        load_one_province()
        for label, count in counts().items():
            print(f"  {label:<28} {count:>10,}")
        return
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    result = build(SIZES[args.size], seed=args.seed)
    for label, count in result.items():
        print(f"  {label:<28} {count:>10,}")
    if size := database_size():
        print(f"  database size: {size}")


if __name__ == "__main__":
    main()
