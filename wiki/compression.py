"""
Responses compressed on the wire: Brotli where the client accepts it, else gzip.

Whole pages kept for anonymous readers (wiki/pagecache.py) are compressed once,
when they are rendered, into both encodings (`bodies()`); a hit picks one of
them (`serve()`) and does no compression work. Every other response is
compressed as it leaves (`CompressionMiddleware`), in Django's GZipMiddleware's
place. A response holding something of the reader's own (a CSRF token, a
session) is open to BREACH: it gets gzip only, with Django's random-length
file name in the gzip header ("Heal the Breach"). Brotli has no such header,
and random padding added any other way would be new cryptography of our own,
so personal responses are never sent as Brotli.
"""

import gzip

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

BR = "br"
GZIP = "gzip"
IDENTITY = "identity"

# Below this, compression saves less than the headers it adds.
MIN_LENGTH = 200
# Every edit starts a new content generation, after which each cached page is
# compressed again: on a 57 kB character page, Brotli 5 takes 0.9 ms (8.6 kB)
# where 9 takes 10 ms and 11 takes 70 ms for 2-12 % less; gzip 9 saves
# nothing over 6.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# As GZipMiddleware: up to 100 random bytes in the gzip header.
MAX_RANDOM_BYTES = 100

_TEXT_TYPES = {
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
}


def compressible(response) -> bool:
    """Text worth compressing that nothing has encoded yet. Streaming
    responses (uploaded files, already compressed formats) are left alone."""
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    if len(response.content) < MIN_LENGTH:
        return False
    media_type = response.get("Content-Type", "").partition(";")[0].strip().lower()
    return (
        media_type.startswith("text/")
        or media_type in _TEXT_TYPES
        or media_type.endswith(("+json", "+xml"))
    )


def _qualities(accept_encoding: str) -> dict[str, float]:
    qualities = {}
    for part in accept_encoding.split(","):
        coding, *params = part.split(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0  # a q it cannot read is not a yes
        # RFC 9110 §8.4.1.3: x-gzip is gzip.
        qualities[GZIP if coding == "x-gzip" else coding] = quality
    return qualities


def choose(accept_encoding: str, offered=(BR, GZIP)) -> str:
    """The encoding to send (RFC 9110 §12.5.3): the one the client rates
    highest, `offered` in order of our preference on a tie. Identity is
    acceptable unless refused (`identity;q=0`, or `*;q=0` without it),
    and sent anyway when nothing else is."""
    if not accept_encoding:
        return IDENTITY
    qualities = _qualities(accept_encoding)
    anything = qualities.get("*")
    # Unnamed, identity ranks below any coding the client accepts.
    best, best_quality = (
        IDENTITY,
        qualities.get(IDENTITY, 0.0 if anything == 0 else 0.001),
    )
    for coding in offered:
        quality = qualities.get(coding, anything or 0.0)
        if quality > 0 and quality >= best_quality:
            if best == IDENTITY or quality > best_quality:
                best, best_quality = coding, quality
    return best


def personal(request, response) -> bool:
    """Whether a response may hold a secret of this reader's (a CSRF token,
    anything of their session or account): BREACH could guess it."""
    cookies = request.COOKIES
    meta = request.META
    return bool(
        response.cookies
        or meta.get("CSRF_COOKIE_USED")
        or meta.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "HTTP_AUTHORIZATION" in meta
    )


def compress(content: bytes, encoding: str) -> bytes:
    if encoding == BR:
        return brotli.compress(content, quality=BROTLI_QUALITY)
    # mtime=0: the same page gives the same bytes, as a strong ETag needs.
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def bodies(response) -> dict[str, bytes]:
    """What a cached page keeps of its content: its Brotli and gzip bodies
    when it is worth compressing (a client that takes neither gets the gzip
    body decompressed: rare, and cheap), else the content as it is."""
    content = response.content
    if not compressible(response):
        return {IDENTITY: content}
    found = {encoding: compress(content, encoding) for encoding in (BR, GZIP)}
    if len(found[GZIP]) >= len(content):
        return {IDENTITY: content}
    patch_vary_headers(response, ("Accept-Encoding",))
    return found


def serve(request, response, bodies: dict[str, bytes]):
    """Give `response` (a cached page's headers) the body kept in `bodies`
    that the client accepts, with its own ETag: two encodings are two
    representations, and a conditional request must name the one it holds."""
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    encoding = IDENTITY if IDENTITY in bodies else choose(accepted)
    if encoding != IDENTITY:
        response.content = bodies[encoding]
        response["Content-Encoding"] = encoding
        etag = response.get("ETag")
        if etag and etag.endswith('"'):
            response["ETag"] = f'{etag[:-1]}-{encoding}"'
    elif IDENTITY in bodies:
        response.content = bodies[IDENTITY]
    else:
        response.content = gzip.decompress(bodies[GZIP])
    response["Content-Length"] = str(len(response.content))
    return response


class CompressionMiddleware:
    """Compresses responses that are not cached pages (those come compressed),
    as GZipMiddleware does, with Brotli for those that hold nothing personal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        secret = personal(request, response)
        encoding = choose(
            request.META.get("HTTP_ACCEPT_ENCODING", ""),
            offered=(GZIP,) if secret else (BR, GZIP),
        )
        if encoding == IDENTITY:
            return response
        if secret:
            body = compress_string(response.content, max_random_bytes=MAX_RANDOM_BYTES)
        else:
            body = compress(response.content, encoding)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = encoding
        # As GZipMiddleware: a weak ETag still matches the uncompressed one
        # that ConditionalGetMiddleware, below, compares it with.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response["ETag"] = f"W/{etag}"
        return response
