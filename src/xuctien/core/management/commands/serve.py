"""``xuctien serve``: the production web server (gunicorn) with sensible defaults.

Static files are served by whitenoise inside the app; background work runs beside this
in ``xuctien rqworker default`` (docs/deployment.md).
"""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

#: More workers than this mostly hold database connections and memory.
MAX_WORKERS = 8
#: Requests before a worker is replaced (memory), plus up to half as many again at random.
MAX_REQUESTS = 2000


def default_workers(cores: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 x cores + 1, capped at ``MAX_WORKERS``."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(2 * max(cores, 1) + 1, MAX_WORKERS)


def gunicorn_argv(bind: str, workers: int, timeout: int, access_log: bool = True) -> list[str]:
    """The command line that runs gunicorn on this interpreter."""
    argv = [sys.executable, "-m", "gunicorn", "xuctien.wsgi:application"]
    argv += ["--bind", bind, "--workers", str(workers), "--timeout", str(timeout)]
    # Bounded keep-alive and graceful stop; recycle workers now and then (memory), each
    # after its own count between 2,000 and 3,000 requests. With 2,000-2,200 the workers,
    # which share the load evenly, reached their counts within seconds of each other: at
    # national scale (issue 12) five restarted within 8 s, and while they started up
    # every page waited, up to 1.5 s.
    argv += ["--graceful-timeout", "30", "--keep-alive", "5"]
    argv += ["--max-requests", str(MAX_REQUESTS), "--max-requests-jitter", str(MAX_REQUESTS // 2)]
    argv += ["--error-logfile", "-"]
    # No runtime control socket (gunicorn 27 opens one in the home directory by default):
    # systemd signals manage the server, and a hardened unit has no writable home.
    argv += ["--no-control-socket"]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


class Command(BaseCommand):
    help = (
        "Run the production web server (gunicorn). Run `xuctien rqworker default` beside "
        "it when XT_TASKS_BACKEND=rq."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=f"worker processes (default 2 x cores + 1, at most {MAX_WORKERS})",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="seconds before a stuck request's worker is restarted (default 120)",
        )
        parser.add_argument("--no-access-log", action="store_true", help="log errors only")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = gunicorn_argv(
            options["bind"], options["workers"], options["timeout"], not options["no_access_log"]
        )
        self.stdout.write(f"xuctien serve: {' '.join(argv[2:])}")
        self.stdout.flush()
        os.execv(sys.executable, argv)  # gunicorn takes this process over (signals, pid)
