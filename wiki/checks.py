"""System checks of the wiki: of its deployment (`manage.py check --deploy`)
and of how apps plug into it."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from wiki import kinds


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


@checks.register()
def extended_kinds_exist(app_configs, **kwargs):
    """An app that extends a kind no app registered extends nothing: say so."""
    return [
        checks.Error(
            f"An app extends the kind '{name}', which no app registers.",
            hint="Check the name given to wiki.kinds.extend(), and that the app "
            "registering the kind is installed.",
            id="wiki.E001",
        )
        for name in sorted(kinds.extended_names() - kinds.names())
    ]
