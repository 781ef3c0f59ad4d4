"""
Every write path invalidates what shows its change (wiki/invalidation.py).

For each request the test client makes and each management command a test
calls, the SQL run is watched: a write (INSERT, UPDATE, DELETE) to a table
of the content apps that no invalidation was asked for after is a failure
of the test. Writes a rolled-back savepoint undid need none.
"""

import re
import threading
from functools import cache

from django.apps import apps
from django.conf import settings

from wiki import invalidation

WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
SAVEPOINT = re.compile(
    r'\s*(SAVEPOINT|ROLLBACK TO SAVEPOINT|RELEASE SAVEPOINT)\s+"?(\w+)', re.I
)
# Rows no rendered page shows.
UNSHOWN = {"wiki.ContentGeneration", "wiki.Profile"}


@cache
def content_tables() -> frozenset[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in settings.WIKI_CONTENT_APPS:
            continue
        if model._meta.label in UNSHOWN:
            continue
        tables.add(model._meta.db_table)
    return frozenset(tables)


class Guard:
    def __init__(self):
        self.tables = content_tables()
        self.window = None  # what is being watched: its label, writes, savepoints
        self.failures = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.window is not None and threading.current_thread() is self.thread:
            self._watch(sql)
        return result

    def _watch(self, sql):
        writes, savepoints = self.window[1], self.window[2]
        if (match := WRITE.match(sql)) and match.group(1) in self.tables:
            writes.append((match.group(1), invalidation.requested))
        elif match := SAVEPOINT.match(sql):
            verb, name = match.group(1).upper(), match.group(2)
            if verb == "SAVEPOINT":
                savepoints[name] = len(writes)
            elif verb.startswith("ROLLBACK"):
                del writes[savepoints.get(name, len(writes)) :]

    def start(self, label):
        if (
            self.window is None
            and threading.current_thread() is threading.main_thread()
        ):
            self.thread = threading.current_thread()
            self.window = (label, [], {})

    def finish(self):
        if self.window is None or threading.current_thread() is not self.thread:
            return
        label, writes, _ = self.window
        self.window = None
        if writes and writes[-1][1] == invalidation.requested:
            tables = sorted(
                {table for table, asked in writes if asked == invalidation.requested}
            )
            self.failures.append(
                f"{label} wrote {', '.join(tables)} and invalidated nothing after"
            )
