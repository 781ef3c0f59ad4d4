"""
Uncaught errors, reported: by e-mail to ADMINS (Django's AdminEmailHandler,
with a limit on bursts) and, when SENTRY_DSN is set, to Sentry.
"""

import logging
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.debug import SafeExceptionReporterFilter

from wiki import requestlog


class MailBurstFilter(logging.Filter):
    """Lets one e-mail through per kind of error every
    `WIKI_ERROR_MAIL_SECONDS` (per process): the mail is sent from the failing
    request itself, and an outage that fails every request (the database down
    answers each with a 503) would otherwise send a mail a request. Each
    occurrence is still logged, with its request id."""

    def __init__(self):
        super().__init__()
        self.sent_at: dict[tuple, float] = {}

    def filter(self, record):
        now = time.monotonic()
        kind = self._kind(record)
        last = self.sent_at.get(kind)
        if last is not None and now - last < settings.WIKI_ERROR_MAIL_SECONDS:
            return False
        self.sent_at[kind] = now
        return True

    @staticmethod
    def _kind(record) -> tuple:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            # Where it was raised: the last frame of its traceback.
            tb = error.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb else ()
            return (type(error).__qualname__, *where)
        return (record.name, record.msg, getattr(record, "status_code", None))


class ReportFilter(SafeExceptionReporterFilter):
    """Django's filter of error reports, hiding also every cookie's value
    (Django's hides those named like secrets, which "sessionid" is not) and
    the CSRF secret that CsrfViewMiddleware copies into META["CSRF_COOKIE"]."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|COOKIE|CSRF|SESSION", flags=re.I
    )

    def get_safe_cookies(self, request):
        cookies = getattr(request, "COOKIES", {})
        return dict.fromkeys(cookies, self.cleansed_substitute)


def _scrub(value, secrets):
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, requestlog.REDACTED)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    return value


def _before_send(event, hint):
    """Tags the event with its request id, and takes the secrets of its
    address (a feed's token…) out of all of it: URL, frames' variables."""
    event.setdefault("tags", {})["request_id"] = requestlog.request_id.get() or "-"
    url = (event.get("request") or {}).get("url")
    if url:
        match = requestlog.match_of(urlsplit(url).path)
        # Too short to be a real secret, and would blot out too much.
        secrets = {s for s in requestlog.secrets_in(match) if len(s) >= 8}
        if secrets:
            event = _scrub(event, secrets)
    return event


def init_sentry(
    *,
    dsn: str,
    release: str,
    environment: str,
    traces_sample_rate: float,
    transport=None,
) -> None:
    """Starts reporting to Sentry when a DSN is given. A DSN without the SDK
    installed stops start-up: errors would otherwise go unreported unseen."""
    if not dsn:
        return
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: "
            "pip install --group sentry, or unset SENTRY_DSN."
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
        # sentry-sdk 3's send_default_pii=False: no user, IP address, cookies
        # or request bodies (edits, passwords) leave the site, nor variables
        # named like secrets (token, password, session, key…).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "stack_frame_variables": {"mode": "denylist"},
        },
        before_send=_before_send,
        transport=transport,
    )
