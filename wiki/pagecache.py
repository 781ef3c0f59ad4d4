"""
Whole rendered pages for anonymous readers, served from the cache.

A page is kept under the release, its address, the reader's spoiler progress
and whether they have chosen it yet (those who have not are asked on every
page), with what it depends on (wiki/dependencies.py): a change of content
touches those entries only (wiki/invalidation.py), once it commits, on every
app server sharing the cache, and the next request renders them afresh.
Readers with a session (contributors) always get fresh pages, built from
cached fragments (wiki/fragments.py), and so does any response that carries
something personal: a CSRF token, a message, a cookie.

Every page also gets an ETag and a Last-Modified date, so a browser or a
proxy asking again gets a 304; anonymous pages may be held by a shared cache
for `WIKI_SHARED_CACHE_SECONDS`, personal ones never. A page is kept
compressed (wiki/compression.py): a hit picks the client's encoding.
"""

import time
from hashlib import md5

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from wiki import (
    compression,
    dependencies,
    generations,
    invalidation,
    reading,
    safecache,
)
from wiki.views.errors import UNAVAILABLE

# Headers a cached page is served with; the rest are per response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Vary",
    "Cache-Control",
    "ETag",
    "Last-Modified",
)


def _is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request, progress) -> str:
    # Per release: the workers of the last one, during a rolling deploy,
    # neither read nor fill the entries of this one.
    path = md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    asked = "chosen" if reading.has_chosen(request) else "asked"
    where = f"{request.scheme}:{request.get_host()}:{path}"
    return f"wiki:page:{settings.WIKI_RELEASE}:{where}:{progress.key}:{asked}"


def _personal(request, response) -> bool:
    """Whether a response holds something of this reader's own."""
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
        or (messages is not None and messages.used)
        or getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def _asks_if_changed(request) -> bool:
    meta = request.META
    return "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta


def _conditional(request, response, etag, last_modified):
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified), response=response
    )


def _public(response):
    seconds = settings.WIKI_SHARED_CACHE_SECONDS
    # A CDN may go on serving a page for a day while the site cannot answer.
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=seconds, stale_if_error=86400
    )


def _from_entry(request, entry):
    # Entries from before compression held their content alone.
    bodies = entry.get("bodies") or {compression.IDENTITY: entry["content"]}
    return compression.serve(request, HttpResponse(headers=entry["headers"]), bodies)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.WIKI_PAGE_CACHE is None
            or request.method not in ("GET", "HEAD")
            or not _is_anonymous(request)
        ):
            return self._fresh(request)
        if request.path.startswith(settings.WIKI_PAGE_CACHE_SKIP):
            return self._fresh(request)
        alias = settings.WIKI_PAGE_CACHE
        key = _key(request, reading.progress_of(request))
        keys = [key, generations.KEY, dependencies.CLOCK_KEY]
        found = safecache.call(alias, "get_many", keys, default={})
        entry = found.get(key)
        try:
            generation = generations.of_request(
                request, alias, found.get(generations.KEY)
            )
        except UNAVAILABLE:  # the database is down: better kept than nothing
            if entry is not None:
                return self._stale(request, entry)
            raise
        if generation is None:  # the cache is down: nothing kept, nothing read
            return self._fresh(request)
        clock = found.get(dependencies.CLOCK_KEY)
        if entry is not None and dependencies.fresh(alias, entry, generation, clock):
            return self._replay(request, entry)
        # Read before rendering: a change committed while it renders is
        # stamped later than this, so what it renders is stale by then.
        tick = clock if clock is not None else invalidation.tick(alias)
        with dependencies.collecting() as collected:
            response = self.get_response(request)
        if entry is not None and getattr(response, "database_unavailable", False):
            return self._stale(request, entry)
        if (
            response.status_code == 200
            and not response.streaming
            and not _personal(request, response)
        ):
            _public(response)
            etag = f'"{md5(response.content, usedforsecurity=False).hexdigest()}"'
            modified = int(time.time())
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            # Compressed once here, so that a hit does no compression work.
            bodies = compression.bodies(response)
            if tick is None:
                compression.serve(request, response, bodies)
                response["X-Page-Cache"] = "miss"
                return _conditional(request, response, response["ETag"], modified)
            tags = dependencies.tags_of(request, collected)
            dependencies.keep_tags(alias, tags, tick)
            entry = {
                "generation": generation,
                "tick": tick,
                "tags": tags,
                "modified": modified,
                "bodies": bodies,
                # Everything a hit answers with, worked out once.
                "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
            }
            safecache.call(alias, "set", key, entry, settings.WIKI_PAGE_CACHE_SECONDS)
            compression.serve(request, response, bodies)
            response["X-Page-Cache"] = "miss"
            return _conditional(request, response, response["ETag"], modified)
        return self._personalise(response)

    def _stale(self, request, entry):
        """What was kept of a page, however old, while the database is down."""
        response = _from_entry(request, entry)
        response["X-Page-Cache"] = "stale"
        return response

    def _replay(self, request, entry):
        response = _from_entry(request, entry)
        response["X-Page-Cache"] = "hit"
        if _asks_if_changed(request):
            etag = response["ETag"]
            return _conditional(request, response, etag, entry["modified"])
        return response

    def _fresh(self, request):
        return self._personalise(self.get_response(request))

    def _personalise(self, response):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
