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


@pytest.mark.parametrize(
    "site_url",
    ["http://127.0.0.1:8000", "http://localhost:8000", "https://wiki.localhost", ""],
)
def test_the_deployment_check_warns_of_email_links_to_a_local_address(
    settings, site_url
):
    from wiki.checks import links_in_email_lead_to_the_site

    settings.SITE_URL = site_url

    assert [w.id for w in links_in_email_lead_to_the_site(None)] == ["wiki.W003"]


def test_the_deployment_check_takes_a_public_site_url(settings):
    from wiki.checks import links_in_email_lead_to_the_site

    settings.SITE_URL = "https://wiki.example.org"

    assert links_in_email_lead_to_the_site(None) == []


def test_an_unset_site_url_fails_the_deployment_checklist():
    """`manage.py check --deploy` in a fresh interpreter, with production's
    other variables and no SITE_URL."""
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "wiki.example.org",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )

    assert "wiki.W003" in done.stderr + done.stdout
