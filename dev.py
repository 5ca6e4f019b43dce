#!/usr/bin/env python3
"""Set up and run Xúc Tiến with nothing but Python 3.11+ and pip.

    python3 dev.py demo    # the app with Quảng Ninh's programme, on SQLite
    python3 dev.py test    # the whole test suite (pass pytest options after it)
    python3 dev.py lint    # ruff check + format check, migrations check
    python3 dev.py bench   # benchmarks (see BENCHMARKS.md); --load, --national [--quick]
    python3 dev.py xuctien ARGS...   # any management command

Each command first makes sure ``.venv`` holds exactly the locked dependencies (uv.lock),
which takes a few seconds the first time and nothing afterwards.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".xuctien-lock-stamp"
UV_VERSION = "0.9.9"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"[xuctien] {message}", flush=True)


def run(*args: str | Path, env: dict | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)


def lock_digest() -> str:
    text = (ROOT / "uv.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    return hashlib.sha256(text).hexdigest()


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py may be run by an older python3)
        sys.exit("Xúc Tiến needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    uv = BIN / "uv"
    if not uv.exists():
        say(f"installing uv {UV_VERSION} into .venv")
        run(PYTHON, "-m", "ensurepip", "--default-pip")  # uv sync removes pip from .venv
        run(
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"uv=={UV_VERSION}",
        )
    digest = lock_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    say("installing the locked dependencies")
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(VENV)}
    run(uv, "sync", "--frozen", "--python", PYTHON, env=env)
    STAMP.write_text(digest)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when we can."""
    if CHROMIUM.exists() or os.environ.get("XT_SKIP_BROWSER"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium for the browser tests")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=quiet)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=quiet)
    else:
        say("no /usr/bin/chromium: browser tests will be skipped (apt-get install chromium)")


def cmd_demo(args: list[str]) -> None:
    os.environ.setdefault("XT_DEBUG", "1")
    run(BIN / "xuctien", "demo", *args)


def cmd_test(args: list[str]) -> None:
    ensure_chromium()
    workers = ["-n", os.environ.get("XT_TEST_WORKERS", "2")]
    run(PYTHON, "-m", "pytest", *workers, *args)


def cmd_lint(args: list[str]) -> None:
    run(BIN / "ruff", "check", "src", "tests", "dev.py", "benchmarks")
    run(BIN / "ruff", "format", "--check", "src", "tests", "dev.py", "benchmarks")
    env = {**os.environ, "XT_DEBUG": "1"}
    run(BIN / "xuctien", "makemigrations", "--check", "--dry-run", env=env)
    run(BIN / "xuctien", "translations", "--check", env=env)


def cmd_bench(args: list[str]) -> None:
    if args[:1] == ["--load"]:
        run(PYTHON, ROOT / "benchmarks" / "load.py", *args[1:])
        return
    if args[:1] == ["--national"]:
        run(PYTHON, ROOT / "benchmarks" / "national_run.py", *args[1:])
        return
    run(PYTHON, ROOT / "benchmarks" / "run.py", *args)


def cmd_xuctien(args: list[str]) -> None:
    # dev.py is the developer's tool: debug on unless the environment says otherwise.
    # Production runs the `xuctien` console script with its own settings (XT_SECRET_KEY…).
    os.environ.setdefault("XT_DEBUG", "1")
    run(BIN / "xuctien", *args)


COMMANDS = {
    "demo": cmd_demo,
    "test": cmd_test,
    "lint": cmd_lint,
    "bench": cmd_bench,
    "xuctien": cmd_xuctien,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    ensure_env()
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
