"""
The content generation: a number in the shared cache that every committed
change of content replaces. Whatever was rendered from older content (whole
pages, fragments of pages) is then known to be stale, on every app server at
once, without anyone having to find and delete it.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from wiki.models import Page

KEY = "wiki:content-generation"
# Records no page shows: their changes leave rendered pages alone.
UNSHOWN = {"wiki.Profile"}


def _aliases() -> set[str]:
    """The caches holding something rendered (each keeps its own generation)."""
    return {settings.WIKI_PAGE_CACHE, settings.WIKI_FRAGMENT_CACHE} - {None}


def content_changed() -> None:
    """Start a new content generation when the current transaction commits."""
    for alias in _aliases():
        transaction.on_commit(
            lambda alias=alias: caches[alias].set(KEY, time.time(), None)
        )


def current(cache, found=None) -> float:
    """The generation now, given what a caller read of it (None: nothing)."""
    if found is None:
        found = time.time()
        if not cache.add(KEY, found, None):
            found = cache.get(KEY, found)
    return found


def of_request(request, alias, found=None) -> float:
    """The generation a request renders at: read once per request and cache,
    `found` being what the caller read of it along with something else."""
    remembered = request.__dict__.setdefault("_wiki_generations", {})
    if alias not in remembered:
        remembered[alias] = current(caches[alias], found)
    return remembered[alias]


def _on_change(sender, **kwargs):
    if sender._meta.label in UNSHOWN:
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
