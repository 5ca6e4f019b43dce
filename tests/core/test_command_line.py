"""The console script without its settings says which variable to set, in one line."""

import os
import subprocess
import sys

import pytest


def run_xuctien(*args: str, **variables: str) -> subprocess.CompletedProcess:
    """Run ``xuctien`` in a fresh process with none of the test run's XT_ settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("XT_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(variables)
    command = [sys.executable, "-m", "xuctien", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("--help",), ("check",), ("migrate", "--plan")])
def test_without_a_secret_key_or_debug_it_names_the_variables_in_one_line(args, tmp_path):
    result = run_xuctien(*args, XT_VAR_DIR=str(tmp_path))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "XT_SECRET_KEY" in lines[0]
    assert "XT_DEBUG=1" in lines[0]


def test_an_unreadable_value_names_its_variable_in_one_line(tmp_path):
    result = run_xuctien("check", XT_DEBUG="maybe", XT_VAR_DIR=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "xuctien: XT_DEBUG must be a boolean (1/0, true/false), not 'maybe'"
    )


def test_with_debug_on_the_help_lists_the_projects_own_commands(tmp_path):
    result = run_xuctien("--help", XT_DEBUG="1", XT_VAR_DIR=str(tmp_path))

    assert result.returncode == 0
    assert "[core]" in result.stdout
