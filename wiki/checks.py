"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache


@checks.register(checks.Tags.caches, deploy=True)
def rendered_pages_are_shared(app_configs, **kwargs):
    """Cached pages and fragments are made stale through the cache itself, so
    every process must share it."""
    aliases = {settings.WIKI_PAGE_CACHE, settings.WIKI_FRAGMENT_CACHE} - {None}
    return [
        checks.Warning(
            f"The cache '{alias}' keeps rendered pages in each process's own "
            "memory: an edit through one app server or worker is not seen by "
            "the others.",
            hint="Set CACHE_URL to a cache every process shares, such as Redis.",
            id="wiki.W001",
        )
        for alias in sorted(aliases)
        if isinstance(caches[alias], LocMemCache)
    ]
