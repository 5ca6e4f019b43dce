"""``xuctien check --deploy`` passes, without a warning, with the documented production settings."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.security

ENV_FILE = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "xuctien.env"


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines, as systemd's EnvironmentFile and docker's --env-file read them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


#: The documented production variables; the tests only replace the secret and the var dir.
PRODUCTION = read_env_file(ENV_FILE)


def random_key(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-=@^_"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def check_deploy(tmp_path, **overrides: str) -> subprocess.CompletedProcess:
    """Run the check in a fresh process, with none of the test run's XT_ settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("XT_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright by the browser fixture
    env.update(PRODUCTION, XT_SECRET_KEY=random_key(), XT_VAR_DIR=str(tmp_path), **overrides)
    command = [sys.executable, "-m", "xuctien", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = check_deploy(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_https_settings(tmp_path):
    result = check_deploy(tmp_path, XT_SSL_REDIRECT="0", XT_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_the_configuration_reference_lists_exactly_the_production_variables():
    text = (ENV_FILE.parents[1] / "configuration.md").read_text(encoding="utf-8")
    section = text.split("## Production", 1)[1]
    listed = set(re.findall(r"\b(DATABASE_URL|XT_[A-Z_]+)=", section))

    assert listed == set(PRODUCTION)


def test_every_production_variable_is_described_in_the_reference():
    text = (ENV_FILE.parents[1] / "configuration.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `(DATABASE_URL|XT_[A-Z_]+)`", text, flags=re.MULTILINE))

    assert set(PRODUCTION) <= described
