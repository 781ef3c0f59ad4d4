"""The benchmark's tooling is there only when the benchmark asks for it
(BENCH), checked in a fresh interpreter with the site's own settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, django
django.setup()
from django.apps import apps
from django.core.management import get_commands
from django.urls import Resolver404, resolve
try:
    ceiling = resolve("/_bench/fixed/").view_name
except Resolver404:
    ceiling = None
print(json.dumps({
    "installed": apps.is_installed("bench"),
    "command": "generate_wiki" in get_commands(),
    "ceiling": ceiling,
}))
"""


ROOT = Path(__file__).resolve().parents[2]


def _probe(**env):
    environ = os.environ | {
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    environ.pop("BENCH", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT, env=environ | env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"installed": False, "command": False, "ceiling": None}),
        (
            {"BENCH": "true"},
            {"installed": True, "command": True, "ceiling": "bench:fixed"},
        ),
    ],
)
def test_the_tooling_is_mounted_only_for_the_benchmark(env, expected):
    assert _probe(**env) == expected
