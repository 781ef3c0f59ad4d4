"""
The content generation: a number that every committed change of content
moves on. Whatever was rendered from older content (whole pages, fragments
of pages) is then known to be stale, on every app server at once, without
anyone having to find and delete it.

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
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from wiki import safecache
from wiki.models import ContentGeneration, Page

KEY = "wiki:content-generation"
# Records no page shows: their changes leave rendered pages alone.
UNSHOWN = {"wiki.Profile", "wiki.ContentGeneration"}

_checked_at: float | None = None  # when this process last read the database


def _aliases() -> set[str]:
    """The caches holding something rendered (each keeps its own copy)."""
    return {settings.WIKI_PAGE_CACHE, settings.WIKI_FRAGMENT_CACHE} - {None}


def content_changed() -> None:
    """Move the generation on with the current transaction, and tell the
    caches once it commits."""
    ContentGeneration.objects.advance(time.time())
    transaction.on_commit(publish)


def publish() -> float:
    """Copy the database's generation into every cache of rendered pages."""
    global _checked_at
    value = ContentGeneration.objects.value()
    for alias in _aliases():
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


def _on_change(sender, raw=False, **kwargs):
    # Migrations' historical models change no content pages show yet. A raw
    # save loads a row as it was stored (a fixture, a restored backup): the
    # loader moves the generation on once, not once a row.
    if raw or sender.__module__ == "__fake__" or sender._meta.label in UNSHOWN:
        return
    # Pages of every kind count, those of an app not named in the setting too.
    if sender._meta.app_label in settings.WIKI_CONTENT_APPS or issubclass(sender, Page):
        content_changed()


def _on_migrate(sender, **kwargs):
    # A deploy runs `migrate`: what the code before it rendered is stale.
    if sender.name == "wiki":
        content_changed()


def connect() -> None:
    """Follow every change of content (saves, deletions, many-to-many) and
    every deploy."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"wiki.generations.{id(signal)}")
    post_migrate.connect(_on_migrate, dispatch_uid="wiki.generations.migrate")
