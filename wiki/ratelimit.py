"""
Fixed-window rate limits kept in Django's cache, so every app server sharing
the cache (Redis in production) shares the counts.
"""

import logging
import time
from functools import cache
from hashlib import sha256

from django.conf import settings

from wiki import safecache

logger = logging.getLogger(__name__)
ALIAS = "default"  # counts shared by every app server


def client_ip(request) -> str:
    """The reader's address; behind a trusted proxy, the one the proxy saw."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.TRUST_X_FORWARDED_FOR:
        return forwarded.split(",")[-1].strip()
    if forwarded:
        _warn_untrusted_proxy()
    return request.META.get("REMOTE_ADDR", "")


@cache
def _warn_untrusted_proxy() -> None:
    """Once a process: requests come through a proxy whose word is not taken,
    so limits count the proxy's address for every reader behind it."""
    logger.warning(
        "Requests carry X-Forwarded-For but TRUST_X_FORWARDED_FOR is off: rate "
        "limits count the proxy's address. Turn it on if a proxy is always in "
        "front; leave it off if clients reach the app servers directly."
    )


def hashed(text: str) -> str:
    """An identity for a counter's key that does not show it: an account's
    name, an e-mail address."""
    return sha256(str(text or "").strip().lower().encode()).hexdigest()[:32]


def _key(action, scope, ident, period) -> str:
    return f"ratelimit:{action}:{scope}:{ident}:{int(time.time() // period)}"


def _add_one(key: str, period: int) -> int:
    """The count after this one; 0 while the cache is down (limits are then
    off, and the failure logged: readers and editors go on)."""
    safecache.call(ALIAS, "add", key, 0, timeout=period + 1)
    try:
        return safecache.call(ALIAS, "incr", key, default=0, passes=ValueError)
    except ValueError:  # expired between add() and incr()
        safecache.call(ALIAS, "set", key, 1, timeout=period + 1)
        return 1


def count(action: str, idents: dict) -> None:
    """Count one `action` for each scope it is limited in ({"ip": …, …})."""
    for scope, (_, period) in settings.WIKI_RATE_LIMITS[action].items():
        if scope in idents:
            _add_one(_key(action, scope, idents[scope], period), period)


def over(action: str, idents: dict) -> bool:
    """Whether any scope of `action` is past its limit, counting nothing."""
    limits = settings.WIKI_RATE_LIMITS[action]
    keys = {
        _key(action, scope, idents[scope], period): limit
        for scope, (limit, period) in limits.items()
        if scope in idents
    }
    found = safecache.call(ALIAS, "get_many", list(keys), default={})
    return any(found.get(key, 0) >= limit for key, limit in keys.items())


def is_limited(request, action: str) -> bool:
    """Count one `action` for the request's user and IP; True if either is over."""
    limits = settings.WIKI_RATE_LIMITS[action]
    idents = {"ip": client_ip(request)}
    if request.user.is_authenticated:
        idents["user"] = str(request.user.pk)
    past = False
    # Each scope the action is limited in (an action may have no per-user
    # limit: signing up, say, which may be tried while logged in).
    for scope, (limit, period) in limits.items():
        if scope in idents:
            key = _key(action, scope, idents[scope], period)
            past |= _add_one(key, period) > limit
    return past
