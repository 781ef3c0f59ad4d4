"""
Reads on replicas of the database, writes on the primary.

A request reads from one replica (`WIKI_READ_REPLICAS`), chosen at random
when it starts, unless it must see the primary:

- its reader wrote less than `WIKI_PIN_SECONDS` ago: every response to a
  request that wrote (or posted a form that succeeded) sets the `pin` cookie,
  and until it runs out the reader's requests read the primary
  (read-your-writes, across app servers);
- it is about to write or has written (a form checking that a title is free
  asks the primary too), or reads inside a transaction on the primary;
- the replica has not caught up with the content generation and the last
  edit's tick that the caches of rendered pages count (wiki/generations.py,
  wiki/invalidation.py): what it rendered would be kept as newer than it
  is, and served to every reader.

Some records decide what is correct, not only what is shown, and are always
read from the primary (`PRIMARY_ONLY`). Outside requests (management
commands, the task worker, migrations) nothing is pinned or chosen, and
everything reads the primary: they act on what was just written.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from wiki import generations, invalidation
from wiki.models import ContentGeneration

logger = logging.getLogger(__name__)
COOKIE = "pin"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# Sessions (a log-in is read on the very next request), the task queue (the
# worker claims what a request has just queued), the content generation
# (what makes cached pages correct) and migration records.
PRIMARY_ONLY = {
    "sessions",
    "django_tasks_database",
    "migrations",
    "wiki.contentgeneration",
}
WRITES = {"INSERT", "UPDATE", "DELETE"}


@dataclass
class Reading:
    """Where the current request reads, and whether it has written."""

    replica: str | None
    wrote: bool = False

    def watch(self, execute, sql, params, many, context):
        """Notes a statement that changes rows others read from replicas."""
        if not self.wrote and sql.lstrip()[:6].upper() in WRITES:
            self.wrote = _written_table(sql) not in _primary_only_tables()
        return execute(sql, params, many, context)


_reading: ContextVar[Reading | None] = ContextVar("wiki_reading", default=None)


def _primary_only(model) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY or meta.label_lower in PRIMARY_ONLY


@cache
def _primary_only_tables() -> frozenset[str]:
    return frozenset(m._meta.db_table for m in apps.get_models() if _primary_only(m))


def _written_table(sql: str) -> str:
    # INSERT INTO "t" …, UPDATE "t" SET …, DELETE FROM "t" …
    words = sql.split(None, 3)
    return words[1 if words[0].upper() == "UPDATE" else 2].strip('"`')


def _databases() -> set[str]:
    return {DEFAULT_DB_ALIAS, *settings.WIKI_READ_REPLICAS}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reading = _reading.get()
        if (
            reading is None
            or reading.replica is None
            or _primary_only(model)
            # A read in a transaction that writes must see its writes.
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return reading.replica

    def db_for_write(self, model, **hints):
        reading = _reading.get()
        if reading is not None and not _primary_only(model):
            reading.replica = None  # the rest of the request sees the write
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        databases = _databases()
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def pinned_until(request) -> float:
    """Until when the reader reads the primary (0: not pinned)."""
    try:
        return float(request.COOKIES.get(COOKIE, 0))
    except ValueError:
        return 0.0


def _behind(replica: str, request) -> bool:
    """Whether the replica lacks changes that the caches of rendered pages
    already count; one that does not answer is behind too."""
    counted = generations.counted_by(request)
    stamped = invalidation.last_stamped() if counted else None
    if not counted:
        return False
    try:
        value, tick = ContentGeneration.objects.using(replica).state()
        # Edits stamp a tick (wiki/invalidation.py), wider changes move the
        # generation on: the replica must have noted both.
        return value < max(counted) or (stamped is not None and tick < stamped)
    except DatabaseError:
        logger.warning("Replica %s does not answer", replica, exc_info=True)
        return True


class ReplicaMiddleware:
    """Chooses where each request reads (see above) and pins whoever writes.
    It comes before the session and the user are read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = settings.WIKI_READ_REPLICAS
        if not replicas:
            return self.get_response(request)
        reading = Reading(replica=None)
        if pinned_until(request) <= time.time():
            replica = random.choice(replicas)  # noqa: S311 (not a secret)
            reading.replica = None if _behind(replica, request) else replica
        token = _reading.set(reading)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(reading.watch):
                response = self.get_response(request)
        finally:
            _reading.reset(token)
        if reading.wrote or (
            request.method not in SAFE_METHODS and response.status_code < 400
        ):
            self._pin(response)
        return response

    def _pin(self, response):
        seconds = settings.WIKI_PIN_SECONDS
        response.set_cookie(
            COOKIE,
            str(int(time.time() + seconds) + 1),
            max_age=seconds,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
