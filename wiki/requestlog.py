"""
One log line a request, and the request id that ties it to every other line,
error report and Sentry event made while the request was handled.

The line is key=value (logfmt): `grep request_id=…` finds everything about a
request, and log tools (Loki, Grafana, Humio…) parse it with no configuration.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import Http404
from django.urls import resolve

logger = logging.getLogger("wiki.requests")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# What a proxy's id may look like: enough to be unique, nothing that could
# break a log line or a header.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,128}", re.ASCII)
# Address parts that are secrets of their own (a private feed, a password
# reset, an e-mail confirmation): logged as this instead.
SECRET_URL_KWARGS = frozenset({"token"})
REDACTED = "[redacted]"


def incoming_id(request) -> str:
    """The proxy's X-Request-ID when the proxy is trusted to set it and it
    looks sane, else a new one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.TRUST_X_REQUEST_ID and _SANE_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def match_of(path_info: str):
    """The URL pattern a path resolves to, or None."""
    try:
        return resolve(path_info)
    except Http404:
        return None


def secrets_in(match) -> set[str]:
    """The parts of a resolved address that are secrets."""
    if match is None:
        return set()
    return {
        str(value) for name, value in match.kwargs.items() if name in SECRET_URL_KWARGS
    }


def loggable_path(path: str, match) -> str:
    """The path without the secrets its URL pattern names (no query string:
    any parameter may be a token)."""
    secrets = secrets_in(match)
    if not secrets:
        return path
    return "/".join(REDACTED if part in secrets else part for part in path.split("/"))


def _value(text: str) -> str:
    # Quoted (and escaped, so that no path can forge a line) when needed.
    if text and re.fullmatch(r"[^\s\"=\\]+", text) and text.isprintable():
        return text
    return json.dumps(text)


@receiver(request_finished)
def _request_finished(**kwargs):
    request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request it was made in ("-" outside
    any request), for the formatters to show."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or "-"
        return True


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that pages the page cache answers are logged
    too, and every response carries its id back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = incoming_id(request)
        # Unset once the response is closed (below), not on the way out of
        # here: Django logs failed responses after the last middleware.
        request_id.set(request.id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
        except BaseException:
            self._log(request, None, time.perf_counter() - start)
            request_id.set(None)
            raise
        response["X-Request-ID"] = request.id
        self._log(request, response, time.perf_counter() - start)
        return response

    def _log(self, request, response, seconds):
        # Requests answered before their address was resolved (a cached page,
        # an HTTPS redirect) are resolved here.
        match = getattr(request, "resolver_match", None) or match_of(request.path_info)
        path = loggable_path(request.path, match)
        # No response: an exception went through every handler.
        status = response.status_code if response is not None else 500
        fields = {
            "method": request.method,
            "path": path,
            "status": status,
            "ms": f"{seconds * 1000:.1f}",
            "cache": response.get("X-Page-Cache", "-") if response is not None else "-",
        }
        logger.info(
            " ".join(f"{key}={_value(str(value))}" for key, value in fields.items()),
            extra={"request_id": request.id, "status_code": status},
        )
