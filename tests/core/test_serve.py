"""``xuctien serve`` runs gunicorn with bounded workers and serves pages and static files."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from xuctien.core.management.commands.serve import default_workers, gunicorn_argv

from .test_deploy import PRODUCTION, random_key


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (3, 7), (4, 8), (64, 8)])
def test_workers_are_two_per_core_plus_one_capped_at_eight(cores, workers):
    assert default_workers(cores) == workers


def test_the_command_line_runs_the_apps_wsgi_application_with_limits():
    argv = gunicorn_argv("127.0.0.1:9000", 5, 120)

    assert argv[:4] == [sys.executable, "-m", "gunicorn", "xuctien.wsgi:application"]
    joined = " ".join(argv)
    assert "--bind 127.0.0.1:9000" in joined
    assert "--workers 5" in joined
    assert "--timeout 120" in joined


def test_the_workers_are_recycled_each_after_its_own_count_not_together():
    """Workers share the load evenly: with a jitter of a tenth they reached their counts
    within seconds of each other and restarted together, and every page waited."""
    argv = gunicorn_argv("127.0.0.1:9000", 5, 120)
    most = int(argv[argv.index("--max-requests") + 1])
    jitter = int(argv[argv.index("--max-requests-jitter") + 1])
    assert most >= 1000
    assert jitter >= most // 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_answers_pages_and_static_files_with_production_settings(tmp_path):
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("XT_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(PRODUCTION, XT_SECRET_KEY=random_key(), XT_VAR_DIR=str(tmp_path))
    env.update(XT_ALLOWED_HOSTS="127.0.0.1", XT_SSL_REDIRECT="0", XT_HSTS_SECONDS="0")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    command = [sys.executable, "-m", "xuctien", "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        assert b"htmx" in wait_for(f"{base}/static/vendor/htmx.min.js")
        assert b"<form" in wait_for(f"{base}/login/")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "gunicorn" in output.lower()


def test_a_worker_freezes_what_it_loaded_so_the_collector_does_not_walk_it_again():
    import gc
    import importlib

    import xuctien.wsgi

    gc.unfreeze()
    try:
        importlib.reload(xuctien.wsgi)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
