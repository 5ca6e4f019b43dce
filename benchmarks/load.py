"""Load test: logged-in users against the production server on PostgreSQL, loopback only.

    python3 dev.py bench --load                     # 50 users for 300 s (the recorded run)
    python3 dev.py bench --load --users 5 --seconds 20   # a quick look

It creates a throw-away PostgreSQL database (``xuctien_load`` on 127.0.0.1:5432 unless
``XT_LOAD_DATABASE_URL`` says otherwise), loads the demo into it, starts ``xuctien serve``
(gunicorn, production settings) on 127.0.0.1, and runs the virtual users in threads. Each
user signs in as one of the demo accounts (round robin over the roles), keeps the main
pages and API lists its role may read (those answering 200 on a first visit), then loops:
it picks one of them at random, GETs it, records the status and
the time to the last byte, and waits a think time of 1 to 3 s, as an official reading pages
would. Every loop is bounded by the duration; the script stops the server itself.

Printed: a Markdown table per page (requests, errors, p50, p95, p99 in ms) and the totals.
An error is any answer but 200, or a failed connection.
"""

import argparse
import http.cookiejar
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/xuctien_load"
PASSWORD_LINE = re.compile(r"password for all: (\S+)\)")
ACCOUNT_LINE = re.compile(r"^\s{2}(\S+)\s+(\S+)\s")

STAFF_PAGES = [
    "/",
    "/programmes/",
    "/programmes/indicators/MFG_INVEST_CAPITAL/",
    "/actions/",
    "/actions/overdue/",
    "/actions/scorecard/",
    "/investments/",
    "/investments/board/",
    "/investments/investors/",
    "/investments/analytics/",
    "/investments/forecast/?indicator=MFG_INVEST_CAPITAL",
    "/aftercare/",
    "/aftercare/warnings/",
    "/aftercare/scorecard/",
    "/api/v1/indicators/",
    "/api/v1/tasks/",
    "/api/v1/projects/",
    "/api/v1/investors/",
    "/api/v1/aftercare/requests/",
    "/portal/",
]
INVESTOR_PAGES = ["/portal/", "/portal/account/", "/portal/news/", "/portal/zones/"]


def production_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "XT_DEBUG": "0",
        "XT_SECRET_KEY": "load-test-" + "k" * 50,
        "XT_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "XT_SECURE_COOKIES": "0",
        "XT_SSL_REDIRECT": "0",
        "XT_HSTS_SECONDS": "0",
        "XT_EMAIL": "memory",
    }


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def vacuum_written(database_url: str) -> list[str]:
    """``VACUUM (ANALYZE)`` every table written since it was last vacuumed (dead rows or
    rows inserted), as autovacuum keeps a production database; the tables' names.

    The benchmark's imports, and any experiment rolled back in the database, leave dead rows
    and fill the trigram indexes' pending lists (GIN ``fastupdate``), which every search then
    reads through: one rolled-back import of 30,000 projects takes the search's trigram query
    from ~1 ms to ~70 ms until a VACUUM (decision record 0044). With autovacuum off, the
    pages are measured on the database as a vacuumed one would be."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(relname)"
                " FROM pg_stat_user_tables WHERE n_dead_tup > 0 OR n_ins_since_vacuum > 0"
                " ORDER BY 1"
            )
        ]
        for name in tables:
            conn.execute(f"VACUUM (ANALYZE) {name}")
    return tables


def load_demo(env: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """Load the demo; return the demo password and the (username, role) of each account."""
    out = subprocess.run(
        [BIN / "xuctien", "demo", "--no-server"],
        env={**env, "XT_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    password = PASSWORD_LINE.search(out).group(1)
    after = out.split("password for all", 1)[1].splitlines()[1:]
    accounts = [m.groups() for line in after if (m := ACCOUNT_LINE.match(line))]
    return password, accounts


def start_server(env: dict[str, str], port: int, workers: int, stdout=None) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    """``stdout``: where the server's own lines go (the caller's by default)."""
    subprocess.run(
        [BIN / "xuctien", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
        stdout=stdout,
    )
    server = subprocess.Popen(
        [
            *(BIN / "xuctien", "serve", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--no-access-log"),
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=stdout,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/portal/", timeout=10)
            return server
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("the server did not answer within 60 s")


class User:
    """One signed-in person with their own cookies."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.sign_in(username, password)

    def sign_in(self, username: str, password: str) -> None:
        page = self.opener.open(f"{self.base}/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/login/", data=body, headers={"Referer": f"{self.base}/login/"}
        )
        answer = self.opener.open(request, timeout=30)
        if answer.url.rstrip("/").endswith("/login"):
            raise RuntimeError(f"sign-in refused for {username}")

    def get(self, path: str) -> tuple[int, float]:
        status, seconds, _size = self.fetch(path)
        return status, seconds

    def fetch(self, path: str, timeout: float = 60) -> tuple[int, float, int]:
        """(status, seconds to the last byte, bytes); status 0 for a failed connection."""
        start = time.perf_counter()
        size = 0
        try:
            with self.opener.open(f"{self.base}{path}", timeout=timeout) as answer:
                size = len(answer.read())
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status = 0
        return status, time.perf_counter() - start, size


def run_users(base, accounts, password, users, seconds, seed):  # type: ignore[no-untyped-def]
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def work(index: int) -> None:
        rng = random.Random(seed + index)
        username, role = accounts[index % len(accounts)]
        pages = INVESTOR_PAGES if role == "investor" else STAFF_PAGES
        time.sleep(rng.uniform(0, 3))  # people do not all arrive in the same second
        user = User(base, username, password)
        # Each role walks the pages it may read: those that answer it on a first visit
        # (a park developer has no task list; that is a 403, not a failure under load).
        pages = [path for path in pages if user.get(path)[0] == 200]
        while pages and time.monotonic() < stop_at:
            path = rng.choice(pages)
            status, took = user.get(path)
            with lock:
                samples[path].append(took)
                if status != 200:
                    errors[path] += 1
            time.sleep(rng.uniform(1, 3))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, errors


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(samples, errors, args) -> None:  # type: ignore[no-untyped-def]
    print(f"## {datetime.now(UTC).date().isoformat()} — load: {args.users} users, {args.seconds} s")
    print()
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL, `xuctien serve` with {args.workers} workers, think time 1–3 s."
    )
    print()
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    every: list[float] = []
    for path in sorted(samples):
        values = samples[path]
        every.extend(values)
        print(
            f"| `{path}` | {len(values)} | {errors.get(path, 0)} | "
            f"{percentile(values, 50) * 1000:.0f} | {percentile(values, 95) * 1000:.0f} | "
            f"{percentile(values, 99) * 1000:.0f} |"
        )
    total_errors = sum(errors.values())
    print(
        f"| **all** | {len(every)} | {total_errors} | {percentile(every, 50) * 1000:.0f} | "
        f"{percentile(every, 95) * 1000:.0f} | {percentile(every, 99) * 1000:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 1800:
        sys.exit("--users 1..200 and --seconds 1..1800")
    database_url = os.environ.get("XT_LOAD_DATABASE_URL", DEFAULT_DB)
    env = production_env(database_url)
    recreate_database(database_url)
    password, accounts = load_demo(env)
    server = start_server(env, args.port, args.workers)
    try:
        base = f"http://127.0.0.1:{args.port}"
        samples, errors = run_users(base, accounts, password, args.users, args.seconds, args.seed)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(samples, errors, args)
    if sum(errors.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
