"""
Rendered parts of pages, kept in the cache: `{% fragment "name" %}…{% endfragment %}`.

The page cache serves whole pages to anonymous readers only; fragments serve
anyone, contributors included, while the rest of the page (the header with
the reader's account, page tools, anything with a CSRF token) is rendered for
each request. A page's fragments are kept together, in one entry per address,
spoiler progress and the reader's rights, with what they depend on
(wiki/dependencies.py): a page reads all of them in one round trip, and a
committed change makes stale the entries of the pages that show it, on every
app server (wiki/invalidation.py).

Views hand fragments their data through `deferred()`, so that fragments found
in the cache cost none of the queries that would have filled them, and keep
what the page around them reads of the database (its own row) with them
through `kept()`: a page whose fragments are cached runs no query.
"""

from functools import cache
from hashlib import md5

from django.conf import settings

from wiki import dependencies, generations, invalidation, reading, safecache


def deferred(compute):
    """The context of a page's fragments, `compute()` returning it as a dict:
    worked out only when a fragment is rendered afresh, and once a request
    however many fragments use it."""
    return cache(compute)


def _rights(request) -> str:
    """What the reader may do, as far as a page can show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return ",".join(sorted(user.get_all_permissions()))


def key(request) -> str:
    # Through request.progress where there is one, so the response says it
    # varies by the cookie holding it.
    progress = getattr(request, "progress", None) or reading.progress_of(request)
    parts = "\x1f".join((request.get_full_path(), progress.key, _rights(request)))
    digest = md5(parts.encode(), usedforsecurity=False).hexdigest()
    where = f"{request.scheme}:{request.get_host()}:{digest}"
    return f"wiki:fragments:{settings.WIKI_RELEASE}:{where}"


def _render_watched(request, render_fresh) -> tuple[str, bool]:
    """The fragment, and whether rendering it put something of this reader's
    own in it (a CSRF token, a message), which no one else may be given."""
    meta = request.META
    token_before = meta.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    messages = getattr(request, "_messages", None)
    messages_before = messages is not None and messages.used
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = False
    if messages is not None:
        messages.used = False
    try:
        html = render_fresh()
        personal = meta["CSRF_COOKIE_NEEDS_UPDATE"] or (
            messages is not None and messages.used
        )
    finally:
        meta["CSRF_COOKIE_NEEDS_UPDATE"] = token_before or meta.get(
            "CSRF_COOKIE_NEEDS_UPDATE", False
        )
        if messages is not None:
            messages.used = messages_before or messages.used
    return html, personal


def _entry(request, alias) -> tuple[str, dict] | None:
    """This page's fragments that are still fresh, read once a request; None
    while the cache is down (everything is then rendered afresh)."""
    if "_wiki_fragments" not in request.__dict__:
        entry_key = key(request)
        keys = [entry_key, generations.KEY, dependencies.CLOCK_KEY]
        found = safecache.call(alias, "get_many", keys, default={})
        generation = generations.of_request(request, alias, found.get(generations.KEY))
        clock = found.get(dependencies.CLOCK_KEY)
        entry = found.get(entry_key)
        if entry is not None and dependencies.fresh(alias, entry, generation, clock):
            # What the page shows of them, it depends on too.
            dependencies.depend(*entry["tags"])
        else:
            tick = clock if clock is not None else invalidation.tick(alias)
            entry = {"generation": generation, "tick": tick, "tags": [], "parts": {}}
        keep = generation is not None and entry["tick"] is not None
        request._wiki_fragments = (entry_key, entry) if keep else None
    return request._wiki_fragments


def _add(request, alias, entry_key, entry, compute):
    """`compute()`, with what it read added to what the entry depends on."""
    with dependencies.collecting() as collected:
        value = compute()
    tags = set(entry["tags"]) | set(dependencies.tags_of(request, collected))
    entry["tags"] = sorted(tags)
    dependencies.keep_tags(alias, entry["tags"], entry["tick"])
    return value


def _keep(alias, entry_key, entry) -> None:
    seconds = settings.WIKI_FRAGMENT_CACHE_SECONDS
    safecache.call(alias, "set", entry_key, entry, seconds)


def kept(request, name: str, compute):
    """`compute()`, kept with the page's fragments: what the page around them
    reads of the database, such as its own row, as plain values (no model,
    which a later deploy might rename). It is as fresh as the fragments: a
    change of what it read, a deletion included, makes them stale. What
    `compute()` raises (a 404, a redirect) is not kept."""
    alias = settings.WIKI_FRAGMENT_CACHE
    if alias is None or request.method not in ("GET", "HEAD"):
        return compute()
    if (found := _entry(request, alias)) is None:
        return compute()
    entry_key, entry = found
    values = entry.setdefault("kept", {})
    if name not in values:
        values[name] = _add(request, alias, entry_key, entry, compute)
        _keep(alias, entry_key, entry)
    return values[name]


def render(request, name: str, vary_on, render_fresh) -> str:
    """The fragment from the cache if it is still fresh; else rendered by
    `render_fresh()` and kept, unless it holds something personal."""
    alias = settings.WIKI_FRAGMENT_CACHE
    if alias is None or request is None or request.method not in ("GET", "HEAD"):
        return render_fresh()
    if (found := _entry(request, alias)) is None:
        return render_fresh()
    entry_key, entry = found
    part = "\x1f".join([name, *map(str, vary_on)])
    html = entry["parts"].get(part)
    if html is not None:
        return html
    html, personal = _add(
        request, alias, entry_key, entry, lambda: _render_watched(request, render_fresh)
    )
    if not personal:
        entry["parts"][part] = str(html)
        _keep(alias, entry_key, entry)
    return html
