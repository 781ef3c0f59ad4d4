"""
Health checks for load balancers and orchestrators: `/healthz` says the
process answers (nothing else is asked), `/readyz` that it can serve (the
database and the cache answer, and its migrations are applied). Both are
cheap, never cached, and say nothing but what they checked.
"""

import logging
import secrets

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
OK = "ok"
# Once this code's migrations are applied they stay so for the process: a
# new release (new migrations) is a new process.
_migrated = False


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    database = _database()
    checks = {
        "database": database,
        "cache": _cache(),
        "migrations": _migrations() if database == OK else "unknown",
    }
    ready = all(state == OK for state in checks.values())
    status = 200 if ready else 503
    return JsonResponse({"ready": ready, "checks": checks}, status=status)


def _database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("Readiness: the database does not answer", exc_info=True)
        return "unreachable"
    return OK


def _cache() -> str:
    token = secrets.token_hex(8)
    try:
        cache = caches["default"]
        cache.set("readyz:probe", token, 30)
        answered = cache.get("readyz:probe") == token
    except Exception:
        logger.warning("Readiness: the cache does not answer", exc_info=True)
        answered = False
    return OK if answered else "unreachable"


def _migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrated = not plan
    return OK if _migrated else "pending"
