"""Settings read from the environment, checked in a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest

PRINT_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def _database_options(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environ |= {"DJANGO_SETTINGS_MODULE": "wiki.settings"} | env
    out = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        env=environ, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


@pytest.mark.parametrize(
    ("threshold", "expected"), [(None, 5), ("2", 2), ("off", None)]
)
def test_postgresql_queries_are_prepared_unless_turned_off(threshold, expected):
    env = {"DATABASE_URL": "postgres://wiki@db.example:5432/wiki"}
    if threshold is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = threshold

    options = _database_options(**env)

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == expected


def test_sqlite_has_no_prepared_statement_options():
    options = _database_options(DATABASE_URL="sqlite:///wiki.sqlite3")

    assert "prepare_threshold" not in options
    assert options["transaction_mode"] == "IMMEDIATE"


def test_the_deployment_check_refuses_rendered_pages_kept_per_process(settings):
    from wiki.checks import rendered_pages_are_shared

    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    per_process = rendered_pages_are_shared(None)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    shared = rendered_pages_are_shared(None)

    assert [warning.id for warning in per_process] == ["wiki.W001"]
    assert shared == []
