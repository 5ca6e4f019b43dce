"""Speed of the programme's hot paths, on a throw-away SQLite database of synthetic data.

    python3 dev.py bench            # prints a Markdown table for BENCHMARKS.md

Measured: the assessment engine alone; a whole programme's reports (what the dashboard
computes) with the number of queries; and a 1,000-row figures import. The data is
synthetic and lives only in var/bench.sqlite3, which is deleted first.
"""

import os
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

VAR = Path(tempfile.mkdtemp(prefix="xuctien-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{VAR / 'bench.sqlite3'}"
os.environ.setdefault("XT_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuctien.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

INDICATORS, YEARS = 60, 20


def best_of(runs: int, func):  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def bench_engine() -> tuple[str, float, str]:
    from xuctien.programmes import assessment as a

    spec = a.IndicatorSpec(
        a.Behaviour.LEVEL,
        a.Direction.HIGHER,
        (a.Target(2021, 2025, Decimal(15)), a.Target(2026, 2030, Decimal(20))),
        a.Baseline(2020, Decimal("9.8")),
    )
    yearly = {y: Decimal("10") + Decimal(y - 2020) / 3 for y in range(2021, 2031)}
    seconds, _ = best_of(3, lambda: [a.assess(spec, yearly) for _ in range(1000)])
    return "engine: 1,000 level indicators × 10 years", seconds, "—"


def make_programme():  # type: ignore[no-untyped-def]
    from xuctien.core.models import Locality
    from xuctien.programmes.models import Indicator, Observation, Programme, Target

    province = Locality.objects.create(code="BENCH", name_vi="Tỉnh (tổng hợp)", kind="province")
    programme = Programme.objects.create(code="BENCH", number="synthetic", name_vi="Synthetic")
    for i in range(INDICATORS):
        indicator = Indicator.objects.create(
            programme=programme,
            code=f"SYN_{i}",
            name_vi=f"Chỉ tiêu tổng hợp {i}",
            behaviour=["level", "rate", "cumulative"][i % 3],
        )
        Target.objects.create(
            indicator=indicator,
            start_year=2011,
            year=2030,
            value=Decimal(100),
            document="synthetic",
            status="approved",
        )
        Observation.objects.bulk_create(
            Observation(
                indicator=indicator,
                period=str(y),
                period_kind="year",
                year=y,
                locality=province,
                value=Decimal(y - 2005),
                status="approved",
                source="synthetic",
            )
            for y in range(2011, 2011 + YEARS)
        )
    return programme


def bench_reports(programme) -> tuple[str, float, str]:  # type: ignore[no-untyped-def]
    from xuctien.programmes.monitoring import programme_reports

    with CaptureQueriesContext(connection) as queries:
        programme_reports(programme)
    seconds, _ = best_of(3, lambda: programme_reports(programme))
    label = f"programme reports: {INDICATORS} indicators × {YEARS} years of figures"
    return label, seconds, str(len(queries))


def bench_import() -> tuple[str, float, str]:
    from xuctien.core.models import User
    from xuctien.programmes.importers.observations import import_rows

    user = User.objects.create(username="bench", role="secretariat")
    rows = [
        {
            "indicator": f"SYN_{i % INDICATORS}",
            "period": f"{2031 + i // INDICATORS}-Q1",
            "value": str(i),
            "source": "synthetic",
            "__row__": str(i + 2),
        }
        for i in range(1000)
    ]
    with CaptureQueriesContext(connection) as queries:
        seconds, _ = best_of(1, lambda: import_rows(rows, user))
    return "figures import: 1,000 new rows (validate + write)", seconds, str(len(queries))


def main() -> None:
    call_command("migrate", verbosity=0)
    results = [bench_engine(), bench_reports(make_programme()), bench_import()]
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {connection.vendor}; "
        f"date {time.strftime('%Y-%m-%d')}"
    )
    print("\n| measurement | seconds (best) | queries |\n|---|---|---|")
    for label, seconds, queries in results:
        print(f"| {label} | {seconds:.3f} | {queries} |")


if __name__ == "__main__":
    main()
