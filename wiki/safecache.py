"""
Calls to the shared cache (Redis in production) that survive its failure.

The cache is not the database: with Redis down, readers and editors must go
on, slower. Every call the wiki makes to a cache goes through `call()`: an
error is logged and answered with a default (nothing found, nothing stored),
and for a few seconds after it the cache is not asked at all, so that a
cache that hangs costs one timeout, not one a request. The first call that
works again counts as a recovery: wiki/generations.py then brings the
content generation up to date before anything cached is served.
"""

import logging
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)
# Seconds the cache is left alone after a failure, before it is tried again.
RETRY_SECONDS = 5

_down_until = 0.0
_recovering = False


def call(alias: str, operation: str, *args, default=None, passes=(), **kwargs):
    """`caches[alias].<operation>(*args, **kwargs)`, or `default` if the cache
    fails or failed a moment ago. Exceptions in `passes` are the operation's
    own answers (`incr` of a missing key), raised as they are."""
    global _down_until, _recovering
    if time.monotonic() < _down_until:
        return default
    try:
        result = getattr(caches[alias], operation)(*args, **kwargs)
    except passes:
        raise
    # Backends raise their own errors (redis-py's ConnectionError, timeouts…).
    except Exception:
        if not _recovering:
            logger.exception(
                "The cache '%s' failed; serving without it for now.", alias
            )
        _down_until = time.monotonic() + RETRY_SECONDS
        _recovering = True
        return default
    return result


def is_down() -> bool:
    return time.monotonic() < _down_until


def recovered() -> bool:
    """Whether the cache failed since this was last asked, and works now;
    asking clears it."""
    global _recovering
    if _recovering and not is_down():
        _recovering = False
        logger.warning("The cache answers again.")
        return True
    return False


def reset() -> None:
    """Forget any failure (tests)."""
    global _down_until, _recovering
    _down_until, _recovering = 0.0, False
