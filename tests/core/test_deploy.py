"""``xuctien check --deploy`` passes, without a warning, with production settings."""

import os
import secrets
import string
import subprocess
import sys

import pytest

pytestmark = pytest.mark.security

PRODUCTION = {
    "XT_DEBUG": "0",
    "XT_ALLOWED_HOSTS": "example.gov.vn",
    "XT_SECURE_COOKIES": "1",
    "XT_SSL_REDIRECT": "1",
    "XT_HSTS_SECONDS": "31536000",
    "XT_HSTS_INCLUDE_SUBDOMAINS": "1",
    "XT_HSTS_PRELOAD": "1",
}


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
