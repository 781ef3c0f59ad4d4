"""
The content generation: a number that changes too wide to follow move on (a
migration, an import, a restore, an edit a cache could not be told of).
Whatever was rendered before (whole pages, fragments of pages) is then known
to be stale, on every app server at once, without anyone having to find and
delete it. Everyday edits touch only what shows them (wiki/invalidation.py).

The database holds it, moved on in the same transaction as the change, so
that it is never lost; each cache of rendered pages holds a copy, which
every request reads with what it looks up. The copy is set when the change
commits, and repaired from the database when the cache lacks it, when the
cache has failed and answers again (it may have missed changes meanwhile),
and at most `WIKI_GENERATION_CHECK_SECONDS` after any other repair, which
also covers a cache that came back with data older than the database's.
"""

import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_migrate

from wiki import safecache
from wiki.dependencies import CLOCK_KEY
from wiki.models import ContentGeneration

KEY = "wiki:content-generation"

_checked_at: float | None = None  # when this process last read the database


def aliases() -> set[str]:
    """The caches holding something rendered (each keeps its own copy)."""
    return {settings.WIKI_PAGE_CACHE, settings.WIKI_FRAGMENT_CACHE} - {None}


def content_changed() -> None:
    """Move the generation on with the current transaction, and tell the
    caches once it commits."""
    ContentGeneration.objects.advance(time.time())
    transaction.on_commit(publish)


def publish() -> float:
    """Copy the database's generation into every cache of rendered pages. A
    cache whose clock is behind the last tick that stamped an edit came back
    with older data (wiki/invalidation.py): the generation then moves on."""
    global _checked_at
    value, tick = ContentGeneration.objects.state()
    for alias in aliases():
        clock = safecache.call(alias, "get", CLOCK_KEY)
        if tick and clock is not None and clock < tick:
            with transaction.atomic():
                ContentGeneration.objects.advance(time.time())
            value = ContentGeneration.objects.value()
            safecache.call(alias, "set", CLOCK_KEY, tick, None)
        safecache.call(alias, "set", KEY, value, None)
    _checked_at = time.monotonic()
    return value


def _check_due() -> bool:
    seconds = settings.WIKI_GENERATION_CHECK_SECONDS
    if seconds is None or _checked_at is None:
        return _checked_at is None
    return time.monotonic() - _checked_at >= seconds


def current(found=None) -> float | None:
    """The generation to render at, given the copy a caller read from a cache
    (None: it was not there); None when the cache is down, and nothing may
    be read from it or kept in it."""
    if safecache.is_down():
        return None
    if found is None or safecache.recovered() or _check_due():
        return publish()
    return found


def of_request(request, alias, found=None) -> float | None:
    """The generation a request renders at: worked out once per request and
    cache, `found` being what the caller read of it with something else."""
    remembered = request.__dict__.setdefault("_wiki_generations", {})
    if alias not in remembered:
        remembered[alias] = current(found)
    return remembered[alias]


def counted_by(request) -> list[float]:
    """The generations that the request's caches of rendered pages count
    (those that are up), each worked out once a request."""
    remembered = request.__dict__.get("_wiki_generations", {})
    values = (
        remembered[alias]
        if alias in remembered
        else of_request(request, alias, safecache.call(alias, "get", KEY))
        for alias in aliases()
    )
    return [value for value in values if value is not None]


def _on_migrate(sender, **kwargs):
    # A deploy runs `migrate`: what the code before it rendered is stale.
    if sender.name == "wiki":
        content_changed()


def connect() -> None:
    """Follow every migration."""
    post_migrate.connect(_on_migrate, dispatch_uid="wiki.generations.migrate")
