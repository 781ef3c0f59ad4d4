"""
On SQLite, concurrent saves queue for the write lock instead of failing with
"database is locked". The test database is in memory, so this runs against a
file database in a child process, whatever the suite's own database is.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, threading
from django.core.management import call_command
from django.db import connections
call_command("migrate", verbosity=0)
from wiki.models import Article, Revision
from wiki import services
page = Article.objects.create(title="Busy", slug="busy")
services.record_revision(page=page)
errors, barrier = [], threading.Barrier(8)
def save(index):
    try:
        barrier.wait()
        services.revise_page(page=page, author=None, base_revision=None,
                             changes=services.snapshot(page) | {"sources": f"s{index}"})
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()
threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"errors": errors, "revisions": Revision.objects.count()}))
"""


def test_concurrent_saves_on_sqlite_wait_for_each_other(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wiki.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
    }

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"errors": [], "revisions": 9}
