"""What every request pays in production: the settings that keep it small."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_deploy import PRODUCTION, random_key

SHOW = """
import json, django
from django.conf import settings
django.setup()
from django.template import engines
db = settings.DATABASES["default"]
print(json.dumps({
    "loaders": [l[0] if isinstance(l, tuple) else l for l in engines["django"].engine.loaders],
    "sessions": settings.SESSION_ENGINE,
    "cache": settings.CACHES["default"]["BACKEND"],
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "debug_apps": [a for a in settings.INSTALLED_APPS if "debug" in a],
    "db_options": db.get("OPTIONS", {}),
}))
"""


def production_settings(tmp_path, **overrides: str) -> dict:
    """The settings a fresh process reads from the documented production variables."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("XT_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(PRODUCTION, XT_SECRET_KEY=random_key(), XT_VAR_DIR=str(tmp_path), **overrides)
    env["DJANGO_SETTINGS_MODULE"] = "xuctien.settings"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")  # this checkout's
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_compiles_each_template_once_and_keeps_its_connections(tmp_path):
    found = production_settings(tmp_path)
    assert found["loaders"] == ["django.template.loaders.cached.Loader"]
    assert found["conn_max_age"] >= 60
    assert found["health_checks"] is True
    assert found["debug_apps"] == []


def test_sessions_come_from_the_shared_cache_only_when_there_is_one(tmp_path):
    """With Redis (the rq backend) a session is read without a query; with each worker's
    own memory it stays in the database, so a sign-out reaches every worker."""
    shared = production_settings(tmp_path, XT_TASKS_BACKEND="rq")
    assert shared["cache"] == "xuctien.core.caching.SharedRedisCache"  # Django's, clients kept
    assert shared["sessions"] == "django.contrib.sessions.backends.cached_db"
    alone = production_settings(tmp_path, XT_TASKS_BACKEND="immediate")
    assert alone["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert alone["sessions"] == "django.contrib.sessions.backends.db"


def test_postgresql_connections_prepare_their_repeated_queries(tmp_path):
    """Bound on the server and prepared at the fifth asking (decision 0057); a deployment
    behind a transaction pooler turns it off and gets Django's client-side binding."""
    url = "postgres://xuctien@127.0.0.1:5432/xuctien"
    found = production_settings(tmp_path, DATABASE_URL=url)["db_options"]
    assert found["server_side_binding"] is True
    assert found["prepare_threshold"] == 5
    assert found["options"] == "-c jit=off"
    off = production_settings(tmp_path, DATABASE_URL=url, XT_DB_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off["db_options"]
    assert "prepare_threshold" not in off["db_options"]
    sqlite = production_settings(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert "prepare_threshold" not in sqlite["db_options"]
