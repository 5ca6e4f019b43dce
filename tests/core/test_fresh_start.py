"""A fresh clone has no var/ folder: the default SQLite database must still open."""

import os
import subprocess
import sys


def test_the_default_database_is_created_under_a_missing_var_folder(tmp_path):
    # Regression: `python3 dev.py demo` on a fresh clone failed with "unable to open
    # database file" because var/ did not exist.
    var = tmp_path / "not-yet" / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XT_", "DATABASE_URL"))}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(XT_DEBUG="1", XT_VAR_DIR=str(var))
    command = [sys.executable, "-m", "xuctien", "migrate", "--no-input", "-v", "0"]

    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr
    assert (var / "xuctien.sqlite3").exists()
