"""
Fixed-window rate limits kept in Django's cache, so every app server sharing
the cache (Redis in production) shares the counts.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The reader's address; behind a proxy, the one the proxy saw."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _limited(key: str, limit: int, period: int) -> bool:
    window = int(time.time() // period)
    full_key = f"ratelimit:{key}:{window}"
    cache.add(full_key, 0, timeout=period + 1)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=period + 1)
        count = 1
    return count > limit


def is_limited(request, action: str) -> bool:
    """Count one `action` for the request's user and IP; True if either is over."""
    limits = settings.WIKI_RATE_LIMITS[action]
    keys = [("ip", client_ip(request))]
    if request.user.is_authenticated:
        keys.append(("user", str(request.user.pk)))
    over = False
    for scope, ident in keys:
        limit, period = limits[scope] if isinstance(limits, dict) else limits
        over |= _limited(f"{action}:{scope}:{ident}", limit, period)
    return over
